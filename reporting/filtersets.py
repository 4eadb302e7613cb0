"""One FilterSet per model, shared by the HTML list and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet
from core.i18n import lazy_percent
from regions.choices import COUNTY_LEVEL
from regions.models import Region

from .choices import ReportStatus
from .models import MonthlyReport, ReportValue
from .periods import REPORT_MONTHS


def _units(request: object) -> QuerySet[Region]:
    return Region.objects.in_scope_of(getattr(request, "user", None)).filter(kind__in=COUNTY_LEVEL)


MONTH_CHOICES = [(m, lazy_percent("1—%d月", m)) for m in REPORT_MONTHS]


class MonthlyReportFilterSet(FilterSet):
    region = django_filters.ModelChoiceFilter(label=_("单位"), queryset=_units)
    year = django_filters.NumberFilter(label=_("年度"))
    month = django_filters.ChoiceFilter(label=_("月份"), choices=MONTH_CHOICES)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ReportStatus.choices)

    class Meta:
        model = MonthlyReport
        fields = ["region", "year", "month", "status"]


class ReportValueFilterSet(FilterSet):
    report = django_filters.NumberFilter(label=_("月报"), field_name="report_id")
    indicator = django_filters.NumberFilter(label=_("指标"), field_name="indicator_id")
    series = django_filters.CharFilter(label=_("指标序列"), field_name="indicator__series")
    region = django_filters.CharFilter(label=_("单位代码"), field_name="report__region__code")
    year = django_filters.NumberFilter(label=_("年度"), field_name="report__year")
    month = django_filters.NumberFilter(label=_("月份"), field_name="report__month")

    class Meta:
        model = ReportValue
        fields = ["report", "indicator", "series", "region", "year", "month"]
