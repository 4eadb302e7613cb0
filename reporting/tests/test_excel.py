"""The Excel round trip: download the template → fill it in → upload → preview with errors by cell → apply atomically."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from reporting.models import ReportValue
from reporting.spreadsheet import FIRST_DATA_ROW

pytestmark = pytest.mark.django_db


def download(client, report):
    response = client.get(reverse("reporting:monthlyreport_template", args=[report.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def row_of(sheet, indicator):
    for row in sheet.iter_rows(min_row=FIRST_DATA_ROW + 1):
        if row[1].value == indicator.pk:
            return row[0].row
    raise AssertionError(indicator)


def upload(client, report, book, name="filled.xlsx"):
    out = io.BytesIO()
    book.save(out)
    return client.post(
        reverse("reporting:monthlyreport_upload", args=[report.pk]),
        {"file": SimpleUploadedFile(name, out.getvalue())},
    )


def test_template_looks_official_and_locks_the_names(client, report, plan, users):
    client.force_login(users["reporter"])
    sheet = download(client, report).active
    assert "工业投资和技术改造" in sheet["A1"].value
    assert sheet["B2"].value == "海宁市" and sheet["E2"].value == "330481" and sheet["G2"].value == "2019-05"
    assert sheet.protection.sheet
    r = row_of(sheet, plan.ind["investment"])
    assert sheet.cell(r, 3).value == "工业投资" and sheet.cell(r, 3).protection.locked
    assert sheet.cell(r, 4).value == "万元" and sheet.cell(r, 6).value == "161"
    assert not sheet.cell(r, 7).protection.locked  # the YTD value is open
    assert sheet.cell(r, 9).protection.locked  # a flow has no numerator


def test_round_trip_with_errors_by_cell_then_apply(client, report, plan, users):
    client.force_login(users["reporter"])
    book = download(client, report)
    sheet = book.active
    r = row_of(sheet, plan.ind["investment"])
    sheet.cell(r, 7).value = "六十万"
    sheet.cell(r, 8).value = 581687.74
    s = row_of(sheet, plan.ind["share"])
    sheet.cell(s, 9).value = 120000
    sheet.cell(s, 10).value = 0
    response = upload(client, report, book)
    assert response.status_code == 200
    findings = {(f.row, f.column): f.message for f in response.context["errors"]}
    assert findings == {(r, "G"): "“六十万”不是数字", (s, "J"): "分母不能为零"}
    assert 'data-testid="upload-blocked"' in response.content.decode()
    assert not ReportValue.objects.filter(report=report).exists()

    sheet.cell(r, 7).value = 628405.82
    sheet.cell(s, 10).value = 600000
    t = row_of(sheet, plan.ind["text"])
    sheet.cell(t, 11).value = "在建10亿元以上项目2个"
    response = upload(client, report, book)
    assert response.context["errors"] == []
    token = response.context["token"]
    response = client.post(reverse("reporting:monthlyreport_upload_confirm", args=[report.pk]), {"token": token})
    assert response.status_code == 302
    investment = ReportValue.objects.get(report=report, indicator=plan.ind["investment"])
    assert str(investment.value) == "628405.820000" and str(investment.base_value) == "581687.740000"
    assert ReportValue.objects.get(report=report, indicator=plan.ind["share"]).value == 20
    history = investment.history.get()
    assert history.history_user == users["reporter"] and "filled.xlsx" in history.history_change_reason


def test_a_template_of_another_unit_or_month_is_refused(client, report, plan, users, regions):
    client.force_login(users["reporter"])
    book = download(client, report)
    book.active["G2"].value = "2019-06"
    response = upload(client, report, book)
    assert [(f.row, f.column) for f in response.context["errors"]] == [(2, "G")]


def test_a_tampered_confirmation_is_refused(client, report, plan, users):
    client.force_login(users["reporter"])
    response = client.post(reverse("reporting:monthlyreport_upload_confirm", args=[report.pk]), {"token": "x"})
    assert response.status_code == 302
    assert not ReportValue.objects.filter(report=report).exists()
