"""Scheduled jobs of monthly reporting. Discovered by huey.contrib.djhuey."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from core import clock
from core.actors import SYSTEM

from .services import reminders_record


def remind_missing_reports() -> int:
    """Record today's reminders for every unit still missing the due month's report; returns how many."""
    return len(reminders_record(today=clock.today(), actor=SYSTEM))


# Huey evaluates crontabs in UTC (its default `utc=True`): 01:00 UTC is 09:00 in Asia/Shanghai.
@db_periodic_task(crontab(hour="1", minute="0"))
def remind_missing_reports_daily() -> None:
    """Every morning at 9:00 Beijing time: record reminders for the units that have not reported yet."""
    remind_missing_reports()
