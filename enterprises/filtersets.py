"""One FilterSet per model, shared by the HTML list and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, YesNoFilter
from regions.models import Region
from regions.selectors import region_choices

from .choices import SizeClass
from .models import Enterprise, Industry, Tag


class EnterpriseFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    region = django_filters.ModelChoiceFilter(label=_("属地"), queryset=region_choices, method="in_region")
    industry = django_filters.ModelChoiceFilter(label=_("行业"), queryset=Industry.objects.all())
    size_class = django_filters.ChoiceFilter(label=_("规模"), choices=SizeClass.choices)
    listed = YesNoFilter(label=_("上市企业"))
    tag = django_filters.ModelChoiceFilter(label=_("标签"), field_name="tags", queryset=Tag.objects.all())
    land_min = django_filters.NumberFilter(label=_("用地≥（亩）"), field_name="land_mu", lookup_expr="gte")

    class Meta:
        model = Enterprise
        fields = ["q", "region", "industry", "size_class", "listed", "tag"]

    def search(self, queryset: QuerySet[Enterprise], name: str, value: str) -> QuerySet[Enterprise]:
        value = value.strip()
        if not value:
            return queryset
        if len(value) == 18 and value.isalnum():
            return queryset.filter(uscc=value.upper())
        return queryset.filter(Q(name__icontains=value) | Q(uscc__istartswith=value))

    def in_region(self, queryset: QuerySet[Enterprise], name: str, value: Region | None) -> QuerySet[Enterprise]:
        """A region filter includes its sub-units (a county and its towns).

        The subtree's ids are fetched first and passed as a list: with a subquery PostgreSQL
        joins the region table and sorts every matching enterprise before taking a page
        (25 ms for 海宁's 4,000 规上 of 100,000); with the ids it walks the (size_class, name)
        or (region, name) index and stops after the page (0.6 ms). See docs/benchmarks.md.
        """
        if value is None:
            return queryset
        return queryset.filter(region__in=value.subtree_ids())


class IndustryFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")

    class Meta:
        model = Industry
        fields = ["q", "level"]

    def search(self, queryset: QuerySet[Industry], name: str, value: str) -> QuerySet[Industry]:
        return queryset.filter(Q(code__istartswith=value) | Q(name__icontains=value)) if value else queryset


class TagFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = Tag
        fields = ["q"]
