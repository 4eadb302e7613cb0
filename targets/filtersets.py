"""One FilterSet per model, shared by the HTML list and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet
from regions.models import Region
from regions.selectors import region_choices

from .choices import IndicatorKind, PeriodKind, TargetStatus
from .models import Indicator, Plan, Target


def _plans(request: object) -> QuerySet[Plan]:
    user = getattr(request, "user", None)
    return Plan.objects.visible_to(user) if user is not None else Plan.objects.none()


class PlanFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    year = django_filters.NumberFilter(label=_("年度"), method="in_year")

    class Meta:
        model = Plan
        fields = ["q", "year"]

    def search(self, queryset: QuerySet[Plan], name: str, value: str) -> QuerySet[Plan]:
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(document_number__icontains=value)) if value else queryset

    def in_year(self, queryset: QuerySet[Plan], name: str, value: int | None) -> QuerySet[Plan]:
        """A plan covers a year when the year lies within its years (a 2019–2021 plan is a 2020 plan too)."""
        if value is None:
            return queryset
        return queryset.filter(year_start__lte=value, year_end__gte=value)


class IndicatorFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), field_name="name", lookup_expr="icontains")
    plan = django_filters.ModelChoiceFilter(label=_("计划"), queryset=_plans)
    kind = django_filters.ChoiceFilter(label=_("指标类型"), choices=IndicatorKind.choices)

    class Meta:
        model = Indicator
        fields = ["q", "plan", "kind"]


class TargetFilterSet(FilterSet):
    plan = django_filters.ModelChoiceFilter(label=_("计划"), field_name="indicator__plan", queryset=_plans)
    indicator = django_filters.CharFilter(label=_("指标"), field_name="indicator__name", lookup_expr="icontains")
    region = django_filters.ModelChoiceFilter(label=_("单位"), queryset=region_choices, method="in_region")
    year = django_filters.NumberFilter(label=_("年度"), method="in_year")
    period_kind = django_filters.ChoiceFilter(label=_("期间类型"), choices=PeriodKind.choices)
    status = django_filters.ChoiceFilter(label=_("目标类型"), choices=TargetStatus.choices)

    class Meta:
        model = Target
        fields = ["plan", "indicator", "region", "year", "period_kind", "status"]

    def in_region(self, queryset: QuerySet[Target], name: str, value: Region | None) -> QuerySet[Target]:
        """A region filter includes its sub-units."""
        if value is None:
            return queryset
        return queryset.filter(region__path__startswith=value.path)

    def in_year(self, queryset: QuerySet[Target], name: str, value: int | None) -> QuerySet[Target]:
        if value is None:
            return queryset
        return queryset.filter(year_start__lte=value, year_end__gte=value)
