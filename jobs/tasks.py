"""The Huey task that runs every Job. Discovered by huey.contrib.djhuey."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_task

from .services import job_execute

logger = logging.getLogger(__name__)


@db_task(retries=0)
def run_job(job_id: int) -> None:
    job_execute(job_id=job_id)
