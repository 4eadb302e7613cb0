"""The 亩均 endpoints the review found missing: evidence downloads (objections, 销号) scoped to the object, the
milestone edit page, rule set revision, rectification figures per unit (API and Excel), the surcharge page's
403, and the yearly-data import through the API. Each is tried by an allowed user, a user out of scope (404)
and a user without the permission (403)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.choices import Role
from jobs.models import Job
from mujun.models import EnterpriseYearData, Objection, RectificationMilestone, RuleIndicator, RuleSet
from mujun.tests.factories import EvaluationResultFactory, EvaluationRunFactory, RectificationFactory, RuleSetFactory
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = b"%PDF-1.4 evidence of the tax actually paid"


@pytest.fixture
def users(make_user):
    """A Haining firm and its user, another Haining firm's user, the Haining and Pinghu reporters, Haining's
    reviewer, a department handler (no objection or rectification permission) and the city staff."""
    firm_user = make_user(Role.ENTERPRISE_USER, "330481", username="hn_firm")
    return {
        "firm": firm_user,
        "other_firm": make_user(Role.ENTERPRISE_USER, "330481", username="hn_other_firm"),
        "hn": make_user(Role.UNIT_REPORTER, "330481", username="hn_reporter"),
        "hn_reviewer": make_user(Role.UNIT_REVIEWER, "330481", username="hn_reviewer"),
        "ph": make_user(Role.UNIT_REPORTER, "330482", username="ph_reporter"),
        "handler": make_user(Role.DEPARTMENT_HANDLER, "330481", username="hn_handler"),
        "leader": make_user(Role.LEADER, "330400", username="city_leader"),
        "city": make_user(Role.CITY_STAFF, "330400", username="city_mujun"),
    }


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _fields(html: str) -> str:
    """The detail page's field list (the change history below it may name the stored file)."""
    return html.split('data-testid="fields"', 1)[1].split("</dl>", 1)[0]


def _as(client, user):
    client.force_login(user)
    return client


# --- evidence downloads ---------------------------------------------------------------------------------


@pytest.fixture
def objection(users):
    """The Haining firm's objection to its published result, with a PDF as evidence."""
    run = EvaluationRunFactory(status="published")
    result = EvaluationResultFactory(run=run, enterprise=users["firm"].enterprise)
    return Objection.objects.create(result=result, text="税收数据有误", evidence=ContentFile(PDF, name="完税证明.pdf"))


@pytest.fixture
def closed(users, regions):
    """A Haining firm's rectification closed (销号) with evidence, and a Pinghu one."""
    hn = RectificationFactory(
        enterprise=users["firm"].enterprise, status="closed", land_freed_mu=Decimal("5"),
        energy_freed_tce=Decimal("10"), evidence=ContentFile(b"closing report", name="销号报告.pdf"),
    )  # fmt: skip
    ph = RectificationFactory(
        enterprise=EnterpriseFactory(region=regions["330482"]), status="closed", land_freed_mu=Decimal("7"),
        energy_freed_tce=Decimal("3"), evidence=ContentFile(b"pinghu report", name="平湖销号.pdf"),
    )  # fmt: skip
    return hn, ph


@pytest.mark.parametrize("via", ["page", "api"])
def test_objection_evidence_for_its_enterprise_and_unit_only(client, users, objection, via):
    url = (
        reverse("mujun:objection_evidence", args=[objection.pk])
        if via == "page"
        else f"/api/mujun-objections/{objection.pk}/evidence/"
    )
    for who in ("firm", "hn", "city"):
        response = _as(client, users[who]).get(url)
        assert response.status_code == 200, who
        assert _body(response) == PDF
        assert "attachment" in response["Content-Disposition"] and "pdf" in response["Content-Disposition"]
    # another enterprise (same county) and another county: as if it did not exist
    assert _as(client, users["other_firm"]).get(url).status_code == 404
    assert _as(client, users["ph"]).get(url).status_code == 404
    # no permission to see objections at all
    assert _as(client, users["handler"]).get(url).status_code == 403


