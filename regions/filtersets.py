from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet

from .choices import DepartmentLevel, RegionKind
from .models import Department, Region


class RegionFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=RegionKind.choices)

    class Meta:
        model = Region
        fields = ["q", "kind"]

    def search(self, queryset: QuerySet[Region], name: str, value: str) -> QuerySet[Region]:
        return queryset.filter(Q(name__icontains=value) | Q(code__istartswith=value)) if value else queryset


class DepartmentFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), field_name="name", lookup_expr="icontains")
    level = django_filters.ChoiceFilter(label=_("层级"), choices=DepartmentLevel.choices)
    region = django_filters.ModelChoiceFilter(label=_("所属地区"), queryset=Region.objects.all())

    class Meta:
        model = Department
        fields = ["q", "level", "region"]
