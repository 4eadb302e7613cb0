"""One FilterSet per model of investment promotion, shared by the HTML lists and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from chains.models import Chain
from core.filters import FilterSet, YesNoFilter
from regions.selectors import region_choices

from . import calculations as calc
from .choices import InvestorKind, LeadStage, PlatformKind, SizeTier, VisitKind
from .models import ExchangeRate, Lead, LeadVisit, Platform, ProjectPlatform, SigningTarget

BAND_CHOICES = [(code, _(label)) for code, label, _low, _high in calc.BANDS]


def _chains(request: Any) -> QuerySet[Chain]:
    return Chain.objects.all()  # type: ignore[attr-defined, no-any-return]


def _platforms(request: Any) -> QuerySet[Platform]:
    return Platform.objects.visible_to(getattr(request, "user", None))  # type: ignore[attr-defined, no-any-return]


class LeadFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")
    unit = django_filters.ModelChoiceFilter(label=_("所属单位"), queryset=region_choices, method="filter_unit")
    stage = django_filters.ChoiceFilter(label=_("阶段"), choices=LeadStage.choices)
    chain = django_filters.ModelChoiceFilter(label=_("产业链"), queryset=_chains)
    platform = django_filters.ModelChoiceFilter(label=_("落地平台"), queryset=_platforms)
    investor_kind = django_filters.ChoiceFilter(label=_("内外资"), choices=InvestorKind.choices)
    fortune500 = YesNoFilter(label=_("世界500强"))
    band = django_filters.ChoiceFilter(label=_("规模"), choices=BAND_CHOICES, method="filter_band")
    signed_year = django_filters.NumberFilter(label=_("签约年度"), field_name="signed_on", lookup_expr="year")

    class Meta:
        model = Lead
        fields = ["q", "unit", "stage", "chain", "platform", "investor_kind", "fortune500", "band", "signed_year"]

    def filter_q(self, qs: QuerySet[Lead], name: str, value: str) -> QuerySet[Lead]:
        return qs.filter(Q(name__icontains=value) | Q(investor__icontains=value) | Q(leader__icontains=value))

    def filter_unit(self, qs: QuerySet[Lead], name: str, value: Any) -> QuerySet[Lead]:
        return qs.filter(region__path__startswith=value.path)

    def filter_band(self, qs: QuerySet[Lead], name: str, value: str) -> QuerySet[Lead]:
        for code, _label, low, high in calc.BANDS:
            if code == value:
                if low is not None:
                    qs = qs.filter(amount__gte=low)
                if high is not None:
                    qs = qs.filter(amount__lt=high)
        return qs


class LeadVisitFilterSet(FilterSet):
    lead = django_filters.NumberFilter(label=_("招商项目"), field_name="lead_id")
    kind = django_filters.ChoiceFilter(label=_("方式"), choices=VisitKind.choices)
    year = django_filters.NumberFilter(label=_("年度"), field_name="date", lookup_expr="year")

    class Meta:
        model = LeadVisit
        fields = ["lead", "kind", "year"]


class PlatformFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=PlatformKind.choices)
    unit = django_filters.ModelChoiceFilter(label=_("所属单位"), queryset=region_choices, method="filter_unit")
    q = django_filters.CharFilter(label=_("搜索"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = Platform
        fields = ["kind", "unit", "q"]

    def filter_unit(self, qs: QuerySet[Platform], name: str, value: Any) -> QuerySet[Platform]:
        return qs.filter(region__path__startswith=value.path)


class ExchangeRateFilterSet(FilterSet):
    year = django_filters.NumberFilter(label=_("年度"), field_name="date", lookup_expr="year")

    class Meta:
        model = ExchangeRate
        fields = ["year"]


class SigningTargetFilterSet(FilterSet):
    year = django_filters.NumberFilter(label=_("年度"))
    tier = django_filters.ChoiceFilter(label=_("规模"), choices=SizeTier.choices)

    class Meta:
        model = SigningTarget
        fields = ["year", "tier"]


class ProjectPlatformFilterSet(FilterSet):
    platform = django_filters.ModelChoiceFilter(label=_("平台"), queryset=_platforms)

    class Meta:
        model = ProjectPlatform
        fields = ["platform"]
