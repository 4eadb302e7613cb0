"""Pure date arithmetic of a recognition's validity (domain.md §9): no database, no clock.

A title's recognition holds for `validity_years` calendar years, the year of recognition included: a
专精特新 recognition of 2019-06-01 with 3 validity years holds through 2021 (its `valid_until`) and has run out
on 2022-01-01 (its `expires_on`, the first day after the validity, whatever day the expiry is recorded).
A title without validity years never expires.
"""

from __future__ import annotations

import datetime as dt


def _first_of(year: int) -> dt.date:
    """1 January of `year`, held within the calendar's years (a filter's odd year or validity finds nothing)."""
    return dt.date(min(max(year, dt.MINYEAR), dt.MAXYEAR), 1, 1)


def valid_until(recognised_on: dt.date | None, validity_years: int | None) -> int | None:
    """The last year a recognition holds (year of recognition + validity − 1); None without a date or a limit."""
    if recognised_on is None or not validity_years:
        return None
    return recognised_on.year + validity_years - 1


def expires_on(recognised_on: dt.date, validity_years: int) -> dt.date:
    """The first day after the validity: 1 January of the year after `valid_until`."""
    return _first_of(recognised_on.year + validity_years)


def run_out_before(today: dt.date, validity_years: int) -> dt.date:
    """Recognitions of a title with this validity dated before this day have run out by `today`
    (their `valid_until` is before today's year)."""
    return _first_of(today.year - validity_years + 1)


def ending_between(first_year: int, last_year: int, validity_years: int) -> tuple[dt.date, dt.date]:
    """The recognition dates [from, to) whose validity ends in a year from `first_year` to `last_year`, for a
    title with this validity (e.g. ending this year or next: units prepare the re-recognition)."""
    return _first_of(first_year - validity_years + 1), _first_of(last_year - validity_years + 2)
