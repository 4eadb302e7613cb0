"""The library's API: nested nodes, filters, node setting through the service, evaluation, per-unit tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from projects.choices import Node, Stage
from projects.models import Project, ProjectNode
from projects.tests.factories import ApprovalStepFactory, ProjectFactory

D = dt.date
HAINING = "330481"
JIASHAN = "330421"


@pytest.mark.django_db
def test_projects_list_nests_nodes_and_filters(client, regions, haining_reporter):
    mine = ProjectFactory(region=regions[HAINING], name="海宁项目")
    ProjectNode.objects.create(project=mine, node=Node.SIGNED, actual_date=D(2019, 1, 5))
    ProjectFactory(region=regions[JIASHAN], name="嘉善项目")
    client.force_login(haining_reporter)
    body = client.get("/api/projects/").json()  # its query count: tests/test_list_queries.py
    assert [row["name"] for row in body["results"]] == ["海宁项目"]
    assert body["results"][0]["nodes"][0]["node"] == "signed"
    assert body["results"][0]["region"] == HAINING
    assert client.get("/api/projects/", {"stage": "operating"}).json()["results"] == []


@pytest.mark.django_db
def test_create_project_and_set_nodes_through_the_api(client, regions, haining_reporter):
    client.force_login(haining_reporter)
    response = client.post(
        "/api/projects/",
        {"name": "API项目", "region": HAINING, "project_type": "tech", "total_investment": "15000.00"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    project = Project.objects.get(name="API项目")
    assert response.json()["lists"] == list(project.lists.values_list("pk", flat=True))
    response = client.post(
        f"/api/projects/{project.pk}/nodes/",
        {"nodes": {"signed": {"actual_date": "2019-01-05"}, "started": {"actual_date": "2019-03-01"}}},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == Stage.CONSTRUCTION
    # Backwards dates are refused with the service's message
    response = client.post(
        f"/api/projects/{project.pk}/nodes/",
        {"nodes": {"completed": {"actual_date": "2019-02-01"}}},
        content_type="application/json",
    )
    assert response.status_code == 400 and "早于" in response.content.decode()
    # Another unit's region is refused (scope), nothing written
    response = client.post(
        "/api/projects/",
        {"name": "越权项目", "region": JIASHAN, "project_type": "tech", "total_investment": "100"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Project.objects.filter(name="越权项目").exists()


@pytest.mark.django_db
def test_evaluation_and_per_unit_tables(client, regions, city_staff):
    project = ProjectFactory(region=regions[HAINING], total_investment=Decimal("20000"))
    ProjectNode.objects.create(project=project, node=Node.SIGNED, planned_date=D(2019, 1, 5), actual_date=D(2019, 1, 5))
    ApprovalStepFactory(project=project, submitted_on=D(2019, 3, 1), approved_on=D(2019, 5, 5))
    Project.objects.filter(pk=project.pk).update(stars=5)
    client.force_login(city_staff)
    body = client.get(f"/api/projects/{project.pk}/evaluation/").json()
    assert body["stars"] == 1 and body["reasons"][0]["earned"] is True
    assert body["approval"]["approval_days"] == 65 and body["approval"]["approval_ok"] is False
    stages = client.get("/api/projects/stage-counts/").json()
    assert stages[-1]["unit"] is None and stages[-1]["total"] == 1
    stars = {row["unit"]: row for row in client.get("/api/projects/star-summary/").json()}
    assert stars[HAINING]["five_star"] == 1 and stars[HAINING]["five_star_share"] == "100.0"


@pytest.mark.django_db
def test_reference_data_api_is_read_only_for_units(client, regions, haining_reporter, city_staff):
    client.force_login(haining_reporter)
    assert len(client.get("/api/star-gates/").json()["results"]) == 5
    response = client.post("/api/star-gates/", {"name": "新规则", "node": "full"}, content_type="application/json")
    assert response.status_code == 403
    client.force_login(city_staff)
    response = client.post(
        "/api/project-lists/",
        {"code": "over-5yi", "name": "5亿元以上", "min_total_investment": "50000"},
        content_type="application/json",
    )
    assert response.status_code == 201


@pytest.mark.django_db
def test_per_unit_tables_of_a_past_month_come_from_its_snapshot(client, regions, city_staff):
    from projects.services import project_nodes_set
    from projects.snapshots import snapshot_take

    project = ProjectFactory(region=regions[HAINING], total_investment=Decimal("20000"))
    signed = {"planned_date": D(2019, 1, 5), "actual_date": D(2019, 1, 5)}
    project_nodes_set(project=project, nodes={Node.SIGNED: signed}, actor=city_staff)
    snapshot_take(region=regions["330400"], year=2019, month=6, actor=city_staff)
    project_nodes_set(
        project=project,
        nodes={Node.STARTED: {"planned_date": D(2019, 8, 1), "actual_date": D(2019, 8, 1)}},
        actor=city_staff,
    )
    client.force_login(city_staff)

    now = client.get("/api/projects/stage-counts/").json()[-1]
    june = client.get("/api/projects/stage-counts/", {"year": 2019, "month": 6}).json()[-1]
    assert now["counts"] == {Stage.CONSTRUCTION: 1}  # stages without projects are left out
    assert june["counts"] == {Stage.SIGNING: 1}
    assert client.get("/api/projects/star-summary/", {"year": 2019, "month": 6}).status_code == 200
    assert client.get("/api/projects/stage-counts/", {"year": 2019, "month": 7}).status_code == 404
