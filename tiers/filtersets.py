"""One FilterSet per model, shared by the HTML list and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet

from .models import TierEntry, Title


class TitleFilterSet(FilterSet):
    class Meta:
        model = Title
        fields = ["active"]


class TierEntryFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="enterprise__name", lookup_expr="icontains", label=_("企业名称"))

    class Meta:
        model = TierEntry
        fields = ["q", "title", "year", "status", "level"]
