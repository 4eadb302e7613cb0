"""The library's nightly job: flags depend on the date (a planned date passes, a new month starts without an
update), so every project's stage, stars and flags are recomputed once a day (loaded by ProjectsConfig.ready()).

Huey evaluates crontabs in UTC (Asia/Shanghai is UTC+8): 18:00 UTC is 02:00 of the next local day.
"""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from core.actors import SYSTEM

from .services import projects_recompute

logger = logging.getLogger(__name__)


def recompute_all_projects() -> int:
    """Recompute the derived fields of every project as of today; returns how many changed."""
    changed = projects_recompute(actor=SYSTEM, reason=_("每日重算阶段、星级和预警"))
    logger.info("projects recomputed: %s changed", changed)
    return changed


@db_periodic_task(crontab(hour="18", minute="0"))
def recompute_all_projects_daily() -> None:
    """Every night at 02:00 Beijing time, before the problems' escalation at 02:30."""
    recompute_all_projects()