@pytest.mark.parametrize("via", ["page", "api"])
def test_rectification_evidence_for_its_county_only(client, users, closed, via):
    hn, ph = closed
    url = "mujun:rectification_evidence"
    hn_url, ph_url = (
        (reverse(url, args=[hn.pk]), reverse(url, args=[ph.pk]))
        if via == "page"
        else (f"/api/mujun-rectifications/{hn.pk}/evidence/", f"/api/mujun-rectifications/{ph.pk}/evidence/")
    )
    client = _as(client, users["hn_reviewer"])
    assert _body(client.get(hn_url)) == b"closing report"
    assert client.get(ph_url).status_code == 404  # a county user, another county's evidence
    assert _as(client, users["ph"]).get(ph_url).status_code == 200
    assert _as(client, users["firm"]).get(hn_url).status_code == 403  # enterprise users do not see rectifications
    assert _as(client, users["handler"]).get(hn_url).status_code == 403


def test_no_evidence_is_not_found(client, users, objection):
    objection.evidence = ""
    objection.save(update_fields=["evidence"])
    client = _as(client, users["firm"])
    assert client.get(reverse("mujun:objection_evidence", args=[objection.pk])).status_code == 404
    assert client.get(f"/api/mujun-objections/{objection.pk}/evidence/").status_code == 404
    assert client.get(f"/api/mujun-objections/{objection.pk}/").json()["evidence"] is None


def test_detail_pages_link_the_download_not_the_media_path(client, users, objection, closed):
    download = reverse("mujun:objection_evidence", args=[objection.pk])
    html = _as(client, users["firm"]).get(objection.get_absolute_url()).content.decode()
    assert f'href="{download}"' in html and 'data-testid="evidence-download"' in html
    fields = _fields(html)
    assert f'<a href="{download}">完税证明' in fields and objection.evidence.name not in fields

    hn, _ph = closed
    download = reverse("mujun:rectification_evidence", args=[hn.pk])
    html = _as(client, users["hn"]).get(hn.get_absolute_url()).content.decode()
    assert f'href="{download}"' in html
    assert f'<a href="{download}">销号报告' in _fields(html) and hn.evidence.name not in _fields(html)


def test_api_serializers_give_a_working_download_url(client, users, objection, closed):
    client = _as(client, users["firm"])
    url = client.get(f"/api/mujun-objections/{objection.pk}/").json()["evidence"]
    assert url == f"http://testserver/api/mujun-objections/{objection.pk}/evidence/"
    assert _body(client.get(url)) == PDF

    hn, _ph = closed
    client = _as(client, users["hn"])
    [row] = client.get("/api/mujun-rectifications/").json()["results"]
    assert row["id"] == hn.pk
    assert _body(client.get(row["evidence"])) == b"closing report"


# --- milestone edit in the UI ----------------------------------------------------------------------------


@pytest.fixture
def milestone(users):
    plan = RectificationFactory(enterprise=users["firm"].enterprise, status="in_progress", path="improve")
    return RectificationMilestone.objects.create(rectification=plan, title="完成设备改造", due=dt.date(2020, 6, 30))


def test_unit_records_a_milestone_done_on_its_page(client, users, milestone):
    client = _as(client, users["hn"])
    edit = reverse("mujun:rectificationmilestone_edit", args=[milestone.pk])
    assert f'href="{edit}"' in client.get(milestone.rectification.get_absolute_url()).content.decode()
    assert client.get(edit).status_code == 200

    response = client.post(edit, {"title": "完成设备改造", "due": "2020-06-30", "done_on": "2020-06-20"})

    assert response.status_code == 302 and response["Location"] == milestone.rectification.get_absolute_url()
    milestone.refresh_from_db()
    assert milestone.done_on == dt.date(2020, 6, 20)
    assert milestone.history.latest().history_user == users["hn"]


def test_milestone_edit_refused_out_of_scope_or_without_permission(client, users, milestone):
    edit = reverse("mujun:rectificationmilestone_edit", args=[milestone.pk])
    data = {"title": "改", "due": "2020-06-30", "done_on": "2020-06-20"}
    assert _as(client, users["ph"]).post(edit, data).status_code == 404
    assert _as(client, users["leader"]).post(edit, data).status_code == 403
    assert _as(client, users["hn_reviewer"]).get(edit).status_code == 403
    milestone.refresh_from_db()
    assert milestone.done_on is None and milestone.title == "完成设备改造"


