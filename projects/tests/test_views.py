"""The library's pages: list with filters and constant queries, project page, nodes formset, stage lists,
star summary, the bureau-layout export and the enterprise panel."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts.choices import Role
from projects import services
from projects.choices import Flag, Node, Stage
from projects.models import Project, ProjectList, ProjectNode
from projects.tests.factories import (
    ApprovalStepFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    ProjectYearPlanFactory,
    StandardLandContractFactory,
)

D = dt.date
HAINING = "330481"
JIASHAN = "330421"


def _project(region, *, stage=Stage.SIGNING, stars=0, total="25000", flags=None, **kwargs):
    project = ProjectFactory(region=region, total_investment=Decimal(total), **kwargs)
    Project.objects.filter(pk=project.pk).update(stage=stage, stars=stars, flags=flags or [])
    project.refresh_from_db()
    return project


@pytest.mark.django_db
def test_list_filters_and_scope(client, regions, haining_reporter):
    mine = _project(regions[HAINING], stage=Stage.CONSTRUCTION, stars=3, flags=[Flag.OVERDUE_NODE], name="甲项目")
    _project(regions[HAINING], stage=Stage.SIGNING, name="乙项目")
    foreign = _project(regions[JIASHAN], stage=Stage.CONSTRUCTION, name="丙项目")
    tech = ProjectList.objects.get(code="tech-700")
    mine.lists.add(tech)
    client.force_login(haining_reporter)

    def listed(**params):
        response = client.get("/projects/", params)
        assert response.status_code == 200
        return {row.record.name for row in response.context["table"].page.object_list}

    assert listed() == {"甲项目", "乙项目"}
    assert foreign.name not in client.get("/projects/").content.decode()
    assert listed(stage=Stage.CONSTRUCTION) == {"甲项目"}
    assert listed(flag=Flag.OVERDUE_NODE) == {"甲项目"}
    assert listed(list=tech.pk) == {"甲项目"}
    assert listed(stars=3) == {"甲项目"}
    assert listed(q="乙") == {"乙项目"}
    assert listed(tier="1to10") == {"甲项目", "乙项目"}
    assert listed(tier="ge100") == set()
    assert listed(unit=regions[HAINING].pk) == {"甲项目", "乙项目"}


@pytest.mark.django_db
def test_sorted_filtered_list_query_count_does_not_grow_with_rows(client, regions, city_staff):
    """Sorted and filtered (the default list is in tests/test_list_queries.py)."""
    for _ in range(3):
        _project(regions[HAINING])
    client.force_login(city_staff)
    client.get("/projects/?sort=-total_investment&stage=signing")  # warms the process-wide caches
    with CaptureQueriesContext(connection) as few:
        client.get("/projects/?sort=-total_investment&stage=signing")
    for _ in range(30):
        _project(regions[JIASHAN])
    with CaptureQueriesContext(connection) as many:
        response = client.get("/projects/?sort=-total_investment&stage=signing")
    assert len(many) == len(few)
    assert len(response.context["table"].page.object_list) == 33


@pytest.mark.django_db
def test_project_page_shows_timeline_stars_approval_contract_chart_and_problems(client, regions, city_staff):
    project = _project(regions[HAINING])
    services.project_nodes_set(
        project=project,
        nodes={
            Node.SIGNED: {"planned_date": D(2019, 1, 10), "actual_date": D(2019, 1, 8)},
            Node.STARTED: {"planned_date": D(2019, 4, 1), "actual_date": D(2019, 4, 20)},
        },
        actor=city_staff,
    )
    ApprovalStepFactory(project=project, submitted_on=D(2019, 3, 1), approved_on=D(2019, 3, 21))
    StandardLandContractFactory(project=project, actual_investment_intensity=Decimal(420))
    ProjectYearPlanFactory(project=project, year=2019)
    ProjectUpdateFactory(project=project, year=2019, month=5, investment_month=Decimal("321.00"))
    from projects.tests.factories import ProjectProblemFactory

    ProjectProblemFactory(project=project, text="用电增容待协调", department__region=regions[HAINING])
    client.force_login(city_staff)
    response = client.get(project.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "签约" in page and "2019-01-08" in page
    assert "已完成，晚 19 天" in page  # 开工 on 20 April, planned 1 April
    assert "签约落地" in page and "按期开工" in page
    assert 'data-testid="approval-days"' in page and ">20<" in page  # 20 government days
    assert "达标" in page  # 亩均投资强度 420 ≥ 400
    assert "用电增容待协调" in page
    chart = json.loads(response.context["chart"] and json.dumps(response.context["chart"]))
    assert chart["completed"][4] == "321.00" and chart["plan"][0] == "100.00"
    assert 'src="/static/jingxin/projects.js"' in page or "jingxin/projects" in page


@pytest.mark.django_db
def test_project_page_runs_the_same_queries_for_one_and_many_rows_and_charts_the_latest_year(
    client, regions, city_staff
):
    project = _project(regions[HAINING])
    client.force_login(city_staff)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(project.get_absolute_url())
        assert response.status_code == 200
        return response, [q["sql"] for q in ctx.captured_queries]

    ApprovalStepFactory(project=project, submitted_on=D(2018, 3, 1), approved_on=D(2018, 3, 21))
    ProjectYearPlanFactory(project=project, year=2018, monthly_plan=["1.00"] * 12)
    ProjectUpdateFactory(project=project, year=2018, month=12, investment_month=Decimal("7.00"))
    queries()  # per-process caches
    _response, few = queries()
    for month in range(1, 6):
        ProjectUpdateFactory(project=project, year=2019, month=month, investment_month=Decimal(month))
    ProjectYearPlanFactory(project=project, year=2019, monthly_plan=["9.00"] * 12)
    ApprovalStepFactory(project=project, submitted_on=D(2019, 3, 1), approved_on=D(2019, 3, 21))
    response, many = queries()
    assert len(few) == len(many), "\n".join(many)
    chart = response.context["chart"]
    assert chart["year"] == 2019 and chart["completed"][:6] == ["1.00", "2.00", "3.00", "4.00", "5.00", None]
    assert chart["plan"][0] == "9.00"


@pytest.mark.django_db
def test_nodes_formset_saves_through_the_service(client, regions, haining_reporter):
    project = _project(regions[HAINING])
    client.force_login(haining_reporter)
    response = client.get(f"/projects/{project.pk}/nodes/")
    assert response.status_code == 200
    formset = response.context["formset"]
    data = {
        "form-TOTAL_FORMS": str(len(formset.forms)),
        "form-INITIAL_FORMS": str(len(formset.forms)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "9",
    }
    for i, form in enumerate(formset.forms):
        data[f"form-{i}-node"] = form.initial["node"]
    data["form-0-planned_date"] = "2019-01-10"
    data["form-0-actual_date"] = "2019-01-09"
    data["form-1-actual_date"] = "2019-02-01"
    response = client.post(f"/projects/{project.pk}/nodes/", data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == Stage.PREPARATION
    assert ProjectNode.objects.filter(project=project).count() == 2

    # A node going backwards is refused on the page, nothing written
    data["form-5-actual_date"] = "2018-12-01"  # 开工 before 签约
    response = client.post(f"/projects/{project.pk}/nodes/", data)
    assert response.status_code == 200 and "早于" in response.content.decode()
    assert not ProjectNode.objects.filter(project=project, node=Node.STARTED).exists()


@pytest.mark.django_db
def test_stage_lists_count_per_unit(client, regions, city_staff):
    _project(regions[HAINING], stage=Stage.CONSTRUCTION)
    _project(regions[HAINING], stage=Stage.CONSTRUCTION)
    _project(regions[JIASHAN], stage=Stage.CONSTRUCTION)
    _project(regions[JIASHAN], stage=Stage.OPERATING)
    client.force_login(city_staff)
    response = client.get("/projects/stages/")
    rows = {(r.unit.code if r.unit else None): r for r in response.context["rows"]}
    assert rows[HAINING].counts == {Stage.CONSTRUCTION: 2}
    assert rows[JIASHAN].total == 2
    assert rows[None].cells() == [0, 0, 3, 0, 1]
    response = client.get("/projects/stages/construction/")
    assert response.status_code == 200
    assert len(response.context["table"].page.object_list) == 3
    units = {(r.unit.code if r.unit else None): r.total for r in response.context["unit_rows"]}
    assert units[HAINING] == 2 and units[None] == 3
    assert client.get("/projects/stages/nonsense/").status_code == 404


@pytest.mark.django_db
def test_star_summary_average_and_five_star_share(client, regions, city_staff, haining_reporter):
    for stars in (5, 5, 3, 2):
        _project(regions[HAINING], stars=stars)
    _project(regions[JIASHAN], stars=1)
    client.force_login(city_staff)
    rows = {(r.unit.code if r.unit else None): r for r in client.get("/projects/stars/").context["rows"]}
    assert rows[HAINING].average == Decimal("3.8")  # 15 / 4 = 3.75 → 3.8
    assert rows[HAINING].five_star_share == Decimal("50.0")
    assert rows[None].projects == 5 and rows[None].average == Decimal("3.2")
    # A unit user sees only their own unit
    client.force_login(haining_reporter)
    rows = client.get("/projects/stars/").context["rows"]
    assert [r.unit.code for r in rows if r.unit] == [HAINING]
    assert rows[-1].projects == 4


@pytest.mark.django_db
def test_export_in_the_bureau_layout(client, regions, city_staff):
    project = _project(regions[HAINING], code="2019-330481-34-03-000001", name="智能装备项目")
    ProjectNode.objects.create(
        project=project, node=Node.STARTED, planned_date=D(2019, 4, 1), actual_date=D(2019, 4, 2)
    )
    ProjectYearPlanFactory(project=project, year=2019, planned_investment=Decimal(1200))
    _project(regions[JIASHAN])
    client.force_login(city_staff)
    response = client.get("/projects/export/", {"year": 2019, "unit": regions[HAINING].pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["A2"].value == "序号" and sheet["B2"].value == "项目名称" and sheet["L2"].value == "所属清单"
    assert sheet["M2"].value == "签约" and sheet["M3"].value == "计划" and sheet["N3"].value == "实际"
    assert sheet["AE2"].value == "阶段" and sheet["AF2"].value == "星级"
    assert sheet.max_row == 4  # title, two header rows, one project
    assert sheet["B4"].value == "智能装备项目" and sheet["C4"].value == "2019-330481-34-03-000001"
    assert sheet["I4"].value == 1200
    assert sheet["W4"].value.date() == D(2019, 4, 1) and sheet["X4"].value.date() == D(2019, 4, 2)  # 开工


@pytest.mark.django_db
def test_enterprise_page_lists_its_projects(client, regions, city_staff, make_user):
    project = _project(regions[HAINING], name="企业的技改项目")
    client.force_login(city_staff)
    page = client.get(project.enterprise.get_absolute_url()).content.decode()
    assert "该企业的项目" in page and "企业的技改项目" in page
    # The enterprise user sees their own projects only
    owner = make_user(Role.ENTERPRISE_USER, HAINING, enterprise=project.enterprise)
    client.force_login(owner)
    assert client.get(project.get_absolute_url()).status_code == 200
    other = _project(regions[HAINING])
    assert client.get(other.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_the_enterprise_pages_project_lines_name_region_stage_amount_and_stars(
    client, regions, city_staff, haining_reporter
):
    from django.utils.html import escape

    big = _project(regions[HAINING], name="A&B 技改", stage=Stage.CONSTRUCTION, stars=3, total="123456")
    small = _project(regions[HAINING], name="小项目", enterprise=big.enterprise, total="25000")
    _project(regions[JIASHAN], name="嘉善的项目", enterprise=big.enterprise)  # out of a Haining reporter's scope
    client.force_login(city_staff)
    page = client.get(big.enterprise.get_absolute_url()).content.decode()
    lines = [
        f'<a class="list-group-item" href="{big.get_absolute_url()}">{escape("A&B 技改")} · 海宁市 · 建设实施 · '
        '总投资 12.35 亿元 <span class="text-warning">★★★☆☆</span></a>',
        f'<a class="list-group-item" href="{small.get_absolute_url()}">小项目 · 海宁市 · 签约服务 · '
        '总投资 2.50 亿元 <span class="text-warning">☆☆☆☆☆</span></a>',
    ]
    assert lines[0] in page and lines[1] in page and page.index(lines[0]) < page.index(lines[1])
    client.cookies["django_language"] = "en"
    page = client.get(big.enterprise.get_absolute_url()).content.decode()
    assert "Total investment 12.35 (100 million yuan)" in page
    client.force_login(haining_reporter)
    page = client.get(big.enterprise.get_absolute_url()).content.decode()
    assert "小项目" in page and "嘉善的项目" not in page


@pytest.mark.django_db
def test_create_and_edit_a_project_through_the_pages(client, regions, haining_reporter):
    from tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(region=regions[HAINING])
    client.force_login(haining_reporter)
    response = client.post(
        "/projects/add/",
        {
            "name": "新建项目",
            "region": regions[HAINING].pk,
            "enterprise": enterprise.uscc,
            "project_type": "new",
            "total_investment": "15000",
            "equipment_investment": "5000",
            "land_mu": "30",
            "active": "on",
        },
    )
    project = Project.objects.get(name="新建项目")
    assert response.status_code == 302 and response.url == project.get_absolute_url()
    assert list(project.lists.values_list("code", flat=True)) == ["over-1yi"]
    assert project.history.first().history_user == haining_reporter
    assert project.enterprise == enterprise
    # The edit form shows the credit code; an unknown code is refused on the form
    form = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert f'value="{enterprise.uscc}"' in form
    response = client.post(
        f"/projects/{project.pk}/edit/",
        {"name": "新建项目", "region": regions[HAINING].pk, "enterprise": "91330481MA2XXXXXXX", "project_type": "new"}
        | {"total_investment": "15000", "equipment_investment": "5000", "land_mu": "30", "active": "on"},
    )
    assert response.status_code == 200 and "没有该信用代码的企业" in response.content.decode()


@pytest.mark.django_db
def test_stage_lists_and_stars_as_they_stood_at_a_month_end(client, regions, city_staff, haining_reporter):
    from projects.tests.factories import MonthSnapshotFactory, SnapshotRowFactory

    # Today: one project in 建设实施; at the end of May 2019 it was in 前期攻坚 with 2 stars
    project = _project(regions[HAINING], stage=Stage.CONSTRUCTION, stars=3)
    snapshot = MonthSnapshotFactory(region=regions["330400"], year=2019, month=5)
    SnapshotRowFactory(snapshot=snapshot, project=project, stage=Stage.PREPARATION, stars=2)
    other = _project(regions[JIASHAN])
    SnapshotRowFactory(snapshot=snapshot, project=other, stage=Stage.SIGNING, stars=5)
    client.force_login(city_staff)
    rows = {(r.unit.code if r.unit else None): r for r in client.get("/projects/stages/").context["rows"]}
    assert rows[HAINING].counts == {Stage.CONSTRUCTION: 1}
    rows = {
        (r.unit.code if r.unit else None): r
        for r in client.get("/projects/stages/", {"year": 2019, "month": 5}).context["rows"]
    }
    assert rows[HAINING].counts == {Stage.PREPARATION: 1} and rows[None].total == 2
    stars = client.get("/projects/stars/", {"year": 2019, "month": 5}).context["rows"]
    assert stars[-1].five_star == 1 and stars[-1].average == Decimal("3.5")
    # A unit user sees only their unit's rows of the city snapshot
    client.force_login(haining_reporter)
    rows = client.get("/projects/stages/", {"year": 2019, "month": 5}).context["rows"]
    assert rows[-1].total == 1
    page = client.get("/projects/stages/", {"year": 2019, "month": 6})
    assert page.context["missing_snapshot"] and page.context["rows"][-1].total == 0


@pytest.mark.django_db
def test_list_in_its_default_order_pages_by_keyset(client, regions, city_staff, monkeypatch):
    """Largest first, the next page starts after the last project shown (`?after=`, no OFFSET): the same projects
    as the numbered pages, ties in the amount broken by the id downwards; `?page=` and a sorted column keep page
    numbers."""
    import re

    from projects.views.projects import ProjectListView

    monkeypatch.setattr(ProjectListView, "table_pagination", {"per_page": 4})
    for total in ("9000", "9000", "9000", "8000", "7000", "7000", "6000", "5000", "5000", "4000"):
        _project(regions[HAINING], total=total)
    client.force_login(city_staff)

    def shown(response):
        return [row.record.pk for row in response.context["table"].page.object_list]

    expected = list(Project.objects.order_by("-total_investment", "-pk").values_list("pk", flat=True))
    pages, url = [], "/projects/"
    while url:
        response = client.get(url)
        pages.append(shown(response))
        found = re.search(r'href="(\?after=[^"]+)" data-testid="keyset-next"', response.content.decode())
        url = "/projects/" + found.group(1).replace("&amp;", "&") if found else None
    assert pages == [expected[:4], expected[4:8], expected[8:]]
    assert [shown(client.get(f"/projects/?page={n}")) for n in (1, 2, 3)] == pages
    numbered = client.get("/projects/?sort=name").content.decode()
    assert "keyset-next" not in numbered and "page=2" in numbered
