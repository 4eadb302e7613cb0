"""One FilterSet per model, shared by the HTML list and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet
from regions.models import Department
from regions.selectors import region_choices
from targets.filtersets import _plans

from .choices import QUARTERS, DutyRole, ProgressStatus
from .models import AssessmentResult, Duty, DutyProgress, ScoreAdjustment, ScoringRule, ScoringScheme


def _schemes(request: Any) -> QuerySet[ScoringScheme]:
    user = getattr(request, "user", None)
    return ScoringScheme.objects.visible_to(user) if user is not None else ScoringScheme.objects.none()


def _departments(request: Any) -> QuerySet[Department]:
    user = getattr(request, "user", None)
    return Department.objects.visible_to(user) if user is not None else Department.objects.none()  # type: ignore[attr-defined]


class ScoringSchemeFilterSet(FilterSet):
    plan = django_filters.ModelChoiceFilter(label=_("计划"), queryset=_plans)
    year = django_filters.NumberFilter(label=_("考核年度"))

    class Meta:
        model = ScoringScheme
        fields = ["plan", "year"]


class ScoringRuleFilterSet(FilterSet):
    scheme = django_filters.ModelChoiceFilter(label=_("考核方案"), queryset=_schemes)

    class Meta:
        model = ScoringRule
        fields = ["scheme"]


class ScoreAdjustmentFilterSet(FilterSet):
    scheme = django_filters.ModelChoiceFilter(label=_("考核方案"), queryset=_schemes)
    region = django_filters.ModelChoiceFilter(label=_("单位"), queryset=region_choices)

    class Meta:
        model = ScoreAdjustment
        fields = ["scheme", "region"]


class AssessmentResultFilterSet(FilterSet):
    scheme = django_filters.ModelChoiceFilter(label=_("考核方案"), queryset=_schemes)
    year = django_filters.NumberFilter(label=_("考核年度"), field_name="scheme__year")
    region = django_filters.ModelChoiceFilter(label=_("单位"), queryset=region_choices)

    class Meta:
        model = AssessmentResult
        fields = ["scheme", "year", "region"]


class DutyFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), field_name="text", lookup_expr="icontains")
    plan = django_filters.ModelChoiceFilter(label=_("计划"), queryset=_plans)
    department = django_filters.ModelChoiceFilter(label=_("责任部门"), queryset=_departments)
    role = django_filters.ChoiceFilter(label=_("责任类型"), choices=DutyRole.choices)

    class Meta:
        model = Duty
        fields = ["q", "plan", "department", "role"]


class DutyProgressFilterSet(FilterSet):
    plan = django_filters.ModelChoiceFilter(label=_("计划"), field_name="duty__plan", queryset=_plans)
    department = django_filters.ModelChoiceFilter(
        label=_("责任部门"), field_name="duty__department", queryset=_departments
    )
    year = django_filters.NumberFilter(label=_("年度"))
    quarter = django_filters.ChoiceFilter(label=_("季度"), choices=QUARTERS)
    status = django_filters.ChoiceFilter(label=_("推进状态"), choices=ProgressStatus.choices)

    class Meta:
        model = DutyProgress
        fields = ["plan", "department", "year", "quarter", "status"]
