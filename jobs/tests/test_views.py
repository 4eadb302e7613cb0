"""The progress page, the htmx progress fragment it polls, and who may see a job."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.choices import Role
from jobs.choices import JobStatus
from jobs.models import Job

from .conftest import FAIL, NO_RESULT_PAGE, SUCCEED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_kinds")]

HTMX = {"HTTP_HX_REQUEST": "true"}


def detail(job: Job) -> str:
    return reverse("jobs:job_detail", args=[job.pk])


def progress(job: Job) -> str:
    return reverse("jobs:job_progress", args=[job.pk])


def job_of(user, status: str, *, kind: str = SUCCEED, title: str = "t", **fields) -> Job:
    """A job of the user's, already in `status` (its progress, message or result as given)."""
    return Job.objects.create(kind=kind, title=title, user=user, status=status, **fields)


def test_progress_page_of_a_running_job_polls_its_fragment(client, haining_reporter):
    job = job_of(haining_reporter, JobStatus.RUNNING, title="导入", progress=35, message="已校验 3500 行")
    client.force_login(haining_reporter)
    html = client.get(detail(job)).content.decode()
    assert f'hx-get="{progress(job)}"' in html
    assert 'hx-trigger="every 1s"' in html
    assert "运行中" in html and "35%" in html and "已校验 3500 行" in html
    assert 'aria-valuenow="35"' in html


def test_progress_page_of_a_finished_job_stops_polling_and_links_the_result(client, haining_reporter):
    job = job_of(haining_reporter, JobStatus.SUCCEEDED, title="导入", progress=100)
    client.force_login(haining_reporter)
    html = client.get(detail(job)).content.decode()
    assert 'hx-trigger=""' in html
    assert f'href="{detail(job)}" data-testid="job-result"' in html  # the test kind's result page is the job page


def test_fragment_while_running_has_no_redirect_and_keeps_polling(client, haining_reporter):
    job = job_of(haining_reporter, JobStatus.RUNNING, progress=70)
    client.force_login(haining_reporter)
    response = client.get(progress(job), **HTMX)
    assert response.status_code == 200
    assert "HX-Redirect" not in response
    html = response.content.decode()
    assert "70%" in html and "<html" not in html  # a fragment, not a page


def test_fragment_of_a_finished_job_redirects_htmx_to_the_result(client, haining_reporter):
    job = job_of(haining_reporter, JobStatus.SUCCEEDED, progress=100)
    client.force_login(haining_reporter)
    response = client.get(progress(job), **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == detail(job)
    # without htmx (a plain GET) there is no HX-Redirect header, only the link
    plain = client.get(progress(job))
    assert "HX-Redirect" not in plain and 'data-testid="job-result"' in plain.content.decode()


def test_fragment_of_a_finished_job_without_a_result_page_stops_polling(client, haining_reporter):
    job = job_of(haining_reporter, JobStatus.SUCCEEDED, kind=NO_RESULT_PAGE)
    client.force_login(haining_reporter)
    response = client.get(progress(job), **HTMX)
    assert response.status_code == 286  # htmx stops polling on 286
    assert "HX-Redirect" not in response


def test_a_failed_job_shows_why_and_does_not_redirect_to_a_result(client, haining_reporter):
    job = job_of(haining_reporter, JobStatus.FAILED, kind=FAIL, progress=40, message="RuntimeError: 磁盘已满")
    client.force_login(haining_reporter)
    response = client.get(progress(job), **HTMX)
    assert response.status_code == 286 and "HX-Redirect" not in response
    html = response.content.decode()
    assert "失败" in html and "RuntimeError: 磁盘已满" in html and "bg-danger" in html
    assert 'data-testid="job-result"' not in html


def test_a_failed_import_preview_is_not_shown_as_a_confirmable_preview(client, haining_reporter):
    job = job_of(
        haining_reporter,
        JobStatus.FAILED,
        kind="enterprises.import_preview",
        message="ValueError: 坏文件",
        result={"error": "坏文件"},
    )
    client.force_login(haining_reporter)
    url = reverse("enterprises:enterprise_import_preview", args=[job.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == detail(job)
    assert client.post(url).status_code == 302
    assert not Job.objects.filter(kind="enterprises.import_apply").exists()


def test_another_users_job_is_not_found(client, make_user, haining_reporter, city_admin):
    job = Job.objects.create(kind=SUCCEED, title="别人的任务", user=haining_reporter, status=JobStatus.RUNNING)
    colleague = make_user(Role.UNIT_REPORTER, "330481")  # same unit, same permissions: still not theirs
    city_staff = make_user(Role.CITY_STAFF, "330400")
    for user in (colleague, city_staff):
        client.force_login(user)
        assert client.get(detail(job)).status_code == 404
        assert client.get(progress(job), **HTMX).status_code == 404
        assert client.get(f"/api/jobs/{job.pk}/").status_code == 404
        listed = client.get(reverse("jobs:job_list")).context["table"].page.object_list
        assert [r.record.pk for r in listed] == []
    # the owner and the city admin see it
    for user in (haining_reporter, city_admin):
        client.force_login(user)
        assert client.get(detail(job)).status_code == 200
        assert client.get(f"/api/jobs/{job.pk}/").json()["title"] == "别人的任务"


def test_a_missing_job_is_the_same_404(client, haining_reporter):
    client.force_login(haining_reporter)
    assert client.get(reverse("jobs:job_detail", args=[999999])).status_code == 404
    assert client.get(reverse("jobs:job_progress", args=[999999])).status_code == 404


def test_job_list_shows_own_jobs_newest_first(client, haining_reporter):
    older = Job.objects.create(kind=SUCCEED, title="旧任务", user=haining_reporter)
    newer = Job.objects.create(kind=SUCCEED, title="新任务", user=haining_reporter)
    client.force_login(haining_reporter)
    listed = client.get(reverse("jobs:job_list")).context["table"].page.object_list
    assert [r.record.pk for r in listed] == [newer.pk, older.pk]


def test_a_failed_job_never_shows_a_traceback_or_a_server_path(client, haining_reporter):
    """Issue 11 point 7: the page and the API show a message for the user; the log keeps the rest."""
    from jobs import registry
    from jobs.services import job_execute

    def _crash(job, report):
        open("/srv/jingxin/var/media/uploads/secret.xlsx")

    registry.register("tests.crash", result_url_name="jobs:job_detail")(_crash)
    try:
        job = Job.objects.create(kind="tests.crash", title="t", user=haining_reporter)
        job_execute(job_id=job.pk)
    finally:
        registry._KINDS.pop("tests.crash", None)
    client.force_login(haining_reporter)
    responses = [client.get(f"/api/jobs/{job.pk}/"), client.get("/api/jobs/"), client.get(detail(job))]
    responses.append(client.get(progress(job), **HTMX))
    for response in responses:
        assert response.status_code in (200, 286)
        body = response.content.decode()
        assert "/srv/" not in body and "Traceback" not in body and "FileNotFoundError" not in body
        assert "任务执行失败" in body
    Job.objects.filter(pk=job.pk).update(result={"error": "x", "traceback": 'File "/srv/jingxin/jobs/services.py"'})
    assert "traceback" not in client.get(f"/api/jobs/{job.pk}/").json()["result"]  # jobs failed before this fix
