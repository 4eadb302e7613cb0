"""Scheduled jobs of the key projects (discovered by huey.contrib.djhuey; loaded by ProjectsConfig.ready()).

Huey evaluates crontabs in UTC (Asia/Shanghai is UTC+8): 18:30 UTC is 02:30 of the next local day.
"""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from core import clock
from core.actors import SYSTEM

from . import jobs  # noqa: F401 - registers the job kinds of updates and snapshots
from .problems import problems_escalate
from .snapshots import snapshot_previous_month

logger = logging.getLogger(__name__)


def escalate_overdue_problems() -> int:
    """Raise the 督办级别 of the overdue open problems to today's due level; returns how many moved."""
    return len(problems_escalate(today=clock.today(), actor=SYSTEM))


def take_month_end_snapshot() -> int | None:
    """The city's snapshot of the month that has just ended, unless it was taken already."""
    snapshot = snapshot_previous_month(today=clock.today(), progress=logger.info)
    return snapshot.project_count if snapshot is not None else None


@db_periodic_task(crontab(hour="18", minute="30"))
def escalate_overdue_problems_daily() -> None:
    """Every night at 02:30 Beijing time: escalate the problems that are overdue."""
    escalate_overdue_problems()


@db_periodic_task(crontab(day="1", hour="1", minute="0"))
def take_month_end_snapshot_monthly() -> None:
    """On the 1st of each month at 09:00 Beijing time: the snapshot of the month just ended."""
    take_month_end_snapshot()
