"""Excel import end to end through the pages: upload → job page → preview → confirm → apply job.

Huey runs in immediate mode in tests; a job is handed to the queue on commit, so every step that
starts a job runs inside `django_capture_on_commit_callbacks(execute=True)`.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enterprises.jobs import APPLY, PREVIEW
from enterprises.models import Enterprise, Industry, Tag
from jobs.choices import JobStatus
from jobs.models import Job
from tests.factories import EnterpriseFactory, valid_uscc

from .workbooks import HEADER, enterprise_row, write_workbook, wrong_check_char

pytestmark = pytest.mark.django_db

HistoricalEnterprise = Enterprise.history.model


def upload(client: Any, path: Path, capture: Any) -> Job:
    """Upload the file on the import page; return the preview job it started (already run)."""
    with capture(execute=True), path.open("rb") as fh:
        response = client.post(reverse("enterprises:enterprise_import"), {"file": fh})
    assert response.status_code == 302
    job = Job.objects.get(pk=int(re.search(r"/(\d+)/$", response["Location"]).group(1)))  # type: ignore[union-attr]
    assert response["Location"] == reverse("jobs:job_detail", args=[job.pk])
    job.refresh_from_db()
    return job


def follow_job_page(client: Any, job: Job) -> str:
    """The job page shows the finished job and links to its result (the preview)."""
    page = client.get(reverse("jobs:job_detail", args=[job.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    preview_url = reverse("enterprises:enterprise_import_preview", args=[job.pk])
    assert "已完成" in html
    assert f'href="{preview_url}"' in html
    return preview_url


def confirm(client: Any, preview_job: Job, capture: Any) -> Any:
    with capture(execute=True):
        return client.post(reverse("enterprises:enterprise_import_preview", args=[preview_job.pk]))


def snapshot() -> tuple[int, int, int, int]:
    return (
        Enterprise.objects.count(),
        HistoricalEnterprise.objects.count(),
        Tag.objects.count(),
        Enterprise.tags.through.objects.count(),
    )


def test_every_problem_is_listed_with_sheet_row_and_column_and_nothing_is_written(
    client, haining_reporter, regions, tmp_path, django_capture_on_commit_callbacks
):
    # Given an existing enterprise and a file whose rows each carry one (or two) problems
    EnterpriseFactory(region=regions["330481"], name="已有企业")
    good = valid_uscc("330481")
    bad_code, right_char = wrong_check_char(valid_uscc("330481"))
    duplicate = valid_uscc("330481")
    rows = [
        enterprise_row("正常企业甲", uscc=good),  # row 3: fine
        enterprise_row("校验位错误企业", uscc=bad_code),  # row 4
        enterprise_row("重复企业一", uscc=duplicate),  # row 5: fine, first occurrence
        enterprise_row("重复企业二", uscc=duplicate),  # row 6: duplicate of row 5
        enterprise_row("未知地区企业", region="火星区"),  # row 7
        enterprise_row("越权地区企业", region="南湖区", area="330402"),  # row 8: outside 海宁
        enterprise_row("行业错误企业", industry="C99"),  # row 9
        enterprise_row("用地错误企业", land="十二亩"),  # row 10
        enterprise_row("人数错误企业", employees=-5),  # row 11
        enterprise_row("规模错误企业", size="中型"),  # row 12
        enterprise_row("两处错误企业", land="-3", size="大"),  # row 13: two problems
    ]
    path = write_workbook(tmp_path / "企业.xlsx", rows, sheet="企业名单", title="2026年企业名单")
    client.force_login(haining_reporter)
    before = snapshot()

    # When it is uploaded
    job = upload(client, path, django_capture_on_commit_callbacks)

    # Then the preview job has finished and lists every problem, located as Excel shows it
    assert job.kind == PREVIEW and job.status == JobStatus.SUCCEEDED
    result = job.result
    found = {(f["sheet"], f["row"], f["column"], f["message"]) for f in result["findings"]}
    expected = {
        (
            "企业名单",
            4,
            "A（统一社会信用代码）",
            f"统一社会信用代码校验位错误：第18位应为“{right_char}”，实际为“{bad_code[17]}”：{bad_code}",
        ),
        ("企业名单", 6, "A（统一社会信用代码）", "与第 5 行的信用代码重复"),
        ("企业名单", 7, "C（属地）", "无法识别的地区名称“火星区”"),
        ("企业名单", 8, "C（属地）", "“南湖区”不在您的管辖范围内"),
        ("企业名单", 9, "D（行业代码）", "行业“C99”不在 GB/T 4754-2017 行业表中"),
        ("企业名单", 10, "F（用地面积（亩））", "用地面积应为不小于0的数字，实际为“十二亩”"),
        ("企业名单", 11, "G（从业人员（人））", "从业人员应为不小于0的整数，实际为“-5”"),
        ("企业名单", 12, "E（规模）", "规模应为“规上”或“规下”，实际为“中型”"),
        ("企业名单", 13, "E（规模）", "规模应为“规上”或“规下”，实际为“大”"),
        ("企业名单", 13, "F（用地面积（亩））", "用地面积应为不小于0的数字，实际为“-3”"),
    }
    assert found == expected
    assert all(f["severity"] == "error" for f in result["findings"])
    assert result["errors"] == len(expected) == result["findings_total"]
    assert result["rows_total"] == len(rows)

    # and the job page leads to the preview page, which shows each finding and no confirm button
    preview_url = follow_job_page(client, job)
    page = client.get(preview_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="import-blocked"' in html
    assert 'data-testid="confirm-import"' not in html
    for _sheet, row, column, message in expected:
        assert f"<td>{row}</td><td>{column}</td><td>{message}</td>" in html

    # and confirming anyway is refused: no apply job, nothing written
    response = confirm(client, job, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == preview_url
    assert not Job.objects.filter(kind=APPLY).exists()
    assert snapshot() == before
    assert not Enterprise.objects.filter(uscc=good).exists()
    messages = [str(m) for m in client.get(preview_url).context["messages"]]
    assert messages == ["该文件存在错误，不能导入；请修改后重新上传。"]


def test_a_file_with_errors_is_not_written_even_if_applied_directly(haining_reporter, regions, tmp_path):
    """apply_import validates again and writes nothing when a single row is wrong."""
    from enterprises.importing import apply_import

    rows = [enterprise_row(f"企业{i}") for i in range(5)] + [enterprise_row("坏行", employees="很多")]
    path = write_workbook(tmp_path / "bad.xlsx", rows)
    before = snapshot()
    plan = apply_import(str(path), actor=haining_reporter, reason="测试")
    assert not plan.ok
    assert [(f.row, f.column) for f in plan.errors] == [(7, "G（从业人员（人））")]
    assert snapshot() == before


def test_clean_import_creates_and_updates_with_one_history_record_per_row(
    client, city_staff, regions, tmp_path, django_capture_on_commit_callbacks
):
    # Given an enterprise already registered in 海宁 and an unrelated one
    existing = EnterpriseFactory(
        region=regions["330481"], name="海宁老企业", employees=10, land_mu=Decimal("5.00"), size_class="below"
    )
    untouched = EnterpriseFactory(region=regions["330402"], name="南湖不相关企业")
    old_updated_at = existing.updated_at
    new_a, new_b = valid_uscc("330402"), valid_uscc("330400")
    rows = [
        enterprise_row("海宁老企业（更名）", uscc=existing.uscc, employees=120, land="5", size="规上", tags="专精特新"),
        enterprise_row(
            "南湖新企业",
            region="南湖",  # an alias
            uscc=new_a,
            industry="34",  # a division written without the letter
            size="规下",
            land="1,234.5",
            employees=300,
            listed="是",
            address="南湖大道1号",
            tags="专精特新；高新技术",
        ),
        enterprise_row(
            "经开区新企业",
            region="嘉兴经济技术开发区(国际商务区)",  # half-width brackets
            uscc=new_b.lower(),
            industry="C13",
            land=None,
            employees=None,
        ),
    ]
    path = write_workbook(tmp_path / "clean.xlsx", rows)
    client.force_login(city_staff)

    # When the file is uploaded, previewed and confirmed
    preview_job = upload(client, path, django_capture_on_commit_callbacks)
    assert preview_job.result["errors"] == 0
    assert (preview_job.result["creates"], preview_job.result["updates"], preview_job.result["unchanged"]) == (2, 1, 0)
    preview_url = follow_job_page(client, preview_job)
    page = client.get(preview_url).content.decode()
    assert 'data-testid="confirm-import"' in page
    assert re.search(r'data-testid="creates">2<', page) and re.search(r'data-testid="updates">1<', page)
    history_before = HistoricalEnterprise.objects.count()

    response = confirm(client, preview_job, django_capture_on_commit_callbacks)

    # Then an apply job ran and its page reports the import as done
    apply_job = Job.objects.get(kind=APPLY)
    assert response["Location"] == reverse("jobs:job_detail", args=[apply_job.pk])
    assert apply_job.status == JobStatus.SUCCEEDED, apply_job.message
    assert apply_job.user == city_staff
    assert apply_job.params["preview_job"] == preview_job.pk
    done = client.get(follow_job_page(client, apply_job)).content.decode()
    assert 'data-testid="import-done"' in done

    # and the rows are written as the file says
    a = Enterprise.objects.get(uscc=new_a)
    assert (a.name, a.region.code, a.industry.code, a.size_class) == ("南湖新企业", "330402", "C34", "below")
    assert (a.land_mu, a.employees, a.listed, a.address) == (Decimal("1234.50"), 300, True, "南湖大道1号")
    assert sorted(a.tags.values_list("name", flat=True)) == ["专精特新", "高新技术"]
    b = Enterprise.objects.get(uscc=new_b)
    assert (b.region.code, b.industry, b.land_mu, b.employees) == (
        "330400-ETDZ",
        Industry.objects.get(code="C13"),
        None,
        None,
    )
    existing.refresh_from_db()
    assert (existing.name, existing.employees, existing.size_class) == ("海宁老企业（更名）", 120, "above")
    assert list(existing.tags.values_list("name", flat=True)) == ["专精特新"]
    assert existing.updated_at > old_updated_at

    # and each row has exactly one new history record naming the importing user and the job
    new_records = HistoricalEnterprise.objects.filter(history_id__gt=0).order_by("history_id")[history_before:]
    assert HistoricalEnterprise.objects.count() == history_before + 3
    by_uscc = {r.uscc: r for r in new_records}
    assert set(by_uscc) == {existing.uscc, new_a, new_b}
    for record in by_uscc.values():
        assert record.history_user == city_staff
        assert record.history_change_reason.startswith(f"Excel导入（任务 #{apply_job.pk}，文件 clean.xlsx")
    assert by_uscc[new_a].history_type == "+" and by_uscc[new_b].history_type == "+"
    update = by_uscc[existing.uscc]
    assert update.history_type == "~"
    delta = {c.field: (c.old, c.new) for c in update.diff_against(update.prev_record).changes}
    assert delta["name"] == ("海宁老企业", "海宁老企业（更名）")
    assert delta["employees"] == (10, 120)
    assert not untouched.history.exclude(history_type="+").exists()

    # When the same file is imported again, everything is reported unchanged
    again = upload(client, path, django_capture_on_commit_callbacks)
    assert (again.result["creates"], again.result["updates"], again.result["unchanged"], again.result["errors"]) == (
        0,
        0,
        3,
        0,
    )


def test_reimporting_an_exported_file_changes_nothing(
    client, city_staff, regions, tmp_path, django_capture_on_commit_callbacks
):
    """The export's layout is the import's layout: exporting and importing back is a no-op."""
    e = EnterpriseFactory(region=regions["330483"], land_mu=Decimal("7.25"), employees=33, listed=True, address="桐乡")
    e.tags.set([Tag.objects.create(name="链主")])
    EnterpriseFactory(region=regions["330421"])
    client.force_login(city_staff)
    response = client.get(reverse("enterprises:enterprise_export"))
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    job = upload(client, path, django_capture_on_commit_callbacks)
    assert job.result["errors"] == 0, job.result["findings"]
    assert (job.result["rows_total"], job.result["unchanged"]) == (2, 2)


def test_an_existing_code_registered_in_another_region_cannot_be_changed(haining_reporter, regions, tmp_path):
    """A unit may not overwrite (or take over) a company registered outside its scope."""
    from enterprises.importing import plan_import

    other = EnterpriseFactory(region=regions["330402"])
    header = ("企业名称", "属地", "统一社会信用代码")  # the code is not in column A here
    path = write_workbook(tmp_path / "takeover.xlsx", [("改名", "海宁市", other.uscc)], header=header)
    plan = plan_import(str(path), actor=haining_reporter)
    assert [(f.row, f.column, f.message) for f in plan.errors] == [
        (2, "C（统一社会信用代码）", "该信用代码已由其他地区登记，您无权修改")
    ]


def test_missing_required_columns_and_unreadable_files_are_findings(haining_reporter, regions, tmp_path):
    from enterprises.importing import plan_import

    no_header = write_workbook(tmp_path / "nohead.xlsx", [("a", "b")], header=("名称", "地址"))
    plan = plan_import(str(no_header), actor=haining_reporter)
    assert [f.message for f in plan.errors] == ["未找到表头：需要包含“统一社会信用代码”的一行"]

    no_region = write_workbook(tmp_path / "noregion.xlsx", [], header=("统一社会信用代码", "企业名称"))
    plan = plan_import(str(no_region), actor=haining_reporter)
    assert [f.message for f in plan.errors] == ["缺少必需的列“属地”"]

    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"not a workbook")
    plan = plan_import(str(garbage), actor=haining_reporter)
    assert len(plan.errors) == 1 and plan.errors[0].message.startswith("无法读取文件")


def test_upload_rejects_files_that_are_not_excel(client, haining_reporter, tmp_path):
    client.force_login(haining_reporter)
    path = tmp_path / "list.csv"
    path.write_text("统一社会信用代码\n")
    with path.open("rb") as fh:
        response = client.post(reverse("enterprises:enterprise_import"), {"file": fh})
    assert response.status_code == 200
    assert "文件内容不是可接受的类型" in response.content.decode()
    assert not Job.objects.exists()


def test_import_pages_need_the_add_permission_and_the_jobs_owner(client, make_user, haining_reporter, tmp_path):
    from accounts.choices import Role

    leader = make_user(Role.LEADER, "330400")
    client.force_login(leader)
    assert client.get(reverse("enterprises:enterprise_import")).status_code == 403

    # a preview job of the 海宁 reporter is not found for another reporter with the add permission
    job = Job.objects.create(kind=PREVIEW, title="x", user=haining_reporter, status=JobStatus.SUCCEEDED, result={})
    other = make_user(Role.UNIT_REPORTER, "330481")
    client.force_login(other)
    url = reverse("enterprises:enterprise_import_preview", args=[job.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_import_template_has_the_import_header(client, city_staff):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(city_staff)
    response = client.get(reverse("enterprises:enterprise_import_template"))
    ws = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    header = [c.value for c in ws[1]]
    from .workbooks import HEADER

    assert tuple(header) == HEADER


def test_updating_many_rows_writes_every_field_and_a_history_record_each(haining_reporter, regions, tmp_path):
    """More rows than one UPDATE batch (SQLite: 99 rows of ten columns), every kind of value."""
    from enterprises.importing import apply_import

    existing = [
        EnterpriseFactory(region=regions["330481"], name=f"批量{i:03d}", employees=i, land_mu=Decimal("1.00"))
        for i in range(230)
    ]
    before = {e.pk: e.updated_at for e in Enterprise.objects.all()}
    rows = [
        enterprise_row(
            f"批量{i:03d}（新）",
            region="海宁",
            uscc=e.uscc,
            industry="C13" if i % 2 else "",
            size="规上" if i % 3 else "规下",
            land="" if i % 5 == 0 else f"{i}.25",
            employees=i + 1000,
            listed="是" if i % 7 == 0 else "否",
            address=f"地址{i}",
        )
        for i, e in enumerate(existing)
    ]
    path = write_workbook(tmp_path / "many.xlsx", rows)
    history_before = HistoricalEnterprise.objects.count()

    plan = apply_import(str(path), actor=haining_reporter, reason="批量更新")

    assert plan.ok and len(plan.updates) == 230 and not plan.creates
    c13 = Industry.objects.get(code="C13")
    for i, e in enumerate(Enterprise.objects.filter(pk__in=[e.pk for e in existing]).order_by("name")):
        assert e.name == f"批量{i:03d}（新）"
        assert e.industry_id == (c13.pk if i % 2 else None)
        assert e.size_class == ("above" if i % 3 else "below")
        assert e.land_mu == (None if i % 5 == 0 else Decimal(f"{i}.25"))
        assert (e.employees, e.listed, e.address) == (i + 1000, i % 7 == 0, f"地址{i}")
        assert e.updated_at > before[e.pk]
        assert isinstance(e.updated_at, dt.datetime) and e.updated_at.year >= 2024
    assert HistoricalEnterprise.objects.count() == history_before + 230
    records = HistoricalEnterprise.objects.filter(history_change_reason="批量更新")
    assert records.count() == 230 and {r.history_user for r in records} == {haining_reporter}
    assert {r.employees for r in records} == {i + 1000 for i in range(230)}


def test_the_fast_check_of_compact_codes_agrees_with_python_stdnum():
    """The importer's shortcut for codes already written compactly accepts exactly what stdnum accepts."""
    import random

    from stdnum.cn import uscc

    from enterprises.importing import _valid_compact_uscc
    from enterprises.validators import clean_uscc

    rng = random.Random(2026)
    noise = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz -！"
    cases = []
    for _ in range(3000):
        code = valid_uscc(rng.choice(["330481", "330402", "330400"]))
        if rng.random() < 0.5:
            i = rng.randrange(18)
            code = code[:i] + rng.choice(noise) + code[i + 1 :]
        cases.append(code)
    accepted = 0
    for code in cases:
        fast = _valid_compact_uscc(code)
        if fast:
            accepted += 1
            assert uscc.is_valid(code) and uscc.compact(code) == code == fast
            assert clean_uscc(code) == code
        elif uscc.is_valid(code):  # valid, but not written compactly: the slow path normalises it
            assert uscc.compact(code) != code
    assert 1000 < accepted < 2500  # both branches were exercised