def test_closed_plan_shows_no_milestone_edit_link(client, users, milestone):
    plan = milestone.rectification
    plan.status = "closed"
    plan.save(update_fields=["status"])
    html = _as(client, users["hn"]).get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="milestone-edit"' not in html


# --- rule set revision through the API -------------------------------------------------------------------


def test_api_revises_a_rule_set_into_a_new_draft(client, users):
    frozen = RuleSetFactory(year=2019, group="above", version=1, status="frozen")
    RuleIndicator.objects.create(rule_set=frozen, code="tax_per_mu", weight=30, benchmark=Decimal("24.097"))

    response = _as(client, users["city"]).post(f"/api/mujun-rule-sets/{frozen.pk}/revise/")

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["version"], body["status"], body["based_on"]) == (2, "draft", frozen.pk)
    copy = RuleSet.objects.get(pk=body["id"])
    assert list(copy.indicators.values_list("code", "weight")) == [("tax_per_mu", Decimal("30"))]
    assert copy.history.latest().history_user == users["city"]


def test_api_revise_needs_the_add_permission(client, users):
    rule_set = RuleSetFactory()
    for who in ("hn", "firm"):
        assert _as(client, users[who]).post(f"/api/mujun-rule-sets/{rule_set.pk}/revise/").status_code == 403
    assert _as(client, users["city"]).post("/api/mujun-rule-sets/999999/revise/").status_code == 404
    assert RuleSet.objects.count() == 1


# --- rectification figures per unit (API and Excel) -----------------------------------------------------


@pytest.fixture
def figures(users, closed):
    hn, _ph = closed
    RectificationFactory(enterprise=EnterpriseFactory(region=hn.enterprise.region), status="identified")
    return closed


def test_api_figures_per_unit_in_the_users_scope(client, users, figures):
    rows = _as(client, users["hn"]).get("/api/mujun-rectifications/figures/").json()
    assert rows == [{"unit": "海宁市", "identified": 2, "rectified": 1, "land": "5.0000", "energy": "10.0000"}]

    rows = _as(client, users["city"]).get("/api/mujun-rectifications/figures/?status=closed").json()
    assert {r["unit"]: (r["identified"], r["land"]) for r in rows} == {"海宁市": (1, "5.0000"), "平湖市": (1, "7.0000")}

    for who in ("firm", "handler"):
        assert _as(client, users[who]).get("/api/mujun-rectifications/figures/").status_code == 403


