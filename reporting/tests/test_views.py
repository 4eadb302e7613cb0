"""Pages and API: the grid saves with history, workflow buttons, the month overview, scope and query counts."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from reporting import services
from reporting.models import MonthlyReport, ReportValue

from .conftest import entries

pytestmark = pytest.mark.django_db


def grid_post(plan, **fields):
    data = {}
    for key, values in fields.items():
        for name, value in values.items():
            data[f"v-{plan.ind[key].pk}-{name}"] = value
    return data


def test_grid_page_shows_every_indicator_with_target_and_computed_value(client, report, plan, users):
    client.force_login(users["reporter"])
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for indicator in plan.ind.values():
        assert f'data-indicator="{indicator.pk}"' in html
    assert f'name="v-{plan.ind["investment"].pk}-base_value"' in html
    assert f'name="v-{plan.ind["computed"].pk}-value"' not in html  # computed: read-only
    assert f'name="v-{plan.ind["share"].pk}-numerator"' in html
    assert 'data-testid="action-submit"' in html


def test_grid_save_records_history_and_errors_keep_what_was_typed(client, report, plan, users):
    client.force_login(users["reporter"])
    url = reverse("reporting:monthlyreport_save", args=[report.pk])
    response = client.post(url, grid_post(plan, investment={"value": "12x", "base_value": "5"}))
    assert response.status_code == 400
    assert "12x" in response.content.decode() and "不是数字" in response.content.decode()
    assert not ReportValue.objects.exists()
    response = client.post(url, grid_post(plan, investment={"value": "628405.82", "base_value": "581687.74"}))
    assert response.status_code == 302
    value = ReportValue.objects.get(report=report, indicator=plan.ind["investment"])
    assert value.history.get().history_user == users["reporter"]
    client.post(url, grid_post(plan, investment={"value": "700000", "base_value": "581687.74"}))
    record = value.history.latest()
    assert record.history_type == "~" and record.prev_record.value == value.history.earliest().value
    assert str(record.value) == "700000.000000"


def test_workflow_buttons_through_the_pages(client, report, plan, users):
    client.force_login(users["reporter"])
    response = client.post(reverse("reporting:monthlyreport_transition", args=[report.pk, "submit"]), follow=True)
    assert "工业投资 · 本年累计/期末值：未填写" in response.content.decode()  # every empty value listed
    services.report_save_values(report=report, entries=entries(plan), actor=users["reporter"])
    client.post(reverse("reporting:monthlyreport_transition", args=[report.pk, "submit"]))
    client.force_login(users["reviewer"])
    response = client.post(
        reverse("reporting:monthlyreport_transition", args=[report.pk, "return"]), {"comment": "补充基数"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "returned" and report.comment == "补充基数"
    client.force_login(users["staff"])
    assert client.post(reverse("reporting:monthlyreport_transition", args=[report.pk, "submit"])).status_code == 403


def test_month_overview_lists_units_and_opens_a_report(client, regions, plan, users):
    client.force_login(users["reporter"])
    response = client.get(reverse("reporting:month_overview"), {"year": 2019, "month": 5})
    assert response.status_code == 200
    codes = [u.region.code for u in response.context["overview"].units]
    assert codes == ["330481"]  # only their own unit
    response = client.post(
        reverse("reporting:monthlyreport_open"), {"region": regions["330481"].pk, "year": 2019, "month": 5}
    )
    report = MonthlyReport.objects.get()
    assert response["Location"] == report.get_absolute_url()
    assert (
        client.post(
            reverse("reporting:monthlyreport_open"), {"region": regions["330421"].pk, "year": 2019, "month": 5}
        ).status_code
        == 404
    )
    client.force_login(users["staff"])
    response = client.get(reverse("reporting:month_overview"), {"year": 2019, "month": 5})
    assert len(response.context["overview"].units) == 9


def test_a_haining_reporter_never_sees_jiashan(client, regions, plan, users):
    jiashan = services.report_create(
        data={"region": regions["330421"], "year": 2019, "month": 5}, actor=users["jiashan"]
    )
    services.report_save_values(
        report=jiashan, entries={plan.ind["investment"].pk: {"value": "1"}}, actor=users["jiashan"]
    )
    client.force_login(users["reporter"])
    for name in ("monthlyreport_detail", "monthlyreport_template", "monthlyreport_upload"):
        assert client.get(reverse(f"reporting:{name}", args=[jiashan.pk])).status_code == 404
    assert client.post(reverse("reporting:monthlyreport_transition", args=[jiashan.pk, "submit"])).status_code == 404
    assert client.get(reverse("reporting:monthlyreport_list")).context["view"].object_list.count() == 0
    export = client.get(reverse("reporting:monthlyreport_export"))
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    assert "嘉善县" not in [c.value for row in sheet.iter_rows() for c in row]
    assert client.get("/api/reports/").json()["results"] == []
    assert client.get("/api/report-values/").json()["results"] == []
    assert client.get(f"/api/reports/{jiashan.pk}/").status_code == 404
    assert client.post(f"/api/reports/{jiashan.pk}/submit/").status_code == 404


def test_api_opens_saves_and_moves_a_report(client, regions, plan, users):
    client.force_login(users["reporter"])
    response = client.post(
        "/api/reports/", {"region": "330481", "year": 2019, "month": 6}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.post(
        f"/api/reports/{pk}/values/",
        {"values": [{"indicator": plan.ind["investment"].pk, "value": "-1"}]},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["findings"][0]["message"] == "不能为负数"
    response = client.post(
        f"/api/reports/{pk}/values/",
        {"values": [{"indicator": plan.ind["investment"].pk, "value": "700000", "base_value": "600000"}]},
        content_type="application/json",
    )
    assert response.status_code == 200
    refused = client.post(f"/api/reports/{pk}/submit/")
    assert refused.status_code == 400 and len(refused.json()["findings"]) == 4  # the other indicators are empty
    rest = {k: v for k, v in entries(plan).items() if k != plan.ind["investment"].pk}
    response = client.post(
        f"/api/reports/{pk}/values/",
        {"values": [{"indicator": k, **v} for k, v in rest.items()]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert client.post(f"/api/reports/{pk}/submit/").json()["status"] == "submitted"
    assert client.post(f"/api/reports/{pk}/approve/").status_code == 403
    client.force_login(users["reviewer"])
    assert client.post(f"/api/reports/{pk}/return/", {}, content_type="application/json").status_code == 400
    assert client.post(f"/api/reports/{pk}/approve/").json()["status"] == "approved"
    client.force_login(users["staff"])
    assert client.post(f"/api/reports/{pk}/accept/").json()["status"] == "accepted"
    assert client.post(f"/api/reports/{pk}/accept/").status_code == 400
    values = client.get(f"/api/reports/{pk}/values/").json()
    assert {v["indicator_name"]: v["value"] for v in values}["工业投资"] == "700000.000000"
    schema = client.get("/api/schema/").content.decode()
    assert "/api/reports/{id}/submit/" in schema and "/api/reports/{id}/return/" in schema


def test_list_page_query_count_does_not_grow(client, regions, plan, users):
    client.force_login(users["staff"])
    url = reverse("reporting:monthlyreport_list")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    services.report_create(data={"region": regions["330481"], "year": 2019, "month": 2}, actor=users["admin"])
    few = count()
    for month in range(3, 12):
        for code in ("330481", "330421", "330424"):
            services.report_create(data={"region": regions[code], "year": 2019, "month": month}, actor=users["admin"])
    assert count() == few
    overview = reverse("reporting:month_overview")
    with CaptureQueriesContext(connection) as ctx:
        client.get(overview, {"year": 2019, "month": 5})
    assert len(ctx.captured_queries) < 25


def test_the_report_page_logs_each_figure_change_in_its_unit(client, report, plan, users):
    """Issue #12: the figure log names the indicator, the field's label and the person, figures by the one rule."""
    inv = plan.ind["investment"].pk
    services.report_save_values(report=report, entries={inv: {"value": "628405.82"}}, actor=users["reporter"])
    services.report_save_values(
        report=report, entries={inv: {"value": "674590", "base_value": "600000"}}, actor=users["reporter"]
    )
    client.force_login(users["reporter"])
    response = client.get(report.get_absolute_url())
    log = response.context["figure_log"]
    assert [(e.object_repr, e.user, [(c.field, c.before, c.after) for c in e.changes]) for e in log] == [
        (
            "工业投资",
            users["reporter"],
            [
                ("本年累计/期末值", "628405.82 万元", "674590.00 万元"),
                ("上年同期（可比口径）", None, "600000.00 万元"),
            ],
        ),
        ("工业投资", users["reporter"], [("本年累计/期末值", None, "628405.82 万元")]),
    ]
    page = response.content.decode()
    assert 'data-testid="figure-log"' in page and "628405.820000" not in page


