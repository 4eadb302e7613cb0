"""Deadlines of a request in working days (domain.md §10), as pure functions over a WorkdayCalendar.

Defaults (data per category): accept within 1 working day, answer within 3 (simple) or 15 (complex),
one extension to 30. The filing day does not count. While the request waits for the enterprise
(补充材料) the clock stops: the working days of the pause move every open deadline. Overdue
requests escalate one level: to the city on the first working day overdue, to the leader's list
after `LEADER_AFTER` more. An answer not rated within `RATING_WINDOW` working days counts as 未评价.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workdays.calendar import WorkdayCalendar

LEADER_AFTER = 5  # working days overdue after which the request reaches the leader's list (default)
RATING_WINDOW = 10  # working days the enterprise has to rate an answer


@dataclass(frozen=True)
class CategoryDays:
    accept: int = 1
    simple: int = 3
    complex: int = 15
    extended: int = 30


def answer_days(days: CategoryDays, *, complex_: bool, extended: bool) -> int:
    """How many working days the answer may take: the extension replaces the simple/complex limit."""
    if extended:
        return days.extended
    return days.complex if complex_ else days.simple


def due_dates(
    calendar: WorkdayCalendar, *, start: dt.date, days: CategoryDays, complex_: bool, extended: bool, paused: int = 0
) -> tuple[dt.date, dt.date]:
    """(accept by, answer by) for a request whose clock started on `start` and stood still `paused` working days."""
    accept = calendar.add_workdays(start, days.accept + paused)
    answer = calendar.add_workdays(start, answer_days(days, complex_=complex_, extended=extended) + paused)
    return accept, answer


def working_days_taken(calendar: WorkdayCalendar, *, start: dt.date, end: dt.date, paused: int = 0) -> int:
    """Working days from filing to answer, without the days the clock stood still."""
    return max(calendar.workdays_between(start, end) - paused, 0)


def escalation_level_due(calendar: WorkdayCalendar, *, answer_due: dt.date, today: dt.date) -> int:
    """0 until overdue; 1 (the city) once overdue; 2 (the leader's list) after LEADER_AFTER more working days."""
    overdue = calendar.workdays_between(answer_due, today)
    if overdue <= 0:
        return 0
    return 1 if overdue <= LEADER_AFTER else 2


def remind_today(calendar: WorkdayCalendar, *, due: dt.date, today: dt.date) -> bool:
    """One working day before the deadline: the next working day after today is the due day."""
    return today < due and calendar.add_workdays(today, 1) == due


def rating_expired(calendar: WorkdayCalendar, *, answered_on: dt.date, today: dt.date) -> bool:
    """The enterprise had RATING_WINDOW working days after the answer and did not rate: 未评价."""
    return calendar.workdays_between(answered_on, today) > RATING_WINDOW
