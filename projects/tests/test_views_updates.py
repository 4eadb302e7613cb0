"""Pages and API of updates, problems, rates and snapshots: scope, buttons, query counts, jobs."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.choices import Role
from jobs.models import Job
from projects.choices import Node, ProblemStatus, UpdateStatus
from projects.models import MonthSnapshot, ProjectUpdate
from projects.tests.factories import (
    DepartmentFactory,
    ProjectFactory,
    ProjectNodeFactory,
    ProjectProblemFactory,
    ProjectUpdateFactory,
)


@pytest.fixture
def data(regions: dict[str, Any]) -> dict[str, Any]:
    haining, pinghu = regions["330481"], regions["330482"]
    projects = [ProjectFactory(region=haining) for _ in range(3)] + [ProjectFactory(region=pinghu)]
    for p in projects:
        ProjectNodeFactory(project=p, node=Node.SIGNED, actual_date=dt.date(2019, 1, 2))
        ProjectUpdateFactory(project=p, year=2019, month=5)
    dept = DepartmentFactory(region=haining)
    problems = [ProjectProblemFactory(project=p, department=dept, deadline=dt.date(2019, 6, 1)) for p in projects]
    return {"projects": projects, "problems": problems, "dept": dept}


@pytest.mark.parametrize("name", ["projects:projectupdate_list", "projects:projectproblem_list"])
def test_list_pages_show_the_county_only_in_constant_queries(
    client: Any, data: dict[str, Any], haining_reporter: Any, name: str
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(haining_reporter)
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert len(response.context["view"].object_list) == 3  # 平湖's row is not there
    for p in data["projects"][:3]:
        for month in (2, 3, 4):
            ProjectUpdateFactory(project=p, year=2019, month=month)
            ProjectProblemFactory(project=p, department=data["dept"])
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(name)).status_code == 200
    assert len(many) == len(few)  # four times the rows, the same queries


def test_update_page_buttons_follow_the_workflow(
    client: Any, data: dict[str, Any], haining_reporter: Any, city_staff: Any
) -> None:
    update = ProjectUpdate.objects.get(project=data["projects"][0])
    client.force_login(haining_reporter)
    html = client.get(update.get_absolute_url()).content.decode()
    assert 'data-testid="action-submit"' in html and 'data-testid="action-review"' not in html
    client.post(reverse("projects:projectupdate_transition", args=[update.pk, "submit"]))
    update.refresh_from_db()
    assert update.status == UpdateStatus.SUBMITTED
    response = client.post(reverse("projects:projectupdate_transition", args=[update.pk, "review"]))
    assert response.status_code == 403  # the unit does not review its own updates
    update.refresh_from_db()
    assert update.status == UpdateStatus.SUBMITTED
    client.force_login(city_staff)
    html = client.get(update.get_absolute_url()).content.decode()
    assert 'data-testid="action-review"' in html and 'data-testid="action-return"' in html
    client.post(reverse("projects:projectupdate_transition", args=[update.pk, "return"]), {"comment": "请补充照片"})
    update.refresh_from_db()
    assert (update.status, update.comment) == (UpdateStatus.RETURNED, "请补充照片")


def test_another_county_gets_404_on_the_update_and_its_moves(client: Any, data: dict[str, Any], make_user: Any) -> None:
    update = ProjectUpdate.objects.get(project=data["projects"][0])
    client.force_login(make_user(Role.UNIT_REPORTER, "330482"))
    assert client.get(update.get_absolute_url()).status_code == 404
    assert client.post(reverse("projects:projectupdate_transition", args=[update.pk, "submit"])).status_code == 404


def test_department_handler_answers_through_the_page_and_the_api(
    client: Any, data: dict[str, Any], make_user: Any
) -> None:
    handler = make_user(Role.DEPARTMENT_HANDLER, "330481", department=data["dept"])
    problem = data["problems"][0]
    client.force_login(handler)
    html = client.get(problem.get_absolute_url()).content.decode()
    assert 'data-testid="action-accept"' in html and 'data-testid="overdue"' in html
    client.post(reverse("projects:projectproblem_transition", args=[problem.pk, "accept"]))
    response = client.post(
        f"/api/project-problems/{problem.pk}/resolve/", {"resolution": "已协调"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == ProblemStatus.RESOLVED
    listed = client.get(reverse("projects:projectproblem_list"), {"overdue": "true"})
    assert problem.pk not in {p.pk for p in listed.context["view"].object_list}  # resolved: no longer overdue


def test_update_api_fills_in_and_submits(client: Any, data: dict[str, Any], haining_reporter: Any) -> None:
    client.force_login(haining_reporter)
    project = data["projects"][1]
    response = client.post(
        "/api/project-updates/",
        {"project": project.pk, "year": 2019, "month": 6, "investment_month": "30.00", "progress_text": "设备安装",
         "nodes": {"started": "2019-06-10"}},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["investment_ytd"] == "530.00"  # May's 500 + 30
    assert client.post(f"/api/project-updates/{body['id']}/submit/").json()["status"] == UpdateStatus.SUBMITTED
    assert client.post(f"/api/project-updates/{body['id']}/review/").status_code == 403


def test_rates_page_api_and_export(client: Any, data: dict[str, Any], city_staff: Any, regions: Any) -> None:
    client.force_login(city_staff)
    response = client.get(reverse("projects:rates"), {"year": 2019, "month": 6})
    assert response.status_code == 200
    assert "海宁市" in response.content.decode() and 'data-testid="rates-table"' in response.content.decode()
    export = client.get(reverse("projects:rates"), {"year": 2019, "month": 6, "export": 1})
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "海宁市" in values
    api = client.get("/api/project-rates/", {"year": 2019, "month": 6}).json()
    assert api["source"] == "reconstructed" and api["total"]["start"]["denominator"] == 4
    assert api["total"]["start"]["basis"]


def test_snapshot_taken_as_a_job_then_listed_and_shown(
    client: Any, data: dict[str, Any], city_staff: Any, regions: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(city_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("projects:monthsnapshot_take"), {"region": regions["330400"].pk, "year": 2019, "month": 6}
        )
    job = Job.objects.get(kind="projects.snapshot_take")
    assert response.status_code == 302 and job.result["project_count"] == 4, job.result
    snapshot = MonthSnapshot.objects.get()
    assert client.get(reverse("projects:monthsnapshot_job", args=[job.pk])).url == snapshot.get_absolute_url()
    page = client.get(snapshot.get_absolute_url(), {"unit": regions["330481"].pk})
    assert page.status_code == 200 and len(page.context["table"].rows) == 3
    assert client.get(reverse("projects:monthsnapshot_list")).status_code == 200
    rates = client.get("/api/project-rates/", {"year": 2019, "month": 6}).json()
    assert rates["source"] == "snapshot"


def test_reporter_may_not_take_snapshots(client: Any, haining_reporter: Any) -> None:
    client.force_login(haining_reporter)
    assert client.get(reverse("projects:monthsnapshot_take")).status_code == 403
    assert client.post("/api/month-snapshots/take/", {"region": 1, "year": 2019, "month": 1}).status_code == 403


def test_computed_indicator_source_sums_reviewed_ytd(data: dict[str, Any], regions: Any) -> None:
    from core.sources import compute

    for p in data["projects"]:
        ProjectUpdate.objects.filter(project=p).update(status=UpdateStatus.REVIEWED, investment_ytd=Decimal("100.50"))
    ProjectUpdate.objects.filter(project=data["projects"][0]).update(status=UpdateStatus.SUBMITTED)
    assert compute("projects_investment_ytd", regions["330481"], 2019, 6) == Decimal("201.00")
    assert compute("projects_investment_ytd", regions["330400"], 2019, 5) == Decimal("301.50")
    assert compute("projects_investment_ytd", regions["330400"], 2020, 1) == Decimal(0)


def test_a_refusal_of_the_service_shows_on_the_form_page_and_changes_nothing(
    client: Any, data: dict[str, Any], make_user: Any
) -> None:
    """The department handles a problem but may not rewrite it: the edit page says why (ObjectEditView's
    `denied_as_message`), not the 403 page."""
    handler = make_user(Role.DEPARTMENT_HANDLER, "330481", department=data["dept"])
    problem = data["problems"][0]
    url = reverse("projects:projectproblem_edit", args=[problem.pk])
    client.force_login(handler)
    posted = {
        "project": problem.project_id, "kind": problem.kind, "text": "改写的内容", "department": data["dept"].pk,
        "deadline": "2019-06-01",
    }  # fmt: skip
    response = client.post(url, posted, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "只有提出单位或市局可以修改协调事项" in response.content.decode()
    problem.refresh_from_db()
    assert problem.text != "改写的内容"
