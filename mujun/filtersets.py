"""One FilterSet per model, shared by the HTML list and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet
from enterprises.models import Industry
from regions.selectors import region_choices

from . import models
from .choices import Group, Klass


def _industries(request: Any) -> Any:
    return Industry.objects.filter(level="division")


class RuleSetFilterSet(FilterSet):
    class Meta:
        model = models.RuleSet
        fields = ["year", "group", "status"]


class RuleIndicatorFilterSet(FilterSet):
    class Meta:
        model = models.RuleIndicator
        fields = ["rule_set", "code"]


class IndustryOverrideFilterSet(FilterSet):
    class Meta:
        model = models.IndustryOverride
        fields = ["rule_set"]


class RuleItemFilterSet(FilterSet):
    class Meta:
        model = models.RuleItem
        fields = ["rule_set", "kind"]


class PriceRuleFilterSet(FilterSet):
    class Meta:
        model = models.PriceRule
        fields = ["year", "klass", "resource"]


class ListEntryFilterSet(FilterSet):
    region = django_filters.ModelChoiceFilter(label=_("属地"), field_name="enterprise__region", queryset=region_choices)

    class Meta:
        model = models.ListEntry
        fields = ["year", "kind", "region"]


class EnterpriseYearDataFilterSet(FilterSet):
    region = django_filters.ModelChoiceFilter(label=_("属地"), field_name="enterprise__region", queryset=region_choices)
    q = django_filters.CharFilter(label=_("企业名称"), field_name="enterprise__name", lookup_expr="icontains")

    class Meta:
        model = models.EnterpriseYearData
        fields = ["year", "size_class", "region", "q"]


class EvaluationRunFilterSet(FilterSet):
    class Meta:
        model = models.EvaluationRun
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
        model = models.EvaluationResult
        fields = ["run", "region", "industry", "group", "final_class", "q"]


class AdjustmentFilterSet(FilterSet):
    class Meta:
        model = models.Adjustment
        fields = ["result__run"]


class ObjectionFilterSet(FilterSet):
    class Meta:
        model = models.Objection
        fields = ["status", "result__run"]


class RectificationFilterSet(FilterSet):
    region = django_filters.ModelChoiceFilter(label=_("属地"), field_name="enterprise__region", queryset=region_choices)

    class Meta:
        model = models.Rectification
        fields = ["year", "status", "path", "region"]


class RectificationMilestoneFilterSet(FilterSet):
    rectification = django_filters.NumberFilter(label=_("整治"), field_name="rectification_id")

    class Meta:
        model = models.RectificationMilestone
        fields = ["rectification"]


class RectificationProgressFilterSet(FilterSet):
    rectification = django_filters.NumberFilter(label=_("整治"), field_name="rectification_id")

    class Meta:
        model = models.RectificationProgress
        fields = ["rectification"]