def test_the_grid_marks_a_value_none_with_a_note_and_keeps_the_mark(client, report, plan, users):
    """Issue #12: a unit without a figure types 无 and says why; the page shows 无 again (not a blank, not 0), and
    saving the grid once more keeps the mark; 无 without a note is refused at its cell."""
    client.force_login(users["reporter"])
    url = reverse("reporting:monthlyreport_save", args=[report.pk])
    share = plan.ind["share"].pk
    response = client.post(url, grid_post(plan, share={"value": "无", "note": ""}))
    assert response.status_code == 400 and "标为“无”时请在备注中说明原因" in response.content.decode()
    assert not ReportValue.objects.exists()
    assert client.post(url, grid_post(plan, share={"value": "无", "note": "统计局本月未发布"})).status_code == 302
    html = client.get(report.get_absolute_url()).content.decode()
    assert f'name="v-{share}-value" value="无"' in html and "统计局本月未发布" in html
    client.post(url, grid_post(plan, share={"value": "无", "note": "统计局本月未发布"}, investment={"value": "1"}))
    marked = ReportValue.objects.get(report=report, indicator_id=share)
    assert (marked.value, marked.text, marked.note, marked.is_nil) == (None, "无", "统计局本月未发布", True)
    # A figure typed later replaces the mark.
    client.post(url, grid_post(plan, share={"numerator": "1", "denominator": "4", "value": "", "note": ""}))
    marked.refresh_from_db()
    assert (marked.value, marked.text, marked.is_nil) == (Decimal("25"), "", False)


def test_the_api_marks_a_value_none_only_with_a_note(client, report, plan, users):
    client.force_login(users["reporter"])
    url = f"/api/reports/{report.pk}/values/"
    share = plan.ind["share"].pk
    refused = client.post(url, {"values": [{"indicator": share, "value": "无"}]}, content_type="application/json")
    assert refused.status_code == 400
    assert [f["message"] for f in refused.json()["findings"]] == ["标为“无”时请在备注中说明原因"]
    response = client.post(
        url,
        {"values": [{"indicator": share, "value": "无", "note": "统计局本月未发布"}]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    rows = {r["indicator"]: r for r in client.get(url).json()}
    assert (rows[share]["value"], rows[share]["nil"], rows[share]["note"]) == (None, True, "统计局本月未发布")
    # Every other figure left empty is listed when submitting; the one marked 无 is not.
    refused = client.post(f"/api/reports/{report.pk}/submit/")
    assert refused.status_code == 400
    columns = [f["column"] for f in refused.json()["findings"]]
    assert "工业投资 · 本年累计/期末值" in columns and not any(c.startswith("数字经济") for c in columns)
