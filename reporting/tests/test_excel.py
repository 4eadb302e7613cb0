"""The Excel round trip: download the template → fill it in → upload (a preview job: every problem by cell, nothing
written) → confirm (an apply job: checked again, written atomically and audited) — pages and API (issues #3, #12, #18).
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from jobs.choices import JobStatus
from jobs.models import Job
from reporting import services
from reporting.jobs import APPLY, PREVIEW
from reporting.models import ReportValue
from reporting.spreadsheet import FIRST_DATA_ROW

pytestmark = pytest.mark.django_db

# 1-based columns of the template.
NAME, UNIT, PLAN, TARGET, PREVIOUS, VALUE, BASE, NUMERATOR, DENOMINATOR, TEXT, NOTE = (
    3,
    4,
    6,
    7,
    8,
    9,
    10,
    11,
    12,
    13,
    14,
)


def download(client, report):
    response = client.get(reverse("reporting:monthlyreport_template", args=[report.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def row_of(sheet, indicator):
    for row in sheet.iter_rows(min_row=FIRST_DATA_ROW + 1):
        if row[1].value == indicator.pk:
            return row[0].row
    raise AssertionError(indicator)


def xlsx(book, name="filled.xlsx"):
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def upload(client, report, book, capture, name="filled.xlsx"):
    """Upload from the report's page; the preview job runs (on commit) and its result is returned."""
    with capture(execute=True):
        response = client.post(reverse("reporting:monthlyreport_upload", args=[report.pk]), {"file": xlsx(book, name)})
    assert response.status_code == 302, response
    job = Job.objects.filter(kind=PREVIEW).latest("pk")
    assert job.status == JobStatus.SUCCEEDED, job.message
    return job


def cells(job, severity="error"):
    return {(f["row"], f["column"]): f["message"] for f in job.result["findings"] if f["severity"] == severity}


def test_template_looks_official_and_locks_the_names(client, report, plan, users):
    client.force_login(users["reporter"])
    sheet = download(client, report).active
    assert "工业投资和技术改造" in sheet["A1"].value
    assert sheet["B2"].value == "海宁市" and sheet["E2"].value == "330481" and sheet["G2"].value == "2019-05"
    assert sheet.protection.sheet
    assert sheet["A3"].value == "目标依据：" and sheet["B3"].value == "《2019年目标任务》"
    r = row_of(sheet, plan.ind["investment"])
    assert sheet.cell(r, NAME).value == "工业投资" and sheet.cell(r, NAME).protection.locked
    assert sheet.cell(r, PLAN).value == "2019年目标任务"
    # The notice's 161 亿元 in the row's unit: a 万元 row never shows "161".
    assert sheet.cell(r, UNIT).value == "万元" and sheet.cell(r, TARGET).value == "1610000.00"
    assert not sheet.cell(r, VALUE).protection.locked  # the YTD value is open
    assert sheet.cell(r, NUMERATOR).protection.locked  # a flow has no numerator


def test_round_trip_with_errors_by_cell_then_apply(client, report, plan, users, django_capture_on_commit_callbacks):
    client.force_login(users["reporter"])
    book = download(client, report)
    sheet = book.active
    r = row_of(sheet, plan.ind["investment"])
    sheet.cell(r, VALUE).value = "六十万"
    sheet.cell(r, BASE).value = 581687.74
    s = row_of(sheet, plan.ind["share"])
    sheet.cell(s, NUMERATOR).value = 120000
    sheet.cell(s, DENOMINATOR).value = 0
    job = upload(client, report, book, django_capture_on_commit_callbacks)
    assert cells(job) == {(r, "I"): "“六十万”不是数字", (s, "L"): "分母不能为零"}
    page = client.get(reverse("reporting:monthlyreport_upload_preview", args=[job.pk]))
    assert 'data-testid="import-blocked"' in page.content.decode()
    assert client.post(reverse("reporting:monthlyreport_upload_preview", args=[job.pk])).status_code == 302
    assert not Job.objects.filter(kind=APPLY).exists()  # a file with errors is never applied
    assert not ReportValue.objects.filter(report=report).exists()

    sheet.cell(r, VALUE).value = 628405.82
    sheet.cell(s, DENOMINATOR).value = 600000
    t = row_of(sheet, plan.ind["text"])
    sheet.cell(t, TEXT).value = "在建10亿元以上项目2个"
    job = upload(client, report, book, django_capture_on_commit_callbacks)
    assert job.result["errors"] == 0 and job.result["report"] == report.pk
    changed = {(c["indicator"], c["field"]): c["after"] for c in job.result["sample"]}
    assert changed[("工业投资", "本年累计/期末值")] == "628405.82"
    page = client.get(reverse("reporting:monthlyreport_upload_preview", args=[job.pk]))
    assert 'data-testid="confirm-import"' in page.content.decode() and "海宁市" in page.content.decode()
    assert not ReportValue.objects.filter(report=report).exists()  # the preview wrote nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:monthlyreport_upload_preview", args=[job.pk]))
    assert response.status_code == 302
    applied = Job.objects.get(kind=APPLY)
    assert applied.status == JobStatus.SUCCEEDED and applied.result["applied"] is True, applied.result
    investment = ReportValue.objects.get(report=report, indicator=plan.ind["investment"])
    assert str(investment.value) == "628405.820000" and str(investment.base_value) == "581687.740000"
    assert ReportValue.objects.get(report=report, indicator=plan.ind["share"]).value == 20
    history = investment.history.get()
    assert history.history_user == users["reporter"] and "filled.xlsx" in history.history_change_reason


