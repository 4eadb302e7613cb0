"""One FilterSet per model, shared by the HTML list and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core import clock
from core.filters import FilterSet, YesNoFilter

from .models import TierEntry, Title
from .selectors import ending_q


class TitleFilterSet(FilterSet):
    class Meta:
        model = Title
        fields = ["active"]


class TierEntryFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="enterprise__name", lookup_expr="icontains", label=_("企业名称"))
    expiring = YesNoFilter(label=_("即将到期（今明两年）"), method="filter_expiring")
    valid_until = django_filters.NumberFilter(label=_("认定有效至（年）"), method="filter_valid_until")

    class Meta:
        model = TierEntry
        fields = ["q", "title", "year", "status", "level", "expiring", "valid_until"]

    def filter_expiring(self, queryset: QuerySet[TierEntry], name: str, value: bool | None) -> QuerySet[TierEntry]:
        """Recognitions whose validity ends this year or next (units prepare the re-recognition)."""
        if value is None:
            return queryset
        year = clock.today().year
        ending = ending_q(year, year + 1)
        return queryset.filter(ending) if value else queryset.exclude(ending)

    def filter_valid_until(self, queryset: QuerySet[TierEntry], name: str, value: Any) -> QuerySet[TierEntry]:
        """Recognitions whose validity ends in that year."""
        if value is None:
            return queryset
        return queryset.filter(ending_q(int(value), int(value)))
