"""Starting and executing jobs: the outcome (success or failure) is always recorded on the job."""

from __future__ import annotations

import logging

import pytest
from django.core.files.base import ContentFile

from jobs.choices import JobStatus
from jobs.models import Job
from jobs.services import job_execute, job_report, job_start
from jobs.tasks import run_job

from .conftest import FAIL, SUCCEED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_kinds")]


def test_job_start_queues_the_job_on_commit_and_it_runs(haining_reporter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_start(kind=SUCCEED, title="试运行", actor=haining_reporter, params={"rows": 21})
    # nothing runs before the request's transaction commits
    assert Job.objects.get(pk=job.pk).status == JobStatus.PENDING
    assert len(callbacks) == 1
    callbacks[0]()  # the commit: Huey (immediate in tests) runs it
    job.refresh_from_db()
    assert (job.status, job.progress, job.result) == (JobStatus.SUCCEEDED, 100, {"rows": 21, "doubled": 42})
    assert job.user == haining_reporter and job.title == "试运行"


def test_job_start_stores_the_uploaded_file(haining_reporter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = job_start(
            kind=SUCCEED, title="带文件", actor=haining_reporter, input_file=ContentFile(b"abc", name="a.xlsx")
        )
    with Job.objects.get(pk=job.pk).input_file.open("rb") as fh:
        assert fh.read() == b"abc"


def test_an_unknown_kind_fails_in_the_request_and_creates_nothing(haining_reporter):
    with pytest.raises(LookupError, match="unknown job kind 'nope'"):
        job_start(kind="nope", title="x", actor=haining_reporter)
    assert not Job.objects.exists()


def test_success_records_result_progress_and_times(haining_reporter):
    job = Job.objects.create(kind=SUCCEED, title="t", user=haining_reporter, params={"rows": 3})
    returned = job_execute(job_id=job.pk)
    job.refresh_from_db()
    assert returned.pk == job.pk
    assert job.status == JobStatus.SUCCEEDED and job.is_finished
    assert (job.progress, job.result, job.message) == (100, {"rows": 3, "doubled": 6}, "第二步")
    assert job.started_at is not None and job.finished_at is not None and job.started_at <= job.finished_at


def test_failure_is_recorded_with_its_message_and_not_raised(haining_reporter, caplog):
    job = Job.objects.create(kind=FAIL, title="t", user=haining_reporter)
    with caplog.at_level(logging.ERROR, logger="jobs.services"):
        job_execute(job_id=job.pk)  # does not raise
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.is_finished
    assert job.message == f"任务执行失败（内部错误，已记入服务器日志），请联系管理员并告知任务编号 {job.pk}。"
    assert job.progress == 40  # how far it got
    assert job.result == {"error": job.message}  # no exception text, no traceback for the user
    assert job.finished_at is not None
    assert f"job {job.pk} ({FAIL}) failed" in caplog.text
    assert "RuntimeError: 磁盘已满" in caplog.text and "_fail" in caplog.text  # the log keeps the traceback


def test_the_huey_task_never_raises_into_the_worker(haining_reporter):
    """Through the real task (immediate mode): the task itself succeeds, the job is marked failed."""
    job = Job.objects.create(kind=FAIL, title="t", user=haining_reporter)
    result = run_job(job.pk)
    assert result.get() is None  # a task that raised would make get() raise TaskException
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.message.startswith("任务执行失败")


def test_a_kind_unknown_to_the_worker_fails_the_job_instead_of_leaving_it_running(haining_reporter):
    job = Job.objects.create(kind="removed.kind", title="t", user=haining_reporter)
    job_execute(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message.startswith("任务执行失败")


def test_a_result_that_cannot_be_stored_fails_the_job(haining_reporter, test_kinds):
    from jobs import registry

    registry.register("tests.unserialisable")(lambda job, report: {"when": object()})
    try:
        job = Job.objects.create(kind="tests.unserialisable", title="t", user=haining_reporter)
        job_execute(job_id=job.pk)
    finally:
        registry._KINDS.pop("tests.unserialisable", None)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.message.startswith("任务执行失败")
    assert job.result["error"]


@pytest.mark.parametrize(("percent", "stored"), [(-5, 0), (42, 42), (250, 100)])
def test_progress_is_clamped_and_the_message_stored(haining_reporter, percent, stored):
    job = Job.objects.create(kind=SUCCEED, title="t", user=haining_reporter)
    job_report(job.pk, percent, "进行中" + "很长" * 400)
    job.refresh_from_db()
    assert job.progress == stored
    assert job.message.startswith("进行中") and len(job.message) == 500
