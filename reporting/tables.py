from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import MonthlyReport


class MonthlyReportTable(tables.Table):
    region = tables.Column(
        accessor="region__name",
        verbose_name=MonthlyReport._meta.get_field("region").verbose_name,
        order_by="region__path",
    )
    period = tables.Column(verbose_name=_("报告期"), accessor="period_label", order_by=("year", "month"), linkify=True)
    late = tables.Column(verbose_name=_("迟报"), accessor="is_late", orderable=False)

    class Meta:
        model = MonthlyReport
        fields = ("region", "period", "status", "deadline", "submitted_at", "late", "revision")
        order_by = ("-year", "-month")

    def render_late(self, value: Any) -> str:
        return str(_("迟报")) if value else ""
