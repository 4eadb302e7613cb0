"""One FilterSet per model of the chains, shared by the HTML lists and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core import clock
from core.filters import FilterSet, YesNoFilter
from regions.selectors import region_choices

from .choices import ChainRole, Position, RiskKind, RiskLevel, RiskStatus, SupplierRegion
from .models import Chain, ChainEnterprise, ChainRisk, Segment, SupplyDemandEvent


def _chains(request: Any) -> QuerySet[Chain]:
    return Chain.objects.all()  # type: ignore[attr-defined, no-any-return]


class ChainFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")

    class Meta:
        model = Chain
        fields = ["q"]

    def filter_q(self, qs: QuerySet[Chain], name: str, value: str) -> QuerySet[Chain]:
        return qs.filter(Q(name__icontains=value) | Q(city_leader__icontains=value) | Q(key_products__icontains=value))


class SegmentFilterSet(FilterSet):
    chain = django_filters.ModelChoiceFilter(label=_("产业链"), queryset=_chains)
    position = django_filters.ChoiceFilter(label=_("位置"), choices=Position.choices)
    q = django_filters.CharFilter(label=_("搜索"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = Segment
        fields = ["chain", "position", "q"]


class ChainEnterpriseFilterSet(FilterSet):
    chain = django_filters.ModelChoiceFilter(label=_("产业链"), queryset=_chains)
    segment = django_filters.NumberFilter(label=_("环节"), method="filter_segment")
    role = django_filters.ChoiceFilter(label=_("角色"), choices=ChainRole.choices)
    unit = django_filters.ModelChoiceFilter(label=_("所属单位"), queryset=region_choices, method="filter_unit")
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")

    class Meta:
        model = ChainEnterprise
        fields = ["chain", "segment", "role", "unit", "q"]

    def filter_segment(self, qs: QuerySet[ChainEnterprise], name: str, value: Any) -> QuerySet[ChainEnterprise]:
        """The segment and its sub-segments."""
        segment = Segment.objects.filter(pk=value).first()
        return qs.filter(segment__path__startswith=segment.path) if segment else qs.none()

    def filter_unit(self, qs: QuerySet[ChainEnterprise], name: str, value: Any) -> QuerySet[ChainEnterprise]:
        return qs.filter(enterprise__region__path__startswith=value.path)

    def filter_q(self, qs: QuerySet[ChainEnterprise], name: str, value: str) -> QuerySet[ChainEnterprise]:
        return qs.filter(
            Q(enterprise__name__icontains=value) | Q(enterprise__uscc=value.upper()) | Q(products__icontains=value)
        )


class ChainRiskFilterSet(FilterSet):
    chain = django_filters.ModelChoiceFilter(label=_("产业链"), queryset=_chains)
    level = django_filters.ChoiceFilter(label=_("风险等级"), choices=RiskLevel.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=RiskStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=RiskKind.choices)
    supplier_region = django_filters.ChoiceFilter(label=_("供应来源"), choices=SupplierRegion.choices)
    single_source = YesNoFilter(label=_("单一来源"))
    overdue = YesNoFilter(label=_("复核逾期"), method="filter_overdue")
    unit = django_filters.ModelChoiceFilter(label=_("所属单位"), queryset=region_choices, method="filter_unit")
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")

    class Meta:
        model = ChainRisk
        fields = ["chain", "level", "status", "kind", "supplier_region", "single_source", "overdue", "unit", "q"]

    def filter_overdue(self, qs: QuerySet[ChainRisk], name: str, value: bool) -> QuerySet[ChainRisk]:
        today: dt.date = clock.today()
        overdue = Q(status=RiskStatus.OPEN, next_review__lt=today)
        return qs.filter(overdue) if value else qs.exclude(overdue)

    def filter_unit(self, qs: QuerySet[ChainRisk], name: str, value: Any) -> QuerySet[ChainRisk]:
        return qs.filter(region__path__startswith=value.path)

    def filter_q(self, qs: QuerySet[ChainRisk], name: str, value: str) -> QuerySet[ChainRisk]:
        return qs.filter(Q(item__icontains=value) | Q(supplier_country__icontains=value) | Q(owner__icontains=value))


class SupplyDemandEventFilterSet(FilterSet):
    chain = django_filters.ModelChoiceFilter(label=_("产业链"), queryset=_chains)
    year = django_filters.NumberFilter(label=_("年度"), field_name="held_on", lookup_expr="year")
    unit = django_filters.ModelChoiceFilter(label=_("主办单位"), queryset=region_choices, method="filter_unit")

    class Meta:
        model = SupplyDemandEvent
        fields = ["chain", "year", "unit"]

    def filter_unit(self, qs: QuerySet[SupplyDemandEvent], name: str, value: Any) -> QuerySet[SupplyDemandEvent]:
        return qs.filter(region__path__startswith=value.path)