def test_imported_tags_are_in_the_history_and_a_file_without_tags_keeps_them(haining_reporter, regions, tmp_path):
    """Tags written by an import appear on the history record the import made (before → after in
    the operation log); a file without a 标签 column leaves the enterprises' tags as they were."""
    from enterprises.importing import apply_import
    from enterprises.models import Enterprise

    code = valid_uscc("330481")
    path = write_workbook(
        tmp_path / "tags.xlsx", [enterprise_row("嘉兴标签测试有限公司", uscc=code, tags="专精特新；高新技术企业")]
    )
    assert apply_import(path, actor=haining_reporter, reason="导入一").ok
    enterprise = Enterprise.objects.get(uscc=code)
    record = enterprise.history.filter(history_change_reason="导入一").latest("history_id")
    assert sorted(record.tags.values_list("tag__name", flat=True)) == ["专精特新", "高新技术企业"]

    header = [h for h in HEADER if h != "标签"]
    row = enterprise_row("嘉兴标签测试有限公司（更名）", uscc=code)[:-1]
    path = write_workbook(tmp_path / "notags.xlsx", [row], header=header)
    assert apply_import(path, actor=haining_reporter, reason="导入二").ok
    enterprise.refresh_from_db()
    assert enterprise.name == "嘉兴标签测试有限公司（更名）"
    assert sorted(enterprise.tags.values_list("name", flat=True)) == ["专精特新", "高新技术企业"]


