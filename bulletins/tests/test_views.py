"""Pages and API: scope (drafts stay with the issuer, published bulletins reach the units below),
the generation job, downloads, traceability links, the one-click tables."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.choices import Role
from bulletins.choices import VersionStatus
from bulletins.models import Bulletin, BulletinVersion
from bulletins.services import bulletin_generate, bulletinversion_publish
from jobs.models import Job
from tests.factories import PlanFactory  # first: it merges the apps' FACTORIES, ours included

from .conftest import CITY, HAINING, JIASHAN, make_published
from .factories import BulletinVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(published, admin):
    return bulletin_generate(plan=published.plan, year=2019, month=4, actor=admin)


def test_scope_drafts_published_and_other_counties(regions, make_user):
    city_version = BulletinVersionFactory(bulletin__plan=PlanFactory(scope_region=regions[CITY]))
    city_draft = BulletinVersionFactory(bulletin=city_version.bulletin, status=VersionStatus.DRAFT)
    draft_only = BulletinVersionFactory(
        status=VersionStatus.DRAFT, bulletin__plan=PlanFactory(scope_region=regions[CITY])
    )
    jiashan = BulletinVersionFactory(bulletin__plan=PlanFactory(scope_region=regions[JIASHAN]))
    haining_user = make_user(Role.UNIT_REPORTER, HAINING)
    city_user = make_user(Role.CITY_STAFF, CITY)

    versions = set(BulletinVersion.objects.visible_to(haining_user))
    assert versions == {city_version}  # the city's published version; not its draft, not 嘉善's
    assert set(Bulletin.objects.visible_to(haining_user)) == {city_version.bulletin}
    assert draft_only.bulletin not in set(Bulletin.objects.visible_to(haining_user))
    assert {city_version, city_draft, draft_only, jiashan} <= set(BulletinVersion.objects.visible_to(city_user))


@pytest.mark.parametrize("role", [Role.LEADER, Role.DEPARTMENT_HANDLER, Role.UNIT_REPORTER, Role.ENTERPRISE_USER])
def test_a_draft_reaches_no_one_without_view_draft(client, published, draft, make_user, role):
    """Issue 11 point 1: the city's leader and 发改委's handler see published versions only (page, API, files)."""
    user = make_user(role, CITY)
    assert not user.has_perm("bulletins.view_draft")
    client.force_login(user)
    urls = [draft.get_absolute_url(), f"/api/bulletin-versions/{draft.pk}/"]
    urls += [reverse("bulletins:bulletinversion_download", args=[draft.pk, fmt]) for fmt in ("docx", "xlsx", "pdf")]
    urls += [f"/api/bulletin-versions/{draft.pk}/download/{fmt}/" for fmt in ("docx", "xlsx", "pdf")]
    for url in urls:
        assert client.get(url).status_code in (403, 404), url
    assert draft not in set(BulletinVersion.objects.visible_to(user))
    assert draft.bulletin not in set(Bulletin.objects.visible_to(user))  # no published version yet
    staff = make_user(Role.CITY_STAFF, CITY)
    assert staff.has_perm("bulletins.view_draft") and draft in set(BulletinVersion.objects.visible_to(staff))
    bulletinversion_publish(version=draft, actor=staff)
    if user.has_perm("bulletins.view_bulletinversion"):
        assert client.get(reverse("bulletins:bulletinversion_download", args=[draft.pk, "pdf"])).status_code == 200
        assert draft.bulletin in set(Bulletin.objects.visible_to(user))


def test_generate_page_runs_the_job_and_leads_to_the_version(
    client, published, make_user, django_capture_on_commit_callbacks
):
    staff = make_user(Role.CITY_STAFF, CITY)
    client.force_login(staff)
    assert client.get(reverse("bulletins:generate")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("bulletins:generate"), {"plan": published.plan.pk, "year": 2019, "month": 4, "reason": ""}
        )
    job = Job.objects.get(kind="bulletins.generate")
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == "succeeded", job.result
    version = BulletinVersion.objects.get(pk=job.result["version"])
    assert version.job == job and version.generated_by == staff
    response = client.get(reverse("bulletins:job_result", args=[job.pk]))
    assert response["Location"] == version.get_absolute_url()


def test_version_page_traces_figures_to_reports_and_history(
    client, published, draft, admin, django_assert_max_num_queries
):
    client.force_login(admin)
    with django_assert_max_num_queries(30):
        response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    report_url = reverse("reporting:monthlyreport_detail", args=[published.reports[HAINING].pk])
    assert f'href="{report_url}" data-testid="source">67.46</a>' in html
    history_url = reverse("monitoring:unit_history", args=[published.plan.pk, published.regions[HAINING].pk])
    assert f'href="{history_url}?year=2019"' in html
    assert "海宁市工业投资完成67.46亿元，快于序时进度8.6个百分点，列全市第1位。" in html
    assert 'data-testid="publish"' in html


def test_downloads_and_publishing(client, published, draft, make_user):
    leader = make_user(Role.LEADER, HAINING)
    client.force_login(leader)
    url = reverse("bulletins:bulletinversion_download", args=[draft.pk, "docx"])
    assert client.get(url).status_code == 404  # a draft of the city: not for the county
    staff = make_user(Role.CITY_STAFF, CITY)
    client.force_login(staff)
    response = client.post(reverse("bulletins:bulletinversion_publish", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    client.force_login(leader)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert client.post(reverse("bulletins:bulletinversion_publish", args=[draft.pk])).status_code == 403


def test_api_lists_serves_and_publishes(client, published, draft, make_user):
    staff = make_user(Role.CITY_STAFF, CITY)
    leader = make_user(Role.LEADER, HAINING)
    client.force_login(leader)
    assert client.get("/api/bulletin-versions/").json()["results"] == []
    client.force_login(staff)
    body = client.get("/api/bulletin-versions/").json()["results"]
    assert [row["id"] for row in body] == [draft.pk]
    assert body[0]["downloads"]["pdf"] == f"/api/bulletin-versions/{draft.pk}/download/pdf/"
    response = client.post(f"/api/bulletin-versions/{draft.pk}/publish/")
    assert response.status_code == 200 and response.json()["status"] == "published"
    client.force_login(leader)
    rows = client.get("/api/bulletin-versions/").json()["results"]
    assert [row["id"] for row in rows] == [draft.pk]
    assert "data" not in rows[0]
    detail = client.get(f"/api/bulletin-versions/{draft.pk}/").json()
    assert detail["data"]["rows"][0]["cells"][0]["completion"] is not None
    response = client.get(f"/api/bulletin-versions/{draft.pk}/download/pdf/")
    assert response.status_code == 200 and b"".join(response.streaming_content)[:4] == b"%PDF"
    assert client.get("/api/bulletins/").json()["results"][0]["id"] == draft.bulletin_id


def test_api_generate_starts_a_job(client, published, draft, make_user, django_capture_on_commit_callbacks):
    staff = make_user(Role.CITY_STAFF, CITY)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/bulletins/generate/",
            {"plan": published.plan.pk, "year": 2019, "month": 4, "reason": "修订"},
            content_type="application/json",
        )
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["job"])
    assert job.status == "succeeded", job.result
    assert BulletinVersion.objects.get(pk=job.result["version"]).number == 2
    reporter = make_user(Role.UNIT_REPORTER, CITY)
    client.force_login(reporter)
    response = client.post(
        "/api/bulletins/generate/",
        {"plan": published.plan.pk, "year": 2019, "month": 4},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_one_click_tables(client, published, admin):
    client.force_login(admin)
    assert client.get(reverse("bulletins:quick_tables")).status_code == 200
    response = client.get(reverse("bulletins:decomposition_table"), {"plan": published.plan.pk})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "2019年全市工业投资目标任务分解表"
    assert "C3:E3" in {str(r) for r in ws.merged_cells.ranges}  # the period spans its indicators
    assert [ws.cell(4, c).value for c in range(3, 6)] == [
        "工业投资（亿元）",
        "技术改造投资增速（%）",
        "新增工业机器人（台）",
    ]
    rows = {ws.cell(r, 2).value: r for r in range(5, ws.max_row + 1)}
    assert ws.cell(rows["海宁市"], 3).value == pytest.approx(161)
    assert ws.cell(rows["海宁市"], 3).number_format == "#,##0.00"
    assert ws.cell(rows["全市"], 3).value == pytest.approx(780)
    assert max(rows.values()) == rows["全市"]  # the city's row last

    response = client.get(reverse("bulletins:progress_table"), {"plan": published.plan.pk, "year": 2019, "month": 4})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content))["目标完成情况"]
    rows = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)}
    assert ws.cell(rows["海宁市"], 3).value == pytest.approx(41.9)


def test_project_lists_when_the_projects_app_provides_them(client, published, admin):
    selectors = pytest.importorskip("projects.selectors")
    if not hasattr(selectors, "project_stage_lists"):
        pytest.skip("projects.selectors.project_stage_lists is not provided yet")
    import datetime as dt

    from projects.choices import Node
    from projects.tests.factories import ProjectFactory, ProjectNodeFactory

    project = ProjectFactory(region=published.regions[HAINING], name="年产5万台智能装备项目", total_investment=25000)
    ProjectNodeFactory(
        project=project, node=Node.SIGNED, planned_date=dt.date(2019, 1, 15), actual_date=dt.date(2019, 1, 20)
    )
    client.force_login(admin)
    response = client.get(reverse("bulletins:project_lists"), {"year": 2019, "month": 4})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    lists = selectors.project_stage_lists(region=published.regions[CITY], year=2019, month=4)
    stage = next(code for code, rows in lists.items() if rows)
    ws = book.worksheets[list(lists).index(stage)]
    assert [ws.cell(2, c).value for c in range(1, 4)] == ["序号", "项目名称", "实施主体"]
    assert ws["B3"].value == "年产5万台智能装备项目"
    assert ws["F3"].value == pytest.approx(2.5) and ws["F3"].number_format == "#,##0.00"  # 25000 万元 = 2.5 亿元


def test_a_second_month_is_a_second_bulletin(regions, admin):
    published = make_published(regions, admin, month=5)
    version = bulletin_generate(plan=published.plan, year=2019, month=5, actor=admin)
    bulletinversion_publish(version=version, actor=admin)
    assert version.bulletin.month == 5 and version.number == 1


def test_generating_an_unpublished_month_is_refused_on_the_form(client, published, make_user):
    client.force_login(make_user(Role.CITY_STAFF, CITY))
    response = client.post(reverse("bulletins:generate"), {"plan": published.plan.pk, "year": 2019, "month": 6})
    assert response.status_code == 200
    assert "2019年1—6月 尚未发布月度数据" in response.content.decode()
    assert not Job.objects.filter(kind="bulletins.generate").exists()
