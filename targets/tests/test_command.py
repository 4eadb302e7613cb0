"""manage.py import_targets FILE [--table N] --dry-run --json, and importing from the shell."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from targets.models import Plan, Target
from targets.seeds import JIAXING_2019, JIAXING_SMART_2019_2021

from .notices import docx_bytes, with_cell, xlsx

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("import_targets", *args, stdout=out)
    return out.getvalue()


def test_dry_run_json_shape(regions, tmp_path):
    path = tmp_path / "notice.docx"
    path.write_bytes(docx_bytes(JIAXING_2019, JIAXING_SMART_2019_2021))
    data = json.loads(run(str(path), "--dry-run", "--json"))
    assert set(data) == {"tables", "findings"}
    assert len(data["tables"]) == 3  # two decomposition tables and the 抄送 layout table
    for table in data["tables"]:
        assert set(table) == {"units", "indicators", "findings"}
        for unit in table["units"]:
            assert set(unit) == {"name", "region_code"}
        for indicator in table["indicators"]:
            assert set(indicator) == {"name", "unit", "kind", "period", "city_value", "sum_of_units", "consistent"}
            assert indicator["consistent"] in (True, False, None)
        for finding in table["findings"]:
            assert set(finding) == {"severity", "message", "row", "column"}
    first = data["tables"][0]
    assert first["units"][7] == {"name": "嘉兴经济技术开发区（国际商务区）", "region_code": "330400-ETDZ"}
    investment = first["indicators"][0]
    assert investment == {
        "name": "工业投资",
        "unit": "亿元",
        "kind": "flow_amount",
        "period": "",
        "city_value": 780,
        "sum_of_units": 780,
        "consistent": True,
    }
    growth = first["indicators"][2]
    assert (growth["kind"], growth["city_value"], growth["sum_of_units"], growth["consistent"]) == (
        "growth_rate",
        12,
        None,
        None,
    )
    assert not Plan.objects.exists()


def test_table_option_selects_one_table(regions, tmp_path):
    path = tmp_path / "notice.docx"
    path.write_bytes(docx_bytes(JIAXING_2019, JIAXING_SMART_2019_2021))
    data = json.loads(run(str(path), "--table", "2", "--dry-run", "--json"))
    assert len(data["tables"]) == 1
    assert [i["city_value"] for i in data["tables"][0]["indicators"][:4]] == [1000, 300, 330, 370]


def test_dry_run_reports_a_mismatch_at_its_cell(regions, tmp_path):
    path = tmp_path / "wrong.xlsx"
    path.write_bytes(xlsx(with_cell(JIAXING_2019, 5, 1, "162")))
    data = json.loads(run(str(path), "--dry-run", "--json"))
    investment = data["tables"][0]["indicators"][0]
    assert (investment["city_value"], investment["sum_of_units"], investment["consistent"]) == (780, 781, False)
    assert data["tables"][0]["findings"] == [
        {
            "severity": "warning",
            "message": "工业投资：合计 780 与各单位之和 781 不一致（相差 1）",
            "row": 12,
            "column": "B",
        }
    ]


def test_dry_run_with_errors_exits_non_zero(regions, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx(with_cell(JIAXING_2019, 4, 0, "海盐开发区")))
    with pytest.raises(SystemExit) as exit_info:
        run(str(path), "--dry-run", "--json")
    assert exit_info.value.code == 1


def test_import_from_the_shell(regions, tmp_path, city_staff):
    path = tmp_path / "notice.docx"
    path.write_bytes(docx_bytes(JIAXING_2019))
    out = run(str(path), "--user", city_staff.username)
    plan = Plan.objects.get()
    assert "imported plan" in out
    # Metadata comes from the notice's own text when not given.
    assert (plan.document_number, plan.year_start, plan.scope_region.code) == ("嘉经信投资〔2019〕15号", 2019, "330400")
    assert plan.title == "关于印发2019年嘉兴市工业投资和技术改造工作要点的通知"
    assert plan.history.get().history_user == city_staff
    assert Target.objects.filter(indicator__plan=plan).count() == 90


def test_import_needs_metadata_it_cannot_find(regions, tmp_path):
    path = tmp_path / "table.txt"
    path.write_text("单位\t工业投资（亿元）\n海宁市\t161\n桐乡市\t155\n合计\t316\n", encoding="utf-8")
    with pytest.raises(CommandError, match="--title"):
        run(str(path), "--year-start", "2019")
    run(str(path), "--year-start", "2019", "--title", "测试计划")
    assert Plan.objects.get().title == "测试计划"


def test_missing_file(regions):
    with pytest.raises(CommandError):
        run("/nonexistent.xlsx", "--dry-run")
