from __future__ import annotations

import django_tables2 as tables

from .models import Notification


class NotificationTable(tables.Table):
    title = tables.Column(linkify=True)

    class Meta:
        model = Notification
        fields = ("created_at", "title", "kind", "read_at")
        row_attrs = {"class": lambda record: "" if record.read_at else "fw-bold"}
