from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import RowLinkColumn

from .models import TierEntry, Title


class TitleTable(tables.Table):
    name = tables.Column(linkify=True)
    levels = tables.Column(accessor="level_labels", orderable=False)

    class Meta:
        model = Title
        fields = ("ladder", "name", "code", "levels", "validity_years", "active")


class TierEntryTable(tables.Table):
    enterprise = RowLinkColumn(accessor="enterprise__name")
    valid_until = tables.Column(verbose_name=_("认定有效至"), accessor="valid_until", orderable=False)

    class Meta:
        model = TierEntry
        fields = ("year", "title", "enterprise", "status", "level", "recognised_on", "valid_until", "document_no")
