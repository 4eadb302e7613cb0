"""The Huey task that runs every Job. Discovered by huey.contrib.djhuey."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .retention import job_inputs_purge, job_inputs_release
from .services import job_execute

logger = logging.getLogger(__name__)


@db_task(retries=0)
def run_job(job_id: int) -> None:
    job_inputs_release(job_execute(job_id=job_id))


@db_periodic_task(crontab(hour="2", minute="15"))
def purge_job_inputs() -> None:
    """Daily: job input files past the retention (jobs.retention)."""
    logger.info("purged %d job input files", job_inputs_purge())
