"""Pages: import (upload or paste → preview → confirm), plan page, exports, list query counts."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.actors import SYSTEM
from jobs.models import Job
from targets.models import Plan, Target
from targets.seeds import JIAXING_2019, JIAXING_SMART_2019_2021, load_seed_plans

from .notices import docx_bytes, with_cell, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    """POST the import form; the job starts on commit, which the test runs (Huey is immediate in tests)."""

    def post(name=None, data=None, **fields):
        if name is not None:
            fields["file"] = SimpleUploadedFile(name, data)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("targets:plan_import"), fields)
        assert response.status_code == 302, response.content[:2000]
        return finished(Job.objects.latest("pk"))

    return post


def finished(job):
    job.refresh_from_db()
    assert job.result is not None, job.message
    return job


def confirm_data(regions, table, **extra):
    meta = table.metadata
    data = {
        "title": meta["title"],
        "document_number": meta["document_number"],
        "issuer": meta["issuer"],
        "issued_on": meta["issued_on"].isoformat(),
        "year_start": meta["year_start"],
        "year_end": meta["year_end"],
        "scope_region": regions["330400"].pk,
        "notes": "",
    }
    return {**data, **extra}


def kind_fields(job):
    fields = {}
    for i, ind in enumerate(job.result["indicators"]):
        fields[f"kind_{i}"] = ind["kind"]
        fields[f"direction_{i}"] = ind["direction"]
    return fields


def test_import_docx_preview_and_confirm(client, regions, city_staff, upload):
    client.force_login(city_staff)
    job = upload("notice.docx", docx_bytes(JIAXING_2019))
    preview_url = reverse("targets:plan_import_preview", args=[job.pk])
    response = client.get(preview_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "嘉兴经济技术开发区（国际商务区）" in html and "330400-ETDZ" in html
    assert "工业投资" in html and "780" in html
    form = response.context["form"]
    assert form.initial["document_number"] == "嘉经信投资〔2019〕15号"
    assert form.initial["scope_region"] == regions["330400"]
    response = client.post(preview_url, {**confirm_data(regions, JIAXING_2019), **kind_fields(job)})
    assert response.status_code == 302, response.context["form"].errors
    plan = Plan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    assert plan.history.get().history_user == city_staff
    assert Target.objects.filter(indicator__plan=plan).count() == 90


def test_import_pasted_text_with_the_user_correcting_a_kind(client, regions, city_staff, upload):
    client.force_login(city_staff)
    job = upload(text=JIAXING_SMART_2019_2021.tsv())
    assert job.params["pasted"] is True
    assert job.result["ok"] is True
    fields = kind_fields(job)
    names = [ind["name"] for ind in job.result["indicators"]]
    fields[f"kind_{names.index('拥有省级工程服务公司')}"] = "flow_count"
    response = client.post(
        reverse("targets:plan_import_preview", args=[job.pk]),
        {**confirm_data(regions, JIAXING_SMART_2019_2021), **fields},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get()
    assert plan.indicators.get(name="拥有省级工程服务公司").kind == "flow_count"
    assert (
        Target.objects.get(
            indicator__plan=plan, region__code="330400-PORT", indicator__name="在役工业机器人", year_end=2021
        ).display_value
        == 520
    )


def test_an_import_with_errors_cannot_be_confirmed(client, regions, city_staff, upload):
    client.force_login(city_staff)
    job = upload("bad.xlsx", xlsx(with_cell(JIAXING_2019, 4, 0, "海盐开发区")))
    preview_url = reverse("targets:plan_import_preview", args=[job.pk])
    html = client.get(preview_url).content.decode()
    assert 'data-testid="import-blocked"' in html and 'data-testid="confirm-import"' not in html
    response = client.post(preview_url, {**confirm_data(regions, JIAXING_2019), **kind_fields(job)})
    assert response.status_code == 200
    assert not Plan.objects.exists() and not Target.objects.exists()


def test_warnings_must_be_acknowledged(client, regions, city_staff, upload):
    client.force_login(city_staff)
    job = upload("wrong.xlsx", xlsx(with_cell(JIAXING_2019, 5, 1, "162")))
    preview_url = reverse("targets:plan_import_preview", args=[job.pk])
    html = client.get(preview_url).content.decode()
    assert 'data-testid="mismatch"' in html
    data = {**confirm_data(regions, JIAXING_2019), **kind_fields(job)}
    response = client.post(preview_url, data)
    assert response.status_code == 200 and not Plan.objects.exists()
    assert "accept_warnings" in response.context["form"].errors
    response = client.post(preview_url, {**data, "accept_warnings": "on"})
    assert response.status_code == 302
    assert Target.objects.get(indicator__name="工业投资", region__code="330481").display_value == 162


def test_import_page_requires_add_permission(client, regions, haining_reporter):
    client.force_login(haining_reporter)
    assert client.get(reverse("targets:plan_import")).status_code == 403


def test_another_users_import_job_is_not_found(client, regions, city_staff, make_user, upload):
    client.force_login(city_staff)
    job = upload("2019.xlsx", xlsx(JIAXING_2019))
    other = make_user("city_staff", "330400")
    client.force_login(other)
    assert client.get(reverse("targets:plan_import_preview", args=[job.pk])).status_code == 404


def test_import_form_needs_a_file_or_text(client, regions, city_staff):
    client.force_login(city_staff)
    response = client.post(reverse("targets:plan_import"), {"text": "  "})
    assert response.status_code == 200
    assert not Job.objects.exists()
    response = client.post(reverse("targets:plan_import"), {"file": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert response.status_code == 200 and "file" in response.context["form"].errors


@pytest.fixture
def seeded(regions):
    load_seed_plans(actor=SYSTEM)
    return {p.year_end: p for p in Plan.objects.all()}


def test_plan_page_shows_the_decomposition_like_the_notice(client, seeded, city_staff):
    client.force_login(city_staff)
    table = client.get(seeded[2019].get_absolute_url()).context["grid"]
    assert [c.text for c in table[0] if not c.hidden][:3] == ["单位", "工业投资（亿元）", "高质量工业投资项目（个）"]
    assert [row[0].text for row in table[1:]][-1] == "全市（合计）"
    haining = next(row for row in table if row[0].text == "海宁市")
    assert [c.text for c in haining[1:]][:1] == ["161"]
    smart = client.get(seeded[2021].get_absolute_url()).context["grid"]
    assert [c.text for c in smart[0]][:4] == ["指标", "期间", "全市（合计）", "南湖区"]
    assert smart[1][0].text == "智能化改造投资（亿元）" and smart[1][0].rowspan == 4
    assert [row[1].text for row in smart[1:5]] == ["2019～2021年合计", "2019年", "2020年", "2021年"]
    assert [row[2].text for row in smart[1:5]] == ["1000", "300", "330", "370"]


def test_plan_table_export(client, seeded, city_staff):
    client.force_login(city_staff)
    response = client.get(reverse("targets:plan_table_export", args=[seeded[2021].pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["A1"].value == "嘉兴市深入推进工业企业智能化技术改造三年行动计划（2019～2021年）"
    assert [sheet.cell(2, c).value for c in range(1, 5)] == ["指标", "期间", "全市（合计）", "南湖区"]
    assert sheet["A3"].value == "智能化改造投资（亿元）"
    assert "A3:A6" in {str(r) for r in sheet.merged_cells.ranges}
    assert [sheet.cell(r, 3).value for r in range(3, 7)] == [1000, 300, 330, 370]
    robots_2021 = next(
        r for r in range(3, 20) if sheet.cell(r, 2).value == "到2021年底" and sheet.cell(r, 3).value == 18000
    )
    assert sheet.cell(robots_2021, 12).value == 520  # 嘉兴港区, the last column


def test_target_export_rows(client, seeded, city_staff):
    client.force_login(city_staff)
    response = client.get(reverse("targets:target_export"), {"plan": seeded[2019].pk, "indicator": "工业投资"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [r for r in sheet.iter_rows(min_row=3, values_only=True) if r[1] == "工业投资"]
    assert len(rows) == 10
    assert sum(r[6] for r in rows if r[3] != "嘉兴市") == 780


@pytest.mark.parametrize("name", ["targets:plan_list", "targets:indicator_list", "targets:target_list"])
def test_list_pages_use_a_fixed_number_of_queries(client, seeded, city_staff, name):
    client.force_login(city_staff)
    client.get(reverse(name))  # warm caches (sessions, permissions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert len(queries) <= 15, [q["sql"] for q in queries]


def test_plan_detail_queries_do_not_grow_with_targets(client, seeded, city_staff):
    client.force_login(city_staff)
    counts = []
    for plan in (seeded[2019], seeded[2021]):  # 90 and 120 targets
        client.get(plan.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            client.get(plan.get_absolute_url())
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 15


def test_edit_a_target_through_the_page(client, seeded, city_staff):
    client.force_login(city_staff)
    target = Target.objects.get(indicator__name="工业投资", region__code="330481")
    response = client.post(reverse("targets:target_edit", args=[target.pk]), {"raw_text": "170以上"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.display == "≥170"
    # The change log names the field and shows the notice's unit (issue #12): 161 亿元 → 170 亿元, by the one rule.
    page = client.get(reverse("targets:target_detail", args=[target.pk])).content.decode()
    assert "目标值：</span>161.00 亿元 → 170.00 亿元" in page
    assert "1610000" not in page and "比较方式：</span>完成 → 不低于" in page


def test_api_plan_patch_and_schema(client, seeded, city_staff):
    client.force_login(city_staff)
    plan = seeded[2019]
    response = client.patch(f"/api/plans/{plan.pk}/", {"notes": "按原文导入"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["scope_region"] == "330400"
    assert client.post("/api/plans/", {}, content_type="application/json").status_code == 405
    rows = client.get("/api/targets/", {"plan": plan.pk, "indicator": "工业投资", "region": ""}).json()["results"]
    city = next(r for r in rows if r["region"] == "330400")
    assert (city["display_value"], city["unit"], city["value"], city["storage_unit"]) == (
        "780.000000",
        "亿元",
        "7800000.000000",
        "万元",
    )
    schema = client.get(reverse("api_schema")).content.decode()
    assert "/api/targets/" in schema and "/api/plans/" in schema and "/api/indicators/" in schema


def test_a_formula_without_its_result_blocks_the_import_at_its_cell(client, regions, city_staff, upload):
    from .test_uploads import rewritten

    client.force_login(city_staff)
    job = upload("2019.xlsx", rewritten(xlsx(JIAXING_2019), "B3", "=SUM(B4:B10)"))
    preview_url = reverse("targets:plan_import_preview", args=[job.pk])

    html = client.get(preview_url).content.decode()

    assert "2019年度分解表 B3：" in html and "公式没有保存计算结果" in html
    assert 'data-testid="import-blocked"' in html and 'data-testid="confirm-import"' not in html


def test_an_indicator_takes_its_source_from_the_list_of_registered_sources(client, seeded, city_admin):
    """取数口径 is chosen among the registered sources by name (a tier title's, 新增入库 ...); a key no source
    answers is refused by the page and the API; every computed indicator of the seeded plans names one."""
    from core.sources import get_source
    from targets.models import Indicator

    assert all(get_source(i.source_query) for i in Indicator.objects.filter(source="computed"))
    indicator = Indicator.objects.filter(plan=seeded[2019]).first()
    client.force_login(city_admin)
    url = reverse("targets:indicator_edit", args=[indicator.pk])
    page = client.get(url).content.decode()
    assert 'value="tiers_recognised_xjr"' in page and "企业库：新增入库规上工业企业数" in page
    data = {"name": indicator.name, "kind": indicator.kind, "direction": indicator.direction,
            "order": indicator.order, "series": indicator.series, "source": "computed"}  # fmt: skip
    assert client.post(url, {**data, "source_query": "tiers_recognised_xjx"}).status_code == 200  # the form again
    assert client.post(url, {**data, "source_query": "enterprises_entered_above"}).status_code == 302
    indicator.refresh_from_db()
    assert indicator.source_query == "enterprises_entered_above"
    api = f"/api/indicators/{indicator.pk}/"
    bad = client.patch(api, {"source_query": "tiers_recognised_xjx"}, content_type="application/json")
    assert bad.status_code == 400 and "source_query" in bad.json()
    good = client.patch(api, {"source_query": "tiers_entered_xsg"}, content_type="application/json")
    assert good.status_code == 200, good.content
