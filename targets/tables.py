from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Indicator, Plan, Target


class PlanTable(tables.Table):
    title = tables.Column(linkify=True)
    years = tables.Column(verbose_name=_("年度"), accessor="years_label", order_by=("year_start", "year_end"))
    scope_region = tables.Column(
        accessor="scope_region__name", verbose_name=Plan._meta.get_field("scope_region").verbose_name
    )

    class Meta:
        model = Plan
        fields = ("title", "document_number", "issuer", "issued_on", "years", "scope_region")
        order_by = ("-year_start",)


class IndicatorTable(tables.Table):
    name = tables.Column(linkify=True)
    plan = tables.Column(accessor="plan__title", verbose_name=Indicator._meta.get_field("plan").verbose_name)

    class Meta:
        model = Indicator
        fields = ("name", "unit", "kind", "direction", "plan", "order")


class TargetTable(tables.Table):
    indicator = tables.Column(
        accessor="indicator__name", verbose_name=Target._meta.get_field("indicator").verbose_name, linkify=False
    )
    region = tables.Column(accessor="region__name", verbose_name=Target._meta.get_field("region").verbose_name)
    period = tables.Column(verbose_name=_("期间"), accessor="period_label", order_by=("year_start", "year_end"))
    display = tables.Column(verbose_name=_("目标"), accessor="display", orderable=False, linkify=True)
    unit = tables.Column(verbose_name=_("计量单位"), accessor="indicator__unit")
    plan = tables.Column(verbose_name=_("计划"), accessor="indicator__plan__title")

    class Meta:
        model = Target
        fields = ("indicator", "region", "period", "display", "unit", "status", "plan")