def test_formulas_without_stored_results_are_findings_not_blanks(haining_reporter, regions, tmp_path):
    """Issue 11 point 4: openpyxl writes formulas without a result; calamine would read them as empty."""
    from enterprises.importing import plan_import

    path = write_workbook(
        tmp_path / "formulas.xlsx",
        [enterprise_row("公式有限公司", land="=10+2.5", employees="=F2*8"), enterprise_row("常规有限公司")],
    )
    before = snapshot()
    plan = plan_import(str(path), actor=haining_reporter)
    assert [(f.sheet, f.row, f.column, f.severity) for f in plan.findings] == [
        ("企业", 2, "F", "error"),
        ("企业", 2, "G", "error"),
    ]
    assert "公式没有保存计算结果" in plan.findings[0].message
    assert not plan.ok
    with path.open("rb") as fh:  # the same from an upload (a file object)
        assert [f.column for f in plan_import(fh, actor=haining_reporter).errors] == ["F", "G"]
    assert snapshot() == before


def test_text_that_would_run_as_a_formula_is_a_finding(haining_reporter, regions, tmp_path):
    """Issue 11 point 2: "=…" is refused; "+86 …" is shown as a warning and imported (exports keep it text)."""
    from enterprises.importing import plan_import

    injection = '=HYPERLINK("http://x","点击")'
    path = write_workbook(
        tmp_path / "injection.xlsx",
        [enterprise_row("待替换"), enterprise_row("电话有限公司", address="+86 573 8765 4321")],
    )
    book = load_workbook(path)
    book.active["B2"].value = injection
    book.active["B2"].data_type = "s"  # text, as a user types it after an apostrophe (openpyxl would make a formula)
    book.save(path)
    plan = plan_import(str(path), actor=haining_reporter)
    assert [(f.row, f.column, f.severity) for f in plan.findings] == [
        (2, "B", "error"),
        (3, "I", "warning"),
    ]
    assert not plan.ok
