"""Excel upload of monthly updates: the unit's template, findings by sheet/row/column, atomic confirm as a job."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jobs.choices import JobStatus
from jobs.models import Job
from projects.choices import Node, UpdateStatus
from projects.importing.updates import HEADER_ROW, HEADERS, plan_updates_import, updates_template
from projects.jobs import UPDATES_APPLY, UPDATES_PREVIEW
from projects.models import ProjectNode, ProjectUpdate
from projects.tests.factories import ProjectFactory, ProjectNodeFactory, ProjectUpdateFactory

COL = {h: i + 1 for i, h in enumerate(HEADERS)}  # header → openpyxl column number


@pytest.fixture
def unit(regions: dict[str, Any]) -> dict[str, Any]:
    haining = regions["330481"]
    a = ProjectFactory(region=haining, name="甲项目", total_investment=Decimal("90000"))
    b = ProjectFactory(region=haining, name="乙项目", total_investment=Decimal("50000"))
    c = ProjectFactory(region=haining, name="丙项目", total_investment=Decimal("10000"))
    ProjectNodeFactory(project=a, node=Node.STARTED, planned_date=dt.date(2019, 5, 1))
    ProjectUpdateFactory(project=a, year=2019, month=5, investment_month=Decimal("100"),
                         investment_ytd=Decimal("500.00"), status=UpdateStatus.REVIEWED)  # fmt: skip
    ProjectUpdateFactory(project=c, year=2019, month=6, status=UpdateStatus.SUBMITTED)
    other = ProjectFactory(region=regions["330482"], name="平湖项目")
    return {"a": a, "b": b, "c": c, "other": other, "haining": haining}


def _template(unit: dict[str, Any], user: Any) -> Any:
    content = updates_template(region=unit["haining"], year=2019, month=6, actor=user)
    return load_workbook(io.BytesIO(content))


def _rows_by_name(sheet: Any) -> dict[str, int]:
    return {sheet.cell(r, COL["项目名称"]).value: r for r in range(HEADER_ROW + 1, sheet.max_row + 1)}


def _save(book: Any) -> io.BytesIO:
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_the_template_lists_the_units_projects_largest_first(unit: dict[str, Any], haining_reporter: Any) -> None:
    sheet = _template(unit, haining_reporter).active
    assert [sheet.cell(2, c).value for c in (2, 4)] == [2019, 6]
    assert [sheet.cell(HEADER_ROW, c).value for c in range(1, 5)] == ["序号", "项目ID", "项目代码", "项目名称"]
    assert list(_rows_by_name(sheet)) == ["甲项目", "乙项目", "丙项目"]  # not 平湖's project
    row = _rows_by_name(sheet)["丙项目"]
    assert sheet.cell(row, COL["本年累计完成投资（万元）"]).value == 500  # the month's figures so far


def test_findings_name_sheet_row_and_column_and_nothing_is_written(unit: dict[str, Any], haining_reporter: Any) -> None:
    book = _template(unit, haining_reporter)
    sheet = book.active
    rows = _rows_by_name(sheet)
    ra, rb, rc = rows["甲项目"], rows["乙项目"], rows["丙项目"]
    sheet.cell(ra, COL["本月完成投资（万元）"], 80)
    sheet.cell(ra, COL["本年累计完成投资（万元）"], 600)  # May 500 + 80 = 580
    sheet.cell(ra, COL["开工实际时间"], "2019-07-02")  # after June
    sheet.cell(rb, COL["本月完成投资（万元）"], "八十")
    sheet.cell(rc, COL["本月完成投资（万元）"], 5)  # June already submitted
    extra = sheet.max_row + 1
    sheet.cell(extra, COL["项目ID"], unit["other"].pk)  # another county's project
    sheet.cell(extra, COL["本月完成投资（万元）"], 1)
    plan = plan_updates_import(_save(book), actor=haining_reporter, today=dt.date(2019, 12, 1))
    found = {(f.sheet, f.row, f.column.split("（")[0]) for f in plan.findings}
    assert found == {
        ("月度进展", ra, "F"),
        ("月度进展", ra, "M"),
        ("月度进展", rb, "E"),
        ("月度进展", rc, "B"),
        ("月度进展", extra, "B"),
    }, plan.findings
    assert not plan.ok and ProjectUpdate.objects.filter(year=2019, month=6).count() == 1


def test_upload_preview_confirm_writes_all_rows_atomically_as_the_user(
    client: Any, unit: dict[str, Any], haining_reporter: Any, django_capture_on_commit_callbacks: Any
) -> None:
    book = _template(unit, haining_reporter)
    sheet = book.active
    rows = _rows_by_name(sheet)
    sheet.cell(rows["甲项目"], COL["本月完成投资（万元）"], 80.5)
    sheet.cell(rows["甲项目"], COL["形象进度"], "主体结构封顶")
    sheet.cell(rows["甲项目"], COL["开工实际时间"], dt.datetime(2019, 6, 3))
    sheet.cell(rows["乙项目"], COL["本月完成投资（万元）"], 20)
    sheet.cell(rows["乙项目"], COL["本年累计完成投资（万元）"], 320)
    client.force_login(haining_reporter)
    assert client.get(reverse("projects:projectupdate_upload")).status_code == 200
    upload = _save(book)
    upload.name = "海宁6月.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("projects:projectupdate_upload"), {"file": upload})
    preview = Job.objects.get(kind=UPDATES_PREVIEW)
    assert response.status_code == 302 and preview.status == JobStatus.SUCCEEDED, preview.result
    assert (preview.result["updates"], preview.result["errors"], preview.result["skipped"]) == (2, 0, 1), preview.result
    page = client.get(reverse("projects:projectupdate_upload_preview", args=[preview.pk]))
    assert 'data-testid="confirm-import"' in page.content.decode()
    assert not ProjectUpdate.objects.filter(project=unit["a"], month=6).exists()  # the preview wrote nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("projects:projectupdate_upload_preview", args=[preview.pk]))
    applied = Job.objects.get(kind=UPDATES_APPLY)
    assert applied.status == JobStatus.SUCCEEDED and applied.result["applied"] is True
    a = ProjectUpdate.objects.get(project=unit["a"], year=2019, month=6)
    assert (a.investment_month, a.investment_ytd, a.progress_text) == (
        Decimal("80.50"),
        Decimal("580.50"),
        "主体结构封顶",
    )
    assert a.history.first().history_user == haining_reporter
    assert ProjectUpdate.objects.get(project=unit["b"], month=6).investment_ytd == Decimal("320.00")
    assert ProjectNode.objects.get(project=unit["a"], node=Node.STARTED).actual_date == dt.date(2019, 6, 3)


def test_a_user_without_the_permission_gets_403(client: Any, make_user: Any) -> None:
    from accounts.choices import Role

    client.force_login(make_user(Role.LEADER, "330400"))
    assert client.get(reverse("projects:projectupdate_upload")).status_code == 403
