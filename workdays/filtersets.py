"""One FilterSet per model, for the pages and the API."""

from __future__ import annotations

import django_filters

from .models import HolidayDay, HolidayYear


class HolidayYearFilterSet(django_filters.FilterSet):
    class Meta:
        model = HolidayYear
        fields = ["year"]


class HolidayDayFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="holiday_year__year", label="年度")

    class Meta:
        model = HolidayDay
        fields = ["year", "kind"]
