"""A real Huey consumer on the Redis server runs a real job (an enterprise import preview).

Everything else in the suite runs Huey in immediate mode; this test checks the production path:
the job is enqueued in Redis, a consumer's worker thread picks it up, runs the same task
function as production (`jobs.tasks.run_job`) against the test database, and the job record
ends up succeeded with its result. It uses a Huey instance of its own (unique name, Redis
database 15) so it never touches a developer's queue, and flushes it afterwards.

The worker thread has its own database connection, so the rows it reads must be committed.
pytest-django's transactional tests would commit them, but their teardown flushes every table,
which deletes the rows data migrations load (the GB/T 4754 industries) for the transactional
tests that run later (the browser tests). So the test commits its few rows itself and deletes
them, and their history, afterwards; the fixture checks that the tables are as they were.
"""

from __future__ import annotations

import signal
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connections

from accounts.choices import Role
from accounts.models import User
from enterprises.jobs import PREVIEW
from enterprises.models import Enterprise
from enterprises.tests.workbooks import enterprise_row, write_workbook
from jobs.choices import JobStatus
from jobs.models import Job
from jobs.tasks import run_job
from regions.models import Region

REDIS_URL = "redis://127.0.0.1:6379/15"

pytestmark = pytest.mark.redis


def _redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"no Redis server on 127.0.0.1:6379 ({exc})")


@pytest.fixture
def redis_huey() -> Iterator[Any]:
    from huey import RedisHuey

    _redis_or_skip()
    huey = RedisHuey(name=f"jingxin-test-{uuid.uuid4().hex}", url=REDIS_URL, store_none=True)

    @huey.post_execute()
    def close_connections(task: Any, value: Any, exc: Any) -> None:
        # What djhuey's close_db does outside immediate mode: the worker thread's own connections.
        connections.close_all()

    # the production task function, registered on this Huey
    huey.run_job = huey.task(name="run_job")(run_job.func)  # type: ignore[attr-defined]
    yield huey
    huey.flush()
    huey.storage.conn.connection_pool.disconnect()


@pytest.fixture
def consumer(redis_huey: Any) -> Iterator[Any]:
    """A consumer with one worker thread; Huey installs signal handlers, which are put back after."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer = redis_huey.create_consumer(workers=1, worker_type="thread", periodic=False, check_worker_health=False)
    consumer.start()  # starts the scheduler and the worker thread, returns at once
    try:
        yield consumer
    finally:
        consumer.stop(graceful=True)
        for sig, handler in saved.items():
            signal.signal(sig, handler)


TABLES = (Region, Region.history.model, User, User.history.model, Job, Enterprise)


@pytest.fixture
def committed_user(django_db_setup: Any, django_db_blocker: Any) -> Iterator[User]:
    """A unit reporter of 海宁 (a root region here), committed; removed with its jobs and history after."""
    with django_db_blocker.unblock():
        before = {model: model.objects.count() for model in TABLES}
        region = Region.objects.add_root(
            create_kwargs={
                "code": f"T{uuid.uuid4().hex[:8]}",
                "name": "海宁市",
                "kind": "county_city",
                "aliases": ["海宁"],
            }
        )
        user = User.objects.create(username=f"redis-{uuid.uuid4().hex[:8]}", role=Role.UNIT_REPORTER, region=region)
        try:
            yield user
        finally:
            for job in Job.objects.filter(user=user):
                job.input_file.delete(save=False)
                job.delete()
            user_pk = user.pk  # delete() sets it to None
            user.delete()
            User.history.filter(id=user_pk).delete()
            Region.objects.filter(pk=region.pk).delete()
            Region.history.filter(id=region.pk).delete()
            assert {model: model.objects.count() for model in TABLES} == before


def _preview_job(user: User, tmp_path: Any) -> Job:
    path = write_workbook(
        tmp_path / "企业.xlsx",
        [enterprise_row(n, industry="", employees=e) for n, e in (("海宁甲", 5), ("海宁乙", 6), ("海宁丙", -1))],
    )
    job = Job(kind=PREVIEW, title="企业导入校验", user=user, params={"filename": path.name})
    job.input_file.save(path.name, ContentFile(path.read_bytes()), save=False)
    job.save()
    return job


def test_a_real_consumer_runs_an_import_preview_job(redis_huey, consumer, committed_user, tmp_path):
    # Given an import preview job with an uploaded workbook of three rows, one of them wrong
    job = _preview_job(committed_user, tmp_path)
    assert job.status == JobStatus.PENDING

    # When it is enqueued in Redis, the consumer's worker thread runs it: the task's result
    # comes back through Redis (get() raises on a timeout or if the task raised) ...
    assert redis_huey.run_job(job.pk).get(blocking=True, timeout=60) is None

    # ... and the job, read back from the database, has succeeded with the preview's findings
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.progress == 100 and job.started_at is not None and job.finished_at is not None
    assert (job.result["rows_total"], job.result["creates"], job.result["errors"]) == (3, 2, 1)
    assert [(f["row"], f["column"]) for f in job.result["findings"]] == [(4, "G（从业人员（人））")]
    assert not Enterprise.objects.exists()  # a preview writes nothing
    assert redis_huey.pending_count() == 0


def test_a_failing_job_is_recorded_and_the_consumer_keeps_working(redis_huey, consumer, committed_user, tmp_path):
    """A job whose file is missing fails on the job; the same worker then runs the next job."""
    broken = Job.objects.create(kind=PREVIEW, title="坏任务", user=committed_user, params={})  # no input file
    assert redis_huey.run_job(broken.pk).get(blocking=True, timeout=60) is None  # the task did not raise
    broken.refresh_from_db()
    assert broken.status == JobStatus.FAILED
    assert broken.message.startswith("任务执行失败")  # the ValueError's text stays in the log

    good = _preview_job(committed_user, tmp_path)
    assert redis_huey.run_job(good.pk).get(blocking=True, timeout=60) is None
    good.refresh_from_db()
    assert good.status == JobStatus.SUCCEEDED and good.result["rows_total"] == 3
