"""The tier libraries' daily job (discovered by huey.contrib.djhuey; loaded by TiersConfig.ready()): recognitions
whose validity years have run out become 已到期 by themselves (services.tierentries_expire_due).

Huey evaluates crontabs in UTC (Asia/Shanghai is UTC+8): 16:20 UTC is 00:20 of the next local day, so on
1 January the recognitions that ran out with the old year are expired before the offices open.
"""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from core import clock
from core.actors import SYSTEM

from .services import tierentries_expire_due

logger = logging.getLogger(__name__)


def expire_due_recognitions() -> int:
    """Expire today's run-out recognitions; returns how many."""
    expired = tierentries_expire_due(today=clock.today(), actor=SYSTEM)
    logger.info("tier recognitions expired: %s", expired)
    return expired


@db_periodic_task(crontab(hour="16", minute="20"))
def expire_due_recognitions_daily() -> None:
    """Every night at 00:20 Beijing time."""
    expire_due_recognitions()
