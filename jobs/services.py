"""Starting and executing background jobs."""

from __future__ import annotations

import logging
import traceback
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from . import registry
from .choices import JobStatus
from .models import Job

logger = logging.getLogger(__name__)


def job_start(
    *,
    kind: str,
    title: str,
    actor: Any,
    params: dict[str, Any] | None = None,
    input_file: File | None = None,
) -> Job:
    """Create the job record and hand it to the queue once the transaction commits."""
    registry.get(kind)  # an unknown kind fails here, in the request, not in the worker
    job = Job(kind=kind, title=title, user=actor, params=params or {})
    if input_file is not None:
        job.input_file.save(input_file.name or "upload", input_file, save=False)
    job.full_clean()
    job.save()

    from .tasks import run_job

    transaction.on_commit(lambda: run_job(job.pk))
    return job


def job_report(job_id: int, percent: int, message: str) -> None:
    """Store progress; a narrow update of the job row so the polling page sees it at once."""
    Job.objects.filter(pk=job_id).update(
        progress=max(0, min(100, int(percent))), message=message[:500], updated_at=timezone.now()
    )


def job_execute(*, job_id: int) -> Job:
    """Run the job's handler and record its outcome on the job the user watches.

    A failure (the handler raising, an unknown kind, a result that cannot be stored) is recorded
    as FAILED with its message and traceback, and logged; it is never raised into the worker.
    """
    job = Job.objects.get(pk=job_id)
    job.status = JobStatus.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at", "updated_at"])

    def report(percent: int, message: str) -> None:
        job_report(job.pk, percent, message)

    try:
        # An unknown kind (a handler removed since the job was queued) fails the job too,
        # rather than leaving it "running" for ever.
        result = registry.get(job.kind).handler(job, report)
        job.refresh_from_db()
        job.status = JobStatus.SUCCEEDED
        job.progress = 100
        job.result = result
        job.finished_at = timezone.now()
        with transaction.atomic():  # a result that cannot be stored rolls back only this save
            job.save(update_fields=["status", "progress", "result", "finished_at", "updated_at"])
    except Exception as exc:  # the worker must record every failure on the job the user watches
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job.refresh_from_db()
        job.status = JobStatus.FAILED
        job.message = f"{type(exc).__name__}: {exc}"[:500]
        job.result = {"error": str(exc), "traceback": traceback.format_exc()[-4000:]}
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "result", "finished_at", "updated_at"])
    return job
