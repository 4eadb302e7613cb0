"""The duty table (部门责任分解表) import: one pipeline, findings by sheet/row/column, nothing written until clean.

The table is built in the style of the bureau's duty tables under the 2019 investment notice (嘉经信投资〔2019〕15号,
imported from the seed's own decomposition table): one row per duty, 牵头单位 and 配合单位 as the notice names
departments ("市经信局" for the city's, "海宁市经信局" for a county's), several in a cell separated by 、.
"""

from __future__ import annotations

import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.choices import DutyRole
from assessment.importing import apply_import, plan_import
from assessment.models import Duty
from core.actors import SYSTEM
from jobs.models import Job
from regions.choices import DepartmentLevel
from targets.models import Plan
from targets.seeds import load_seed_plans
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

NOTICE = "嘉经信投资〔2019〕15号"
HEADER = ["序号", "计划", "工作任务", "牵头单位", "配合单位", "相关指标"]
DUTY_TABLE = [
    ["2019年工业投资和技术改造工作部门责任分解表", "", "", "", "", ""],
    HEADER,
    [
        "1",
        NOTICE,
        "加快重大产业项目前期工作，确保全年工业投资780亿元",
        "市发改委",
        "市经信局、市自然资源和规划局",
        "工业投资",
    ],
    [
        "2",
        NOTICE,
        "组织实施700项重点技改项目",
        "市经信局",
        "海宁市经信局",
        "700项重点技改项目投资、数字经济核心产业（制造业）、高端装备（制造业）产业投资占比",
    ],
    ["3", NOTICE, "保障工业项目用地，推进“标准地”出让", "市自然资源和规划局", "", ""],
]


