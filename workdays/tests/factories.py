"""Factories of the calendar's data and their permission-matrix entries (public reference data)."""

from __future__ import annotations

import datetime as dt

from tests.factories import MatrixFactory
from workdays.models import DayKind, HolidayDay, HolidayYear


def _year() -> HolidayYear:
    year = 2090 + HolidayYear.objects.count()
    return HolidayYear.objects.create(year=year, source="国办发明电")


def _day() -> HolidayDay:
    year = _year()
    return HolidayDay.objects.create(
        holiday_year=year, date=dt.date(year.year, 1, 1), kind=DayKind.HOLIDAY, name="元旦"
    )


FACTORIES = {
    HolidayYear: MatrixFactory(build=lambda region, user: _year()),
    HolidayDay: MatrixFactory(build=lambda region, user: _day()),
}
