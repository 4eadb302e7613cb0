from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import WarningThreshold


class WarningThresholdTable(tables.Table):
    plan = tables.Column(accessor="plan__title", verbose_name=WarningThreshold._meta.get_field("plan").verbose_name)
    indicator = tables.Column(
        accessor="indicator__name",
        verbose_name=WarningThreshold._meta.get_field("indicator").verbose_name,
        default=_("全部指标"),
    )
    detail = tables.LinkColumn(
        "monitoring:warningthreshold_detail", args=[tables.A("pk")], text=_("查看"), orderable=False, verbose_name=""
    )

    class Meta:
        model = WarningThreshold
        fields = ("plan", "indicator", "yellow_pp", "red_pp", "red_on_negative_growth", "notes", "detail")
