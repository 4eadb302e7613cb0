"""One FilterSet per model, shared by the HTML list and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet
from enterprises.models import Industry
from regions.selectors import region_choices

from .choices import Group, Klass
from .models import (
    Adjustment,
    EnterpriseYearData,
    EvaluationResult,
    EvaluationRun,
    IndustryOverride,
    ListEntry,
    Objection,
    PriceRule,
    Rectification,
    RectificationMilestone,
    RectificationProgress,
    RuleIndicator,
    RuleItem,
    RuleSet,
)


def _industries(request: Any) -> Any:
    return Industry.objects.filter(level="division")


class RuleSetFilterSet(FilterSet):
    class Meta:
        model = RuleSet
        fields = ["year", "group", "status"]


class RuleIndicatorFilterSet(FilterSet):
    class Meta:
        model = RuleIndicator
        fields = ["rule_set", "code"]


class IndustryOverrideFilterSet(FilterSet):
    class Meta:
        model = IndustryOverride
        fields = ["rule_set"]


class RuleItemFilterSet(FilterSet):
    class Meta:
        model = RuleItem
        fields = ["rule_set", "kind"]


class PriceRuleFilterSet(FilterSet):
    class Meta:
        model = PriceRule
        fields = ["year", "klass", "resource"]


class ListEntryFilterSet(FilterSet):
    region = django_filters.ModelChoiceFilter(label=_("属地"), field_name="enterprise__region", queryset=region_choices)

    class Meta:
        model = ListEntry
        fields = ["year", "kind", "region"]


class EnterpriseYearDataFilterSet(FilterSet):
    region = django_filters.ModelChoiceFilter(label=_("属地"), field_name="enterprise__region", queryset=region_choices)
    q = django_filters.CharFilter(label=_("企业名称"), field_name="enterprise__name", lookup_expr="icontains")

    class Meta:
        model = EnterpriseYearData
        fields = ["year", "size_class", "region", "q"]


class EvaluationRunFilterSet(FilterSet):
    class Meta:
        model = EvaluationRun
        fields = ["year", "status"]


class EvaluationResultFilterSet(FilterSet):
    # the unit the run stored (the scope's column): no join to the enterprises
    region = django_filters.ModelChoiceFilter(label=_("属地"), field_name="region", queryset=region_choices)
    industry = django_filters.ModelChoiceFilter(
        label=_("行业"), field_name="enterprise__industry", queryset=_industries
    )
    group = django_filters.ChoiceFilter(label=_("评价组别"), choices=Group.choices)
    final_class = django_filters.ChoiceFilter(label=_("最终类别"), choices=Klass.choices)
    q = django_filters.CharFilter(label=_("企业名称"), field_name="enterprise__name", lookup_expr="icontains")

    class Meta:
        model = EvaluationResult
        fields = ["run", "region", "industry", "group", "final_class", "q"]


class AdjustmentFilterSet(FilterSet):
    class Meta:
        model = Adjustment
        fields = ["result__run"]


class ObjectionFilterSet(FilterSet):
    class Meta:
        model = Objection
        fields = ["status", "result__run"]


class RectificationFilterSet(FilterSet):
    region = django_filters.ModelChoiceFilter(label=_("属地"), field_name="enterprise__region", queryset=region_choices)

    class Meta:
        model = Rectification
        fields = ["year", "status", "path", "region"]


class RectificationMilestoneFilterSet(FilterSet):
    rectification = django_filters.NumberFilter(label=_("整治"), field_name="rectification_id")

    class Meta:
        model = RectificationMilestone
        fields = ["rectification"]


class RectificationProgressFilterSet(FilterSet):
    rectification = django_filters.NumberFilter(label=_("整治"), field_name="rectification_id")

    class Meta:
        model = RectificationProgress
        fields = ["rectification"]
