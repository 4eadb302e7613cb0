"""Exports as jobs (jobs/exports.py): the page and the API start the job, it reports progress, and the file it
keeps is the direct export's file, given only to the person who started it."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.choices import Role
from jobs.choices import JobStatus
from jobs.exports import EXPORT
from jobs.models import Job
from projects.tests.factories import ProjectFactory
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def cells(content: bytes) -> list[tuple[Any, ...]]:
    return list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))


def body(response: Any) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


@pytest.fixture
def firms(regions):
    EnterpriseFactory(region=regions["330481"], name="海宁规上", size_class="above")
    EnterpriseFactory(region=regions["330481"], name="海宁规下", size_class="below")
    EnterpriseFactory(region=regions["330402"], name="南湖规上", size_class="above")


def start_on_page(client: Any, url: str, django_capture_on_commit_callbacks: Any) -> Job:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:export_start"), {"url": url})
    job = Job.objects.get(kind=EXPORT, params__url=url)
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("role", [Role.CITY_STAFF, Role.UNIT_REPORTER])
def test_the_job_s_file_is_the_direct_export_s_file_in_the_user_s_scope(
    client, make_user, firms, role, django_capture_on_commit_callbacks
):
    user = make_user(role, "330400" if role == Role.CITY_STAFF else "330481")
    client.force_login(user)
    url = reverse("enterprises:enterprise_export") + "?size_class=above"

    job = start_on_page(client, url, django_capture_on_commit_callbacks)

    assert job.status == JobStatus.SUCCEEDED and job.progress == 100
    direct = cells(body(client.get(url)))
    from_job = cells(body(client.get(reverse("jobs:job_download", args=[job.pk]))))
    assert from_job == direct
    names = sorted(row[1] for row in from_job[2:])
    assert names == (["南湖规上", "海宁规上"] if role == Role.CITY_STAFF else ["海宁规上"])


def test_a_project_export_with_its_own_writer_gives_the_same_file(
    client, city_staff, regions, django_capture_on_commit_callbacks
):
    ProjectFactory(region=regions["330481"], name="海宁智能工厂")
    ProjectFactory(region=regions["330402"], name="南湖新材料")
    client.force_login(city_staff)
    url = reverse("projects:project_export") + "?year=2026"

    job = start_on_page(client, url, django_capture_on_commit_callbacks)

    from_job = cells(body(client.get(reverse("jobs:job_download", args=[job.pk]))))
    assert from_job == cells(body(client.get(url)))
    assert any("海宁智能工厂" in row for row in from_job)


def test_nobody_else_downloads_the_file_not_even_the_city_admin(
    client, city_staff, city_admin, haining_reporter, firms, django_capture_on_commit_callbacks
):
    client.force_login(city_staff)
    job = start_on_page(client, reverse("enterprises:enterprise_export"), django_capture_on_commit_callbacks)
    assert job.output_file
    for other in (haining_reporter, city_admin):
        client.force_login(other)
        assert client.get(reverse("jobs:job_download", args=[job.pk])).status_code == 404
        assert client.get(f"/api/jobs/{job.pk}/download/").status_code == 404
    client.force_login(city_staff)
    assert client.get(reverse("jobs:job_download", args=[job.pk])).status_code == 200


def test_the_api_starts_the_export_polls_the_job_and_downloads_the_file(
    client, city_staff, haining_reporter, firms, django_capture_on_commit_callbacks
):
    client.force_login(city_staff)
    url = reverse("enterprises:enterprise_export") + "?size_class=below"
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/api/jobs/export/", {"url": url}, content_type="application/json")
    assert started.status_code == 202
    assert started.json()["kind"] == EXPORT

    polled = client.get(f"/api/jobs/{started.json()['id']}/").json()
    assert polled["status"] == JobStatus.SUCCEEDED
    assert polled["download_url"] == f"/api/jobs/{polled['id']}/download/"
    downloaded = client.get(polled["download_url"])
    assert downloaded["Content-Disposition"].startswith("attachment")
    assert cells(body(downloaded)) == cells(body(client.get(url)))

    client.force_login(haining_reporter)
    assert client.get(f"/api/jobs/{polled['id']}/").status_code == 404
    assert client.get(polled["download_url"]).status_code == 404


@pytest.mark.parametrize(
    "url", ["/enterprises/", "https://example.com/enterprises/export/", "enterprises/export/", "/nowhere/export/"]
)
def test_only_an_export_page_of_this_site_can_be_started(client, city_staff, url):
    client.force_login(city_staff)
    response = client.post("/api/jobs/export/", {"url": url}, content_type="application/json")
    assert response.status_code == 400
    assert not Job.objects.filter(kind=EXPORT).exists()


def test_an_export_the_user_may_not_open_is_refused(client, make_user):
    outsider = make_user(Role.ENTERPRISE_USER, "330481")
    assert not outsider.has_perm("regions.view_region")
    client.force_login(outsider)
    response = client.post("/api/jobs/export/", {"url": "/regions/export/"}, content_type="application/json")
    assert response.status_code == 403
    assert client.post(reverse("jobs:export_start"), {"url": "/regions/export/"}).status_code == 403
    assert not Job.objects.filter(kind=EXPORT).exists()


def test_a_finished_export_s_progress_page_offers_the_file_and_stops_polling(
    client, city_staff, firms, django_capture_on_commit_callbacks
):
    client.force_login(city_staff)
    job = start_on_page(client, reverse("enterprises:enterprise_export"), django_capture_on_commit_callbacks)
    html = client.get(job.get_absolute_url()).content.decode()
    assert f'href="{reverse("jobs:job_download", args=[job.pk])}" data-testid="job-result">下载文件' in html
    fragment = client.get(reverse("jobs:job_progress", args=[job.pk]), **HTMX)
    assert fragment.status_code == 286  # htmx stops polling; the file is offered, not opened over and over
    assert "HX-Redirect" not in fragment


def test_the_big_lists_start_a_job_and_the_small_ones_download(client, city_staff, firms):
    client.force_login(city_staff)
    big = client.get(reverse("enterprises:enterprise_list") + "?size_class=above").content.decode()
    assert f'action="{reverse("jobs:export_start")}"' in big
    assert 'name="url" value="/enterprises/export/?size_class=above"' in big
    small = client.get(reverse("regions:region_list")).content.decode()
    assert 'href="/regions/export/" data-testid="export"' in small and reverse("jobs:export_start") not in small
    for name in ("enterprises:enterprise_export", "projects:project_export", "mujun:evaluationresult_export"):
        from core.views import export_runs_as_job

        assert export_runs_as_job(reverse(name)), name


def test_a_job_whose_user_may_no_longer_export_fails_without_a_file(make_user):
    """The worker checks again as the user: a right lost between the click and the run gives a message, no file."""
    from jobs.services import job_execute

    outsider = make_user(Role.ENTERPRISE_USER, "330481")
    job = Job.objects.create(kind=EXPORT, title="导出", user=outsider, params={"url": "/regions/export/"})

    job = job_execute(job_id=job.pk)

    assert job.status == JobStatus.FAILED and not job.output_file
    assert job.message == "导出失败：您已无权导出这些数据。"