def workbook(rows: list[list[str]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("部门责任分解")
    sheet.merge_range(0, 0, 0, len(HEADER) - 1, rows[0][0])
    for r, row in enumerate(rows[1:], start=1):
        for c, text in enumerate(row):
            sheet.write_string(r, c, text)
    book.close()
    return out.getvalue()


def changed(row: int, column: int, text: str) -> list[list[str]]:
    rows = [list(r) for r in DUTY_TABLE]
    rows[row][column] = text
    return rows


@pytest.fixture
def departments(regions):
    city, haining = regions["330400"], regions["330481"]
    return {
        "发改": DepartmentFactory(
            name="嘉兴市发展和改革委员会", short_name="市发改委", level=DepartmentLevel.CITY, region=city
        ),
        "经信": DepartmentFactory(
            name="嘉兴市经济和信息化局", short_name="市经信局", level=DepartmentLevel.CITY, region=city
        ),
        "资规": DepartmentFactory(
            name="嘉兴市自然资源和规划局", short_name="市自然资源和规划局", level=DepartmentLevel.CITY, region=city
        ),
        "海宁经信": DepartmentFactory(
            name="海宁市经济和信息化局", short_name="海宁市经信局", level=DepartmentLevel.COUNTY, region=haining
        ),
    }


@pytest.fixture
def plan(regions):
    load_seed_plans(actor=SYSTEM)
    return Plan.objects.get(document_number=NOTICE)


def findings(result):
    return [(f.sheet, f.row, f.column, f.message) for f in result.findings]


def test_a_clean_table_previews_every_duty_and_writes_nothing(plan, departments, city_staff):
    result = plan_import(io.BytesIO(workbook(DUTY_TABLE)), actor=city_staff)

    assert result.ok, findings(result)
    assert (result.sheet, result.creates, result.updates) == ("部门责任分解", 6, 0)
    assert not Duty.objects.exists()


def test_applying_creates_the_duties_with_roles_and_indicators(plan, departments, city_staff):
    apply_import(io.BytesIO(workbook(DUTY_TABLE)), actor=city_staff)

    duties = {(d.department.short_name, d.text[:6]): d for d in Duty.objects.select_related("department")}
    assert len(duties) == 6
    assert duties[("市发改委", "加快重大产业")].role == DutyRole.LEAD
    assert duties[("市经信局", "加快重大产业")].role == DutyRole.COOPERATING
    assert duties[("海宁市经信局", "组织实施70")].role == DutyRole.COOPERATING
    assert [i.name for i in duties[("市发改委", "加快重大产业")].indicators.all()] == ["工业投资"]
    assert {i.name for i in duties[("市经信局", "组织实施70")].indicators.all()} == {
        "700项重点技改项目投资",
        "数字经济核心产业（制造业）、高端装备（制造业）产业投资占比",
    }
    assert all(d.plan == plan for d in duties.values())


def test_importing_again_updates_the_existing_duties(plan, departments, city_staff):
    apply_import(io.BytesIO(workbook(DUTY_TABLE)), actor=city_staff)

    again = plan_import(io.BytesIO(workbook(changed(4, 4, "市发改委"))), actor=city_staff)
    apply_import(io.BytesIO(workbook(changed(4, 4, "市发改委"))), actor=city_staff)

    assert (again.creates, again.updates) == (1, 6)
    assert Duty.objects.count() == 7


@pytest.mark.parametrize(
    ("row", "column", "text", "where", "message"),
    [
        (2, 3, "市交通运输局", "D（牵头单位）", "未找到部门或不在您的数据范围内：市交通运输局"),
        (3, 4, "市经信局、市统计局", "E（配合单位）", "未找到部门或不在您的数据范围内：市统计局"),
        (2, 3, "", "D（牵头单位）", "须填写牵头单位"),
        (2, 1, "嘉经信投资〔2019〕99号", "B（计划）", "未找到计划或不在您的数据范围内：嘉经信投资〔2019〕99号"),
        (2, 5, "工业投资、工业总产值", "F（相关指标）", "计划中没有指标“工业总产值”"),
        (4, 2, "", "C（工作任务）", "须填写工作任务"),
    ],
)
def test_each_problem_is_a_finding_at_its_cell_and_nothing_is_written(
    plan, departments, city_staff, row, column, text, where, message
):
    data = workbook(changed(row, column, text))

    result = apply_import(io.BytesIO(data), actor=city_staff)

    assert ("部门责任分解", row + 1, where, message) in findings(result)
    assert not result.ok and not Duty.objects.exists()


def test_a_name_two_departments_share_is_ambiguous(plan, departments, regions, city_staff):
    for code, name in (("330481", "海宁市经济和信息化局（大数据局）"), ("330483", "桐乡市经济和信息化局")):
        DepartmentFactory(name=name, short_name="经信局", level=DepartmentLevel.COUNTY, region=regions[code])

    result = plan_import(io.BytesIO(workbook(changed(3, 4, "经信局"))), actor=city_staff)

    assert ("部门责任分解", 4, "E（配合单位）", "“经信局”对应多个部门（海宁市、桐乡市），请写全称") in findings(result)


def test_a_county_user_cannot_name_the_citys_departments(plan, departments, make_user):
    haining = make_user("county_staff", "330481")

    result = plan_import(io.BytesIO(workbook(DUTY_TABLE)), actor=haining)

    assert "未找到部门或不在您的数据范围内：市发改委" in [f.message for f in result.findings]


def test_the_page_previews_and_confirms_through_jobs(
    client, plan, departments, city_staff, django_capture_on_commit_callbacks
):
    client.force_login(city_staff)
    assert client.get(reverse("assessment:duty_import_template")).status_code == 200
    upload = SimpleUploadedFile("责任分解.xlsx", workbook(DUTY_TABLE))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assessment:duty_import"), {"file": upload})
    assert response.status_code == 302
    job = Job.objects.latest("pk")
    preview_url = reverse("assessment:duty_import_preview", args=[job.pk])
    assert client.get(preview_url).status_code == 200 and not Duty.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(preview_url)

    assert Duty.objects.count() == 6


def test_the_api_upload_gives_the_findings(client, plan, departments, city_staff, django_capture_on_commit_callbacks):
    client.force_login(city_staff)
    upload = SimpleUploadedFile("责任分解.xlsx", workbook(changed(2, 3, "市交通运输局")))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/duties/import/", {"file": upload})
    assert response.status_code == 202
    job = client.get(f"/api/duties/import/{response.json()['job']}/").json()

    assert [(f["row"], f["column"]) for f in job["result"]["findings"]] == [(3, "D（牵头单位）")]
    assert client.post(f"/api/duties/import/{response.json()['job']}/confirm/").status_code == 400
    assert not Duty.objects.exists()


# --- the notice's own Word table: no 计划 column, 责任单位 for 牵头单位, a merged title row ---------------------------

WORD_HEADER = ["序号", "重点任务", "责任单位", "配合单位", "相关指标"]


def word_table(rows: list[list[str]] | None = None) -> bytes:
    """A .docx as notices attach duty tables: a heading, then a table whose first row is a title merged across."""
    from docx import Document

    body = rows if rows is not None else [[r[0], *r[2:]] for r in DUTY_TABLE[2:]]  # without the 计划 column
    document = Document()
    document.add_paragraph("2019年工业投资和技术改造工作部门责任分解表")
    table = document.add_table(rows=2 + len(body), cols=len(WORD_HEADER))
    title = table.cell(0, 0).merge(table.cell(0, len(WORD_HEADER) - 1))
    title.text = "部门责任分解表"
    for c, text in enumerate(WORD_HEADER):
        table.cell(1, c).text = text
    for r, row in enumerate(body, start=2):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_table_without_a_plan_column_needs_the_plan_chosen(plan, departments, city_staff):
    result = apply_import(io.BytesIO(word_table()), actor=city_staff)

    assert findings(result) == [("表1", 2, "计划", "表中没有“计划”列：请在上传时选择这些工作任务所属的计划")]
    assert not Duty.objects.exists()


def test_a_word_table_imports_into_the_chosen_plan(plan, departments, city_staff):
    preview = plan_import(io.BytesIO(word_table()), actor=city_staff, plan_id=plan.pk)
    assert preview.ok, findings(preview)
    assert (preview.sheet, preview.creates) == ("表1", 6)

    apply_import(io.BytesIO(word_table()), actor=city_staff, plan_id=plan.pk)

    duties = {(d.department.short_name, d.text[:6]): d for d in Duty.objects.select_related("department")}
    assert len(duties) == 6 and all(d.plan == plan for d in duties.values())
    assert duties[("市发改委", "加快重大产业")].role == DutyRole.LEAD  # 责任单位 read as 牵头单位
    assert [i.name for i in duties[("市发改委", "加快重大产业")].indicators.all()] == ["工业投资"]


def test_a_problem_in_a_word_table_is_located_by_table_row_and_column(plan, departments, city_staff):
    rows = [[r[0], *r[2:]] for r in DUTY_TABLE[2:]]
    rows[1][2] = "市交通运输局"

    result = plan_import(io.BytesIO(word_table(rows)), actor=city_staff, plan_id=plan.pk)

    assert findings(result) == [("表1", 4, "C（牵头单位）", "未找到部门或不在您的数据范围内：市交通运输局")]


def test_a_plan_the_user_cannot_see_is_not_chosen(plan, departments, regions, make_user):
    other = Plan.objects.create(title="平湖市计划", year_start=2019, year_end=2019, scope_region=regions["330482"])
    county = make_user("county_staff", "330481")

    result = plan_import(io.BytesIO(word_table()), actor=county, plan_id=other.pk)

    assert "表中没有“计划”列：请在上传时选择这些工作任务所属的计划" in [f.message for f in result.findings]


def test_the_page_offers_the_plan_picker_and_imports_a_word_table(
    client, plan, departments, city_staff, django_capture_on_commit_callbacks
):
    client.force_login(city_staff)
    page = client.get(reverse("assessment:duty_import")).content.decode()
    assert 'name="plan"' in page and plan.title in page
    upload = SimpleUploadedFile("部门责任分解表.docx", word_table())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assessment:duty_import"), {"file": upload, "plan": plan.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = Job.objects.latest("pk")
    assert job.result["errors"] == 0, job.result
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assessment:duty_import_preview", args=[job.pk]))
    assert Duty.objects.filter(plan=plan).count() == 6


def test_the_api_takes_a_word_table_and_the_plan(
    client, plan, departments, city_staff, django_capture_on_commit_callbacks
):
    client.force_login(city_staff)
    upload = SimpleUploadedFile("部门责任分解表.docx", word_table())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/duties/import/", {"file": upload, "plan_id": plan.pk})
    assert response.status_code == 202, response.content
    job = client.get(f"/api/duties/import/{response.json()['job']}/").json()
    assert job["result"]["errors"] == 0, job["result"]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/api/duties/import/{response.json()['job']}/confirm/").status_code == 202
    assert Duty.objects.filter(plan=plan).count() == 6