def test_the_template_carries_last_months_cumulative_and_the_upload_reads_it_back(
    client, regions, report, plan, users, django_capture_on_commit_callbacks
):
    """1—4月 海宁 reported 20.167131 万元 … the May template shows it as the base (20.17 by the one rule), exactly
    stored; if April is revised after the download, the upload says the base changed."""
    april = services.report_create(
        data={"region": regions["330481"], "year": 2019, "month": 4}, actor=users["reporter"]
    )
    services.report_save_values(
        report=april, entries={plan.ind["investment"].pk: {"value": "20.167131"}}, actor=users["reporter"]
    )
    client.force_login(users["reporter"])
    book = download(client, report)
    sheet = book.active
    r = row_of(sheet, plan.ind["investment"])
    assert sheet.cell(4, PREVIOUS).value == "上月累计"
    assert sheet.cell(r, PREVIOUS).value == 20.167131 and sheet.cell(r, PREVIOUS).number_format == "0.00"
    assert sheet.cell(r, PREVIOUS).protection.locked
    grid = client.get(report.get_absolute_url()).content.decode()
    assert ">20.17<" in grid and "20.167131" not in grid

    sheet.cell(r, VALUE).value = 30
    job = upload(client, report, book, django_capture_on_commit_callbacks)
    assert cells(job, "warning") == {}  # the base is unchanged: nothing to say
    services.report_save_values(
        report=april, entries={plan.ind["investment"].pk: {"value": "25"}}, actor=users["reporter"]
    )
    job = upload(client, report, book, django_capture_on_commit_callbacks)
    assert cells(job, "warning") == {(r, "H"): "上月累计已变为 25.00 万元（模板中为 20.17 万元），请核对本年累计"}
    assert job.result["errors"] == 0


def test_the_api_uploads_a_template_by_the_unit_and_month_it_names(
    client, regions, report, plan, users, django_capture_on_commit_callbacks
):
    client.force_login(users["reporter"])
    book = download(client, report)
    sheet = book.active
    sheet.cell(row_of(sheet, plan.ind["investment"]), VALUE).value = 628405.82
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/reports/import/", {"file": xlsx(book)})
    assert response.status_code == 202, response.content
    job = response.json()["job"]
    result = client.get(f"/api/reports/import/{job}/").json()["result"]
    assert (result["report"], result["unit"], result["errors"]) == (report.pk, "海宁市", 0)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/reports/import/{job}/confirm/")
    assert response.status_code == 202
    assert ReportValue.objects.get(report=report, indicator=plan.ind["investment"]).value == Decimal("628405.82")

    # 嘉善's reporter uploading 海宁's file: the same finding as a report that does not exist, nothing written.
    client.force_login(users["jiashan"])
    sheet.cell(row_of(sheet, plan.ind["investment"]), VALUE).value = 1
    with django_capture_on_commit_callbacks(execute=True):
        job = client.post("/api/reports/import/", {"file": xlsx(book)}).json()["job"]
    result = client.get(f"/api/reports/import/{job}/").json()["result"]
    assert [(f["row"], f["column"]) for f in result["findings"]] == [(2, "E")]
    assert "海宁" not in str(result)
    assert client.post(f"/api/reports/import/{job}/confirm/").status_code == 400
    assert ReportValue.objects.get(report=report, indicator=plan.ind["investment"]).value == Decimal("628405.82")


def test_a_template_of_another_unit_or_month_is_refused(
    client, report, plan, users, regions, django_capture_on_commit_callbacks
):
    client.force_login(users["reporter"])
    book = download(client, report)
    book.active["G2"].value = "2019-06"
    job = upload(client, report, book, django_capture_on_commit_callbacks)
    assert list(cells(job)) == [(2, "G")]


def test_a_locked_or_leaders_upload_is_refused(client, report, plan, users):
    client.force_login(users["leader"])
    assert client.get(reverse("reporting:monthlyreport_upload", args=[report.pk])).status_code == 403
    assert client.post("/api/reports/import/", {}).status_code == 403


def test_an_upload_marks_a_value_none_with_its_note_and_a_blank_is_never_zero(
    client, report, plan, users, django_capture_on_commit_callbacks
):
    """Issue #12: in the template a unit types 无 in 本年累计/期末值 and the reason in 备注; 无 without a note is an error
    at its cell; a blank cell stays empty (submitting lists it), never 0; the next template shows 无 again."""
    client.force_login(users["reporter"])
    book = download(client, report)
    sheet = book.active
    assert any("空白不按 0 处理" in str(c.value or "") for c in sheet["A"])  # the template says how
    s = row_of(sheet, plan.ind["share"])
    r = row_of(sheet, plan.ind["investment"])
    sheet.cell(s, VALUE).value = "无"
    sheet.cell(r, BASE).value = 581687.74  # the YTD value left blank
    job = upload(client, report, book, django_capture_on_commit_callbacks)
    assert cells(job) == {(s, "N"): "标为“无”时请在备注中说明原因"}

    sheet.cell(s, NOTE).value = "统计局本月未发布"
    job = upload(client, report, book, django_capture_on_commit_callbacks)
    assert job.result["errors"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:monthlyreport_upload_preview", args=[job.pk]))
    marked = ReportValue.objects.get(report=report, indicator=plan.ind["share"])
    assert (marked.value, marked.is_nil, marked.note) == (None, True, "统计局本月未发布")
    blank = ReportValue.objects.get(report=report, indicator=plan.ind["investment"])
    assert blank.value is None and blank.base_value == Decimal("581687.74")
    again = download(client, report).active
    assert again.cell(row_of(again, plan.ind["share"]), VALUE).value == "无"
    refused = client.post(reverse("reporting:monthlyreport_transition", args=[report.pk, "submit"]), follow=True)
    assert "工业投资 · 本年累计/期末值：未填写" in refused.content.decode()
