"""Working-day arithmetic on real holiday periods (国办发明电〔2023〕7号: 2024 Spring Festival 2.10–2.17,
makeup workdays Sunday 2.4 and Sunday 2.18), checked against the day-by-day reference."""

from __future__ import annotations

import datetime as dt
import random

import polars as pl
import pytest

from workdays.calendar import UnknownYearError, WorkdayCalendar, YearDays, add_workdays_naive, library_years

D = dt.date
YEARS = library_years()
CAL = WorkdayCalendar(YEARS)


@pytest.mark.parametrize(
    ("start", "n", "expected", "why"),
    [
        # Filed on Friday 2024-02-09, the last workday before the break: the next working day is the makeup Sunday 2-18.
        (D(2024, 2, 9), 1, D(2024, 2, 18), "accept within 1 working day → the makeup Sunday after the break"),
        (D(2024, 2, 9), 3, D(2024, 2, 20), "simple answer within 3: 2-18, 2-19, 2-20"),
        (D(2024, 2, 9), 15, D(2024, 3, 7), "complex answer within 15: 2-18, 2-19…2-23, 2-26…3-1, 3-4…3-7"),
        # Filed on the makeup Sunday 2024-02-04 (a working day): counting starts Monday.
        (D(2024, 2, 4), 1, D(2024, 2, 5), "accept within 1 working day"),
        (D(2024, 2, 4), 3, D(2024, 2, 7), "simple answer within 3: 2-5, 2-6, 2-7"),
        (
            D(2024, 2, 4),
            6,
            D(2024, 2, 18),
            "the sixth working day (after 2-5…2-9) is the makeup Sunday after the break",
        ),
        # Filed during the holiday itself: counting starts after the break.
        (D(2024, 2, 12), 1, D(2024, 2, 18), "filed on a holiday Monday"),
        # National Day 2024: 10-1..10-7 off, makeup Sunday 9-29 and Saturday 10-12.
        (D(2024, 9, 30), 1, D(2024, 10, 8), "workday before National Day"),
        (D(2024, 10, 11), 1, D(2024, 10, 12), "makeup Saturday"),
        (D(2024, 12, 31), 1, D(2025, 1, 2), "across the year end: 2025-01-01 is a holiday"),
        (D(2024, 2, 9), 0, D(2024, 2, 9), "zero working days"),
    ],
)
def test_add_workdays_on_real_holidays(start, n, expected, why):
    assert CAL.add_workdays(start, n) == expected, why
    assert add_workdays_naive(YEARS, start, n) == expected, why


@pytest.mark.parametrize(
    ("day", "working"),
    [(D(2024, 2, 4), True), (D(2024, 2, 9), True), (D(2024, 2, 10), False), (D(2024, 2, 15), False),
     (D(2024, 2, 18), True), (D(2024, 2, 17), False), (D(2024, 2, 24), False)],
)  # fmt: skip
def test_is_workday(day, working):
    assert CAL.is_workday(day) is working


def test_workdays_between_counts_the_end_not_the_start():
    assert CAL.workdays_between(D(2024, 2, 9), D(2024, 2, 18)) == 1
    assert CAL.workdays_between(D(2024, 2, 9), D(2024, 2, 9)) == 0
    assert CAL.workdays_between(D(2024, 2, 9), D(2024, 2, 17)) == 0
    assert CAL.workdays_between(D(2024, 2, 20), D(2024, 2, 9)) == 0


def test_columns_equal_the_day_by_day_reference():
    rng = random.Random(13)
    starts = [D(2023, 1, 1) + dt.timedelta(days=rng.randrange(700)) for _ in range(400)]
    counts = [rng.choice([1, 3, 15, 30]) for _ in starts]
    fast = CAL.add_workdays_series(pl.Series(starts, dtype=pl.Date), pl.Series(counts))
    assert fast.to_list() == [add_workdays_naive(YEARS, s, n) for s, n in zip(starts, counts, strict=True)]
    assert fast.to_list() == [CAL.add_workdays(s, n) for s, n in zip(starts, counts, strict=True)]
    back = CAL.workdays_between_series(pl.Series(starts, dtype=pl.Date), fast)
    assert back.to_list() == counts


def test_columns_refuse_unknown_years():
    last = max(YEARS)
    with pytest.raises(UnknownYearError):
        CAL.add_workdays_series(pl.Series([dt.date(last, 12, 28)], dtype=pl.Date), 10)


def test_a_year_nobody_knows_is_refused_not_guessed():
    last = max(YEARS)
    with pytest.raises(UnknownYearError) as err:
        CAL.add_workdays(D(last, 12, 20), 15)
    assert err.value.years == [last + 1]
    with pytest.raises(UnknownYearError):
        CAL.is_workday(D(last + 1, 3, 3))


def test_a_gap_year_inside_the_span_is_refused():
    years = {2023: YEARS[2023], 2025: YEARS[2025]}
    cal = WorkdayCalendar(years)
    with pytest.raises(UnknownYearError) as err:
        cal.add_workdays(D(2023, 12, 29), 3)
    assert err.value.years == [2024]
    assert cal.add_workdays(D(2025, 1, 2), 1) == D(2025, 1, 3)


def test_entered_year_replaces_the_library():
    last = max(YEARS)
    entered = YearDays(last + 1, frozenset({D(last + 1, 1, 1)}), frozenset({D(last + 1, 1, 4)}), "admin")
    cal = WorkdayCalendar({**YEARS, last + 1: entered})
    assert not cal.is_workday(D(last + 1, 1, 1))
    assert cal.is_workday(D(last + 1, 1, 4)) is True
