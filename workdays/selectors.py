"""Reading the calendar: the library's years overlaid with the admin's (an entered year replaces the library's)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.db.models import Count, Max

from .calendar import UnknownYearError, WorkdayCalendar, YearDays, library_years
from .models import DayKind, HolidayDay, HolidayYear


@cache
def _library() -> dict[int, YearDays]:
    return library_years()


def calendar_years() -> dict[int, YearDays]:
    """Every known year's days: the library's, replaced year by year by the admin's entries."""
    years = dict(_library())
    entered: dict[int, tuple[set[dt.date], set[dt.date]]] = {
        y: (set(), set()) for y in HolidayYear.objects.values_list("year", flat=True)
    }
    for year, date, kind in HolidayDay.objects.values_list("holiday_year__year", "date", "kind"):
        entered[year][0 if kind == DayKind.HOLIDAY else 1].add(date)
    for year, (holidays, workdays) in entered.items():
        years[year] = YearDays(year, frozenset(holidays), frozenset(workdays), "admin")
    return years


_CACHE: dict[str, tuple[tuple[object, ...], WorkdayCalendar]] = {}


def workday_calendar() -> WorkdayCalendar:
    """The calendar index, rebuilt only when the admin's entries changed (one small query to know)."""
    key = tuple(HolidayDay.objects.aggregate(n=Count("pk"), t=Max("updated_at")).values()) + tuple(
        HolidayYear.objects.aggregate(n=Count("pk"), t=Max("updated_at")).values()
    )
    cached = _CACHE.get("calendar")
    if cached is not None and cached[0] == key:
        return cached[1]
    calendar = WorkdayCalendar(calendar_years())
    _CACHE["calendar"] = (key, calendar)
    return calendar


@dataclass(frozen=True)
class YearStatus:
    year: int
    source: str  # "library", "admin" or "" (unknown)
    holidays: int
    makeup_workdays: int


def year_statuses(today: dt.date) -> list[YearStatus]:
    """This year and next: where their holidays come from, or that nobody knows them yet (a visible warning)."""
    years = calendar_years()
    rows = []
    for year in (today.year - 1, today.year, today.year + 1):
        spec = years.get(year)
        rows.append(
            YearStatus(year, spec.source, len(spec.holidays), len(spec.makeup_workdays))
            if spec
            else YearStatus(year, "", 0, 0)
        )
    return rows


def unknown_years_warning(today: dt.date) -> list[int]:
    """The years (this and next) whose holidays are unknown: deadlines reaching into them cannot be computed."""
    return [s.year for s in year_statuses(today) if not s.source and s.year >= today.year]


__all__ = ["UnknownYearError", "calendar_years", "unknown_years_warning", "workday_calendar", "year_statuses"]
