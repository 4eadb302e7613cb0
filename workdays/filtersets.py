"""One FilterSet per model, for the pages and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet

from .models import HolidayDay, HolidayYear


class HolidayYearFilterSet(FilterSet):
    class Meta:
        model = HolidayYear
        fields = ["year"]


class HolidayDayFilterSet(FilterSet):
    year = django_filters.NumberFilter(field_name="holiday_year__year", label=_("年度"))

    class Meta:
        model = HolidayDay
        fields = ["year", "kind"]
