"""Excel import of the library in the bureau's layout: export → edit → upload → preview (findings by sheet,
row and column) → confirm → one atomic, audited write. Huey runs in immediate mode in tests."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from jobs.models import Job
from projects.choices import Node, Stage
from projects.importing.projects import apply_import, plan_import
from projects.models import Project, ProjectNode, ProjectYearPlan
from projects.tests.factories import ProjectFactory, ProjectYearPlanFactory

pytestmark = pytest.mark.django_db
D = dt.date
HAINING = "330481"
JIASHAN = "330421"


def exported(client: Any, **params: Any) -> Any:
    response = client.get("/projects/export/", params)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def as_bytes(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_round_trip_updates_creates_and_is_audited(client, regions, city_staff):
    project = ProjectFactory(region=regions[HAINING], code="2019-330481-34-03-000001", name="原项目")
    ProjectNode.objects.create(project=project, node=Node.SIGNED, actual_date=D(2019, 1, 5))
    ProjectYearPlanFactory(project=project, year=2019, planned_investment=Decimal(1200))
    client.force_login(city_staff)
    workbook = exported(client, year=2019)
    sheet = workbook.active
    assert sheet.max_row == 4
    # Edit: the 开工 actual date (columns W/X), the total investment, and one new project row
    sheet["X4"] = dt.datetime(2019, 4, 2)
    sheet["G4"] = 150000
    sheet["I4"] = 2400
    for col, value in zip("BCEFGHIJ", ["新项目", "", "海宁市", "新建", 8000, 1000, 500, 20], strict=True):
        sheet[f"{col}5"] = value
    sheet["K5"] = "智能化改造"
    sheet["L5"] = "700项重点技改"
    data = as_bytes(workbook)

    plan = plan_import(io.BytesIO(data), actor=city_staff)
    assert plan.ok, plan.findings
    assert (len(plan.creates), len(plan.updates), plan.unchanged, plan.year) == (1, 1, 0, 2019)

    # Through the pages: upload → preview job → confirm → apply job
    upload = SimpleUploadedFile("清单.xlsx", data)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/projects/import/", {"file": upload})
    job = Job.objects.get(pk=int(re.search(r"/(\d+)/$", response["Location"]).group(1)))
    preview = client.get(f"/projects/import/{job.pk}/")
    assert preview.status_code == 200 and preview.context["result"]["creates"] == 1
    assert Project.objects.count() == 1  # the preview writes nothing
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"/projects/import/{job.pk}/")
    project.refresh_from_db()
    assert project.total_investment == Decimal(150000)
    assert project.stage == Stage.CONSTRUCTION
    assert set(project.lists.values_list("code", flat=True)) == {"over-1yi", "over-10yi"}
    assert ProjectYearPlan.objects.get(project=project, year=2019).planned_investment == Decimal(2400)
    record = project.history.filter(history_change_reason__startswith="Excel导入").first()
    assert record is not None and record.history_user == city_staff
    new = Project.objects.get(name="新项目")
    assert new.region == regions[HAINING] and new.project_type == "new"
    assert list(new.categories.values_list("name", flat=True)) == ["智能化改造"]
    assert set(new.lists.values_list("code", flat=True)) == {"tech-700"}
    # The categories and lists the import wrote are in the project's history, on the import's record.
    imported = new.history.filter(history_change_reason__startswith="Excel导入").order_by("-history_id").first()
    assert list(imported.categories.values_list("projectcategory__name", flat=True)) == ["智能化改造"]
    assert set(imported.lists.values_list("projectlist__code", flat=True)) == {"tech-700"}

    # Importing the same file again changes nothing
    plan = plan_import(io.BytesIO(as_bytes(exported(client, year=2019))), actor=city_staff)
    assert (len(plan.creates), len(plan.updates), plan.unchanged) == (0, 0, 2)


def test_errors_are_located_and_nothing_is_written(client, regions, city_staff, haining_reporter):
    ProjectFactory(region=regions[JIASHAN], code="2019-330421-00-00-000009")
    client.force_login(city_staff)
    workbook = exported(client)
    sheet = workbook.active
    sheet["B5"] = "坏数据项目"
    sheet["E5"] = "不存在的县"
    sheet["G5"] = "十亿"
    sheet["B6"] = "越级项目"
    sheet["E6"] = "海宁市"
    sheet["G6"] = 100
    sheet["H6"] = 200  # equipment > total
    sheet["M6"] = "2019-13-01"  # 签约 planned: bad date
    sheet["N6"] = dt.datetime(2019, 5, 1)  # 签约 actual
    sheet["X6"] = dt.datetime(2019, 4, 1)  # 开工 actual before 签约
    sheet["L6"] = "没有的清单"
    data = as_bytes(workbook)
    before = Project.objects.count()
    plan = apply_import(io.BytesIO(data), actor=city_staff, reason="test")
    assert not plan.ok
    assert Project.objects.count() == before
    where = {(f.row, f.column.split("（")[0]) for f in plan.errors}
    assert {(5, "E"), (5, "G"), (6, "H"), (6, "M"), (6, "X"), (6, "L")} <= where
    assert all(f.sheet == "重点项目清单" for f in plan.errors)
    # A unit reporter may not touch the other unit's project (row 4 is 嘉善's)
    plan = plan_import(io.BytesIO(as_bytes(exported(client))), actor=haining_reporter)
    assert [(f.row, f.column) for f in plan.errors] == [(4, "E（所属单位）")]