def test_figures_excel_export_with_the_list_filters_and_a_total(client, users, figures):
    client = _as(client, users["hn"])
    url = reverse("mujun:rectification_figures_export")
    assert f'href="{url}"' in client.get(reverse("mujun:rectification_list")).content.decode()

    response = client.get(url)

    assert response.status_code == 200 and response["Content-Type"] == XLSX
    ws = load_workbook(io.BytesIO(_body(response))).active
    rows = [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert rows[0] == ["属地", "查找企业", "已销号", "腾出用地（亩）", "腾出用能（吨标准煤）"]
    assert rows[1:] == [["海宁市", 2, 1, 5, 10], ["合计", 2, 1, 5, 10]]  # no Pinghu row for a Haining user

    ws = load_workbook(io.BytesIO(_body(_as(client, users["city"]).get(url + "?status=closed")))).active
    rows = [list(r) for r in ws.iter_rows(min_row=3, values_only=True)]
    assert rows == [["平湖市", 1, 1, 7, 3], ["海宁市", 1, 1, 5, 10], ["合计", 2, 2, 12, 13]]

    assert _as(client, users["handler"]).get(url).status_code == 403


# --- surcharges: 403 without the permission ---------------------------------------------------------------


def test_surcharge_page_403_without_results_permission(client, users):
    run = EvaluationRunFactory(status="final")
    url = reverse("mujun:evaluationrun_surcharges", args=[run.pk])
    # the department handler may read price rules but not results
    assert users["handler"].has_perm("mujun.view_pricerule")
    assert _as(client, users["handler"]).get(url).status_code == 403
    assert _as(client, users["city"]).get(url).status_code == 200
    assert _as(client, users["city"]).get(reverse("mujun:evaluationrun_surcharges", args=[999999])).status_code == 404


# --- the yearly-data import through the API ---------------------------------------------------------------

HEADER = [
    "统一社会信用代码",
    "年度",
    "规模",
    "实缴税金（万元）",
    "用地面积（亩）",
    "用电量（万千瓦时）",
    "加减分项代码",
]


def _xlsx(rows) -> ContentFile:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return ContentFile(buf.getvalue(), name="亩均数据.xlsx")


def test_api_import_preview_findings_then_confirm(client, users, regions, django_capture_on_commit_callbacks):
    firm = EnterpriseFactory(region=regions["330481"])
    client = _as(client, users["hn"])

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            "/api/mujun-year-data/import/",
            {"file": _xlsx([HEADER, [firm.uscc, 2019, "规上", "120.5", 10, 5, "hightech"]])},
        )
    assert started.status_code == 202, started.content
    assert started.json()["stage"] == "preview" and EnterpriseYearData.objects.count() == 0

    preview = client.get(f"/api/mujun-year-data/import/{started.json()['job']}/").json()
    assert preview["status"] == "succeeded"
    assert (preview["result"]["errors"], preview["result"]["creates"]) == (0, 1)

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(f"/api/mujun-year-data/import/{preview['job']}/confirm/")
    assert confirmed.status_code == 202, confirmed.content
    applied = client.get(f"/api/mujun-year-data/import/{confirmed.json()['job']}/").json()
    assert applied["stage"] == "apply" and applied["result"]["applied"] is True
    data = EnterpriseYearData.objects.get()
    assert (data.enterprise, data.tax, data.items) == (firm, Decimal("120.5"), ["hightech"])
    assert data.history.get().history_user == users["hn"]

    # an apply job is not a preview to confirm
    assert client.post(f"/api/mujun-year-data/import/{applied['job']}/confirm/").status_code == 400


def test_api_import_with_errors_cannot_be_confirmed(client, users, regions, django_capture_on_commit_callbacks):
    firm = EnterpriseFactory(region=regions["330481"])
    client = _as(client, users["hn"])
    bad = _xlsx([HEADER, [firm.uscc, 2019, "规上", "12x", 10, 5, ""]])
    with django_capture_on_commit_callbacks(execute=True):
        job = client.post("/api/mujun-year-data/import/", {"file": bad}).json()["job"]

    findings = client.get(f"/api/mujun-year-data/import/{job}/").json()["result"]["findings"]
    assert [(f["row"], f["column"].split("（")[0]) for f in findings] == [(2, "D")]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/mujun-year-data/import/{job}/confirm/")
    assert response.status_code == 400
    assert "存在错误" in str(response.json())
    assert EnterpriseYearData.objects.count() == 0 and Job.objects.count() == 1


def test_api_import_refused_without_permission_or_for_anothers_job(
    client, users, regions, django_capture_on_commit_callbacks
):
    firm = EnterpriseFactory(region=regions["330481"])
    rows = [HEADER, [firm.uscc, 2019, "规上", "120.5", 10, 5, ""]]
    for who in ("leader", "firm"):
        assert _as(client, users[who]).post("/api/mujun-year-data/import/", {"file": _xlsx(rows)}).status_code == 403
    assert Job.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        job = _as(client, users["hn"]).post("/api/mujun-year-data/import/", {"file": _xlsx(rows)}).json()["job"]
    # another unit's reporter: the job is not theirs
    client = _as(client, users["ph"])
    assert client.get(f"/api/mujun-year-data/import/{job}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/api/mujun-year-data/import/{job}/confirm/").status_code == 404
    assert _as(client, users["leader"]).get(f"/api/mujun-year-data/import/{job}/").status_code == 403
    assert EnterpriseYearData.objects.count() == 0
