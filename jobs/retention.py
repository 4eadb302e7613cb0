"""How long job input files live: uploads are the user's data, kept only while an import needs them.

A preview job's file is kept until it is confirmed (the apply job reads a copy) or until it is
`settings.JOB_INPUT_RETENTION_DAYS` old; an apply job's file, and its preview's, are deleted as soon as the
apply job finishes, since the data is then in the database (or the user must upload a corrected file anyway).
The daily Huey task `jobs.tasks.purge_job_inputs` and `manage.py purge_job_inputs` delete what is left past the
retention, including files under `jobs/` that no job names (an upload whose request failed).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from .choices import FINISHED
from .models import Job

logger = logging.getLogger(__name__)

UPLOAD_DIR = "jobs"  # Job.input_file's upload_to root


def _drop_input(job: Job) -> bool:
    if not job.input_file:
        return False
    name = job.input_file.name
    job.input_file.delete(save=False)
    Job.objects.filter(pk=job.pk).update(input_file="")
    logger.info("job %s: input file %s deleted", job.pk, name)
    return True


def job_inputs_release(job: Job) -> int:
    """After a job finishes: an apply job's input and its preview's input are no longer needed."""
    if job.status not in FINISHED or "preview_job" not in (job.params or {}):
        return 0
    released = int(_drop_input(job))
    preview = Job.objects.filter(pk=job.params["preview_job"]).first()
    if preview is not None and job.status == "succeeded":
        released += int(_drop_input(preview))
    return released


def job_inputs_purge(*, days: int | None = None, now: dt.datetime | None = None) -> int:
    """Delete input and export files of jobs created more than `days` ago (default: the setting), and files under
    `jobs/` that no job names and are as old. Returns the number of files deleted."""
    days = settings.JOB_INPUT_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    deleted = 0
    for job in Job.objects.filter(created_at__lt=cutoff).exclude(input_file=""):
        deleted += int(_drop_input(job))
    for job in Job.objects.filter(created_at__lt=cutoff).exclude(output_file=""):  # exports (jobs/exports.py)
        job.output_file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(output_file="")
        deleted += 1
    root = Path(settings.MEDIA_ROOT) / UPLOAD_DIR
    if root.is_dir():
        named = set(Job.objects.exclude(input_file="").values_list("input_file", flat=True))
        for path in root.rglob("*"):
            if not path.is_file():
                continue
            name = path.relative_to(settings.MEDIA_ROOT).as_posix()
            modified = dt.datetime.fromtimestamp(os.path.getmtime(path), tz=dt.UTC)
            if name not in named and modified < cutoff:
                default_storage.delete(name)
                deleted += 1
    return deleted
