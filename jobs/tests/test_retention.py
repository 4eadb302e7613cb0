"""Job input files are deleted when an import is applied and after the retention (jobs/retention.py)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from jobs.choices import JobStatus
from jobs.models import Job
from jobs.retention import job_inputs_purge
from jobs.services import job_start

from .conftest import SUCCEED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_kinds")]


def _job(user, *, params=None, days_old=0) -> Job:
    job = job_start(kind=SUCCEED, title="导入", actor=user, params=params, input_file=ContentFile(b"x", name="a.xlsx"))
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=days_old))
    job.refresh_from_db()
    return job


def test_an_applied_import_deletes_its_file_and_its_previews(haining_reporter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        preview = _job(haining_reporter)
    preview.refresh_from_db()
    path = Path(preview.input_file.path)
    assert preview.status == JobStatus.SUCCEEDED and path.exists()  # kept: the user has not confirmed yet
    with django_capture_on_commit_callbacks(execute=True):
        apply = _job(haining_reporter, params={"preview_job": preview.pk})
    apply.refresh_from_db()
    preview.refresh_from_db()
    assert apply.status == JobStatus.SUCCEEDED
    assert not apply.input_file and not preview.input_file and not path.exists()


def test_purge_deletes_files_past_the_retention_and_orphans(haining_reporter):
    old = _job(haining_reporter, days_old=settings.JOB_INPUT_RETENTION_DAYS + 1)
    fresh = _job(haining_reporter, days_old=1)
    old_path = Path(old.input_file.path)
    orphan = Path(settings.MEDIA_ROOT) / "jobs" / "2019" / "01" / "orphan.xlsx"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"x")
    stamp = (timezone.now() - dt.timedelta(days=30)).timestamp()
    os.utime(orphan, (stamp, stamp))

    assert job_inputs_purge() == 2
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert not old.input_file and not old_path.exists() and not orphan.exists()
    assert fresh.input_file and Path(fresh.input_file.path).exists()


def test_the_command_takes_the_days(haining_reporter, capsys):
    job = _job(haining_reporter, days_old=2)
    call_command("purge_job_inputs", "--days", "1")
    job.refresh_from_db()
    assert not job.input_file and "deleted 1 files" in capsys.readouterr().out


def test_purge_deletes_export_files_past_the_retention(haining_reporter):
    """An export's file (jobs/exports.py) holds the user's data too: kept as long as a job input, no longer."""
    exports = []
    for days in (settings.JOB_INPUT_RETENTION_DAYS + 1, 1):
        job = Job.objects.create(kind=SUCCEED, title="导出", user=haining_reporter, status=JobStatus.SUCCEEDED)
        job.output_file.save("企业.xlsx", ContentFile(b"x"), save=False)
        Job.objects.filter(pk=job.pk).update(
            output_file=job.output_file.name, created_at=timezone.now() - dt.timedelta(days=days)
        )
        exports.append(job)
    old_path = Path(exports[0].output_file.path)

    assert job_inputs_purge() == 1
    old, fresh = (Job.objects.get(pk=job.pk) for job in exports)
    assert not old.output_file and not old_path.exists()
    assert fresh.output_file and Path(fresh.output_file.path).exists()
