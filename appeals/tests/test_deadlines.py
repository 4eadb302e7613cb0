"""Deadlines on the 2024 Spring Festival (2-10…2-17 off; Sundays 2-4 and 2-18 are makeup workdays)."""

from __future__ import annotations

import datetime as dt

import pytest

from appeals.deadlines import (
    CategoryDays,
    due_dates,
    escalation_level_due,
    rating_expired,
    remind_today,
    working_days_taken,
)
from workdays.calendar import WorkdayCalendar, library_years

CAL = WorkdayCalendar(library_years())
D = dt.date
DEFAULT = CategoryDays()


@pytest.mark.parametrize(
    ("filed", "complex_", "extended", "paused", "accept", "answer"),
    [
        (D(2024, 2, 9), False, False, 0, D(2024, 2, 18), D(2024, 2, 20)),  # the workday before the break
        (D(2024, 2, 9), True, False, 0, D(2024, 2, 18), D(2024, 3, 7)),
        (D(2024, 2, 9), True, True, 0, D(2024, 2, 18), D(2024, 3, 28)),  # extended to 30
        (D(2024, 2, 4), False, False, 0, D(2024, 2, 5), D(2024, 2, 7)),  # filed on the makeup Sunday
        (D(2024, 2, 4), False, False, 2, D(2024, 2, 7), D(2024, 2, 9)),  # two working days waiting for material
    ],
)
def test_due_dates(filed, complex_, extended, paused, accept, answer):
    assert due_dates(CAL, start=filed, days=DEFAULT, complex_=complex_, extended=extended, paused=paused) == (
        accept,
        answer,
    )


def test_category_days_are_data():
    days = CategoryDays(accept=2, simple=6, complex=20, extended=40)
    assert due_dates(CAL, start=D(2024, 2, 4), days=days, complex_=False, extended=False) == (
        D(2024, 2, 6),
        D(2024, 2, 18),
    )


def test_working_days_taken_skips_the_break_and_the_pause():
    assert working_days_taken(CAL, start=D(2024, 2, 9), end=D(2024, 2, 20)) == 3
    assert working_days_taken(CAL, start=D(2024, 2, 9), end=D(2024, 2, 20), paused=1) == 2


@pytest.mark.parametrize(
    ("today", "level"),
    [(D(2024, 2, 20), 0), (D(2024, 2, 21), 1), (D(2024, 2, 27), 1), (D(2024, 2, 28), 2)],
)
def test_escalation_level(today, level):
    assert escalation_level_due(CAL, answer_due=D(2024, 2, 20), today=today) == level


def test_reminder_one_working_day_before():
    assert remind_today(CAL, due=D(2024, 2, 18), today=D(2024, 2, 9))  # the break does not count
    assert not remind_today(CAL, due=D(2024, 2, 19), today=D(2024, 2, 9))
    assert remind_today(CAL, due=D(2024, 2, 5), today=D(2024, 2, 4))


def test_rating_window_is_ten_working_days():
    assert not rating_expired(CAL, answered_on=D(2024, 2, 9), today=D(2024, 2, 29))  # 2-18, 2-19…2-23, 2-26…2-29 = 10
    assert rating_expired(CAL, answered_on=D(2024, 2, 9), today=D(2024, 3, 1))
