"""Tables of the calendar pages."""

from __future__ import annotations

import django_tables2 as tables

from .models import HolidayDay, HolidayYear


class HolidayYearTable(tables.Table):
    year = tables.Column(linkify=True)

    class Meta:
        model = HolidayYear
        fields = ("year", "source", "updated_at")


class HolidayDayTable(tables.Table):
    date = tables.Column(linkify=True)

    class Meta:
        model = HolidayDay
        fields = ("date", "kind", "name", "holiday_year")
