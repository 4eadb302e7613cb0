"""One FilterSet per model, shared by the HTML list and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet

from . import models

_NAME = _("企业名称")


class ServiceCompanyFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("公司名称"))

    class Meta:
        model = models.ServiceCompany
        fields = ["q", "level", "active"]


class RankingRuleFilterSet(FilterSet):
    class Meta:
        model = models.RankingRule
        fields = ["year"]


class DiagnosisFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="enterprise__name", lookup_expr="icontains", label=_NAME)
    year = django_filters.NumberFilter(field_name="diagnosed_on", lookup_expr="year", label=_("年度"))

    class Meta:
        model = models.Diagnosis
        fields = ["q", "year", "company", "kind", "pilot", "outcome"]


class RecommendationFilterSet(FilterSet):
    class Meta:
        model = models.Recommendation
        fields = ["diagnosis"]


class DemonstrationFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="enterprise__name", lookup_expr="icontains", label=_NAME)

    class Meta:
        model = models.Demonstration
        fields = ["q", "year", "kind", "stage", "level", "company"]


class SubsidyRuleFilterSet(FilterSet):
    class Meta:
        model = models.SubsidyRule
        fields = ["year", "superseded"]


class SubsidyAwardFilterSet(FilterSet):
    class Meta:
        model = models.SubsidyAward
        fields = ["year", "kind", "status", "rule"]


class EquipmentFigureFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="enterprise__name", lookup_expr="icontains", label=_NAME)

    class Meta:
        model = models.EquipmentFigure
        fields = ["q", "year"]
