"""Recognising the seed notices' tables from .xlsx, .docx and pasted text, and checking every total.

The fixtures are the real tables of 嘉经信投资〔2019〕15号 and of the 2019–2021 smart-transformation
plan (targets/seeds.py), written in the official layout with merged cells (targets/tests/notices.py).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from home.demo import INVESTMENT_2019
from targets.choices import IndicatorKind, PlanLayout, TargetStatus
from targets.importing import as_json, preview_file, preview_tables, preview_text
from targets.recognition import SourceTable
from targets.seeds import JIAXING_2019, JIAXING_SMART_2019_2021

from .notices import docx_bytes, with_cell, xls, xlsx

pytestmark = pytest.mark.django_db

UNITS_2019 = [
    ("嘉善县", "330421"),
    ("平湖市", "330482"),
    ("海盐县", "330424"),
    ("海宁市", "330481"),
    ("桐乡市", "330483"),
    ("南湖区", "330402"),
    ("秀洲区", "330411"),
    ("嘉兴经济技术开发区（国际商务区）", "330400-ETDZ"),
    ("嘉兴港区", "330400-PORT"),
]
UNITS_SMART = [
    ("南湖区", "330402"),
    ("秀洲区", "330411"),
    ("嘉善县", "330421"),
    ("平湖市", "330482"),
    ("海盐县", "330424"),
    ("海宁市", "330481"),
    ("桐乡市", "330483"),
    ("嘉兴经济技术开发区（国际商务区）", "330400-ETDZ"),
    ("嘉兴\n港区", "330400-PORT"),
]


def by_name(table, name, period=""):
    found = [line for line in table.lines if line.name == name and line.period_label == period]
    assert len(found) == 1, [(ln.name, ln.period_label) for ln in table.lines]
    return found[0]


def values(table, line):
    return {table.units[i].region_code: cell.parsed.value for i, cell in line.values.items()}


def check_2019(table):
    assert table.layout == PlanLayout.UNITS_AS_ROWS
    assert [(u.name, u.region_code) for u in table.units] == UNITS_2019
    assert table.total is not None and table.total.name == "合计"
    assert table.city_region_code == "330400"
    expected = {
        "工业投资": (780, IndicatorKind.FLOW_AMOUNT, "亿元"),
        "700项重点技改项目投资": (210, IndicatorKind.FLOW_AMOUNT, "亿元"),
        "智能化技术改造项目": (1500, IndicatorKind.FLOW_COUNT, "项"),
        "新增工业机器人": (2300, IndicatorKind.FLOW_COUNT, "台"),
    }
    for name, (total, kind, unit) in expected.items():
        line = by_name(table, name)
        assert (line.kind, line.unit) == (kind, unit)
        assert line.check.city_value == total
        assert line.check.sum_of_units == total
        assert line.check.consistent is True
    investment = values(table, by_name(table, "工业投资"))
    assert investment == INVESTMENT_2019  # the notice's figures by unit, as the demo seeds them
    assert sum(investment.values()) == 780
    growth = by_name(table, "技术改造投资增速")
    assert (growth.kind, growth.unit, growth.check.city_value, growth.check.consistent) == (
        IndicatorKind.GROWTH_RATE,
        "%",
        12,
        None,
    )
    quality = by_name(table, "高质量工业投资项目")
    assert quality.kind == IndicatorKind.QUALITATIVE
    assert quality.values[0].parsed.status == TargetStatus.TEXT
    assert quality.values[0].parsed.raw.startswith("1.100亿元以上项目各1个")
    assert quality.city is not None and quality.city.parsed.status == TargetStatus.NOT_DECOMPOSED
    share = by_name(table, "数字经济核心产业（制造业）、高端装备（制造业）产业投资占比")
    assert share.kind == IndicatorKind.SHARE
    assert share.values[0].parsed.status == TargetStatus.RELATIVE
    assert table.findings == []


def check_smart(table):
    assert table.layout == PlanLayout.UNITS_AS_COLUMNS
    assert [(u.name, u.region_code) for u in table.units] == UNITS_SMART
    assert table.total is not None and table.total.name == "全市"
    investment = {p: by_name(table, "智能化改造投资", p) for p in ("三年目标", "2019年", "2020年", "2021年")}
    assert [investment[p].check.city_value for p in investment] == [1000, 300, 330, 370]
    assert all(line.check.consistent for line in investment.values())
    assert investment["三年目标"].check.city_value == sum(
        investment[p].check.city_value for p in ("2019年", "2020年", "2021年")
    )
    # Each unit's three years add up to its three-year target.
    three = values(table, investment["三年目标"])
    years = [values(table, investment[p]) for p in ("2019年", "2020年", "2021年")]
    for code, total in three.items():
        assert total == sum(y[code] for y in years), code
    assert three["330481"] == 206 and [y["330481"] for y in years] == [62, 68, 76]
    robots = [by_name(table, "在役工业机器人", f"到{y}年底") for y in (2019, 2020, 2021)]
    assert [r.check.city_value for r in robots] == [14000, 16000, 18000]
    assert all(r.kind == IndicatorKind.STOCK and r.check.consistent for r in robots)
    demo = {p: by_name(table, "智能化工厂（数字化车间）示范", p) for p in ("三年目标", "2019年", "2020年", "2021年")}
    assert [demo[p].check.city_value for p in demo] == [100, 25, 35, 40]
    assert all(d.check.consistent for d in demo.values())
    services = by_name(table, "拥有省级工程服务公司", "到2021年底")
    assert (services.kind, services.check.city_value, services.check.sum_of_units) == (IndicatorKind.STOCK, 25, 25)
    assert all(c.consistent for c in table.time_checks)
    assert len(table.time_checks) == 2 * 10  # two flow indicators × (9 units + the city)
    assert table.findings == []


def test_2019_table_from_xlsx(regions):
    preview = preview_file(xlsx(JIAXING_2019), "2019.xlsx")
    assert preview.ok
    check_2019(preview.tables[0])
    assert preview.metadata["year_start"] == preview.metadata["year_end"] == 2019


def test_both_tables_from_an_xls_workbook_with_merged_cells(regions):
    """An Excel 97–2003 file: calamine reads the values and the merged ranges of the title and headers."""
    preview = preview_file(xls(JIAXING_2019, JIAXING_SMART_2019_2021), "notice.xls")
    assert preview.ok, preview.findings
    check_2019(preview.tables[0])
    check_smart(preview.tables[1])


def test_smart_table_from_xlsx(regions):
    preview = preview_file(xlsx(JIAXING_SMART_2019_2021), "smart.xlsx")
    assert preview.ok
    check_smart(preview.tables[0])
    assert (preview.metadata["year_start"], preview.metadata["year_end"]) == (2019, 2021)


def test_both_tables_from_one_workbook(regions):
    preview = preview_file(xlsx(JIAXING_2019, JIAXING_SMART_2019_2021), "both.xlsx")
    assert [t.name for t in preview.tables] == ["2019年度分解表", "三年目标分解表"]
    check_2019(preview.tables[0])
    check_smart(preview.tables[1])


def test_2019_table_from_docx_with_the_notice_around_it(regions):
    preview = preview_file(docx_bytes(JIAXING_2019), "notice.docx")
    assert [t.recognised for t in preview.tables] == [True, False]  # the 抄送 layout table is skipped
    assert preview.tables[1].findings[0].severity == "info"
    check_2019(preview.tables[0])
    assert preview.ok
    assert preview.metadata["document_number"] == "嘉经信投资〔2019〕15号"
    assert preview.metadata["title"] == "关于印发2019年嘉兴市工业投资和技术改造工作要点的通知"
    assert preview.metadata["issuer"] == "嘉兴市经济和信息化局"
    assert str(preview.metadata["issued_on"]) == "2019-02-15"


def test_merged_word_cells_apply_to_every_unit(regions):
    # In the notice the 嘉善县 cell of 高质量工业投资项目 is merged down to 嘉兴港区 (vMerge):
    # every unit gets the qualitative target.
    table = preview_file(docx_bytes(JIAXING_2019), "notice.docx").tables[0]
    quality = by_name(table, "高质量工业投资项目")
    assert {c.parsed.status for c in quality.values.values()} == {TargetStatus.TEXT}


def test_smart_table_from_docx_and_table_selection(regions):
    data = docx_bytes(JIAXING_2019, JIAXING_SMART_2019_2021)
    preview = preview_file(data, "two.docx")
    assert [t.recognised for t in preview.tables] == [True, True, False]
    check_2019(preview.tables[0])
    check_smart(preview.tables[1])
    only = preview_file(data, "two.docx", table=2)
    assert [t.index for t in only.tables] == [2]
    check_smart(only.tables[0])
    missing = preview_file(data, "two.docx", table=4)
    assert not missing.ok and "没有第 4 张" in missing.findings[0].message


def test_pasted_text_with_a_line_break_inside_a_quoted_cell(regions):
    text = JIAXING_SMART_2019_2021.tsv()
    assert '"嘉兴\n港区"' in text  # as Excel copies a cell with a line break
    preview = preview_text(text)
    table = preview.tables[0]
    assert table.units[-1].name == "嘉兴\n港区"
    assert table.units[-1].region_code == "330400-PORT"
    # The clipboard has no merges: the indicator label stands on its first row only, and is carried down.
    check_smart(table)


def test_pasted_2019_table(regions):
    table = preview_text(JIAXING_2019.tsv()).tables[0]
    assert [(u.name, u.region_code) for u in table.units] == UNITS_2019
    assert by_name(table, "工业投资").check.consistent is True
    # Without the merges only 嘉善县 carries the text: the other units' cells are blank, as pasted.
    quality = by_name(table, "高质量工业投资项目")
    assert quality.values[1].parsed.status == TargetStatus.BLANK


def preview_with_cell(source, row, column, text):
    """The first table of the preview of `source` with one cell written otherwise (a slip in the notice)."""
    return preview_file(xlsx(with_cell(source, row, column, text)), "wrong.xlsx").tables[0]


def test_one_wrong_unit_value_in_the_2019_table_flags_the_total_of_that_column(regions):
    # 海宁市 (grid row 5) 工业投资 (column B) written 162 instead of 161.
    table = preview_with_cell(JIAXING_2019, 5, 1, "162")
    line = by_name(table, "工业投资")
    assert (line.check.city_value, line.check.sum_of_units, line.check.consistent) == (780, 781, False)
    assert [f.as_dict() for f in table.findings] == [
        {
            "sheet": "2019年度分解表",
            "row": 12,  # the 合计 row
            "column": "B",  # 工业投资
            "message": "工业投资：合计 780 与各单位之和 781 不一致（相差 1）",
            "severity": "warning",
        }
    ]
    others = [ln for ln in table.lines if ln.name != "工业投资" and ln.check.consistent is not None]
    assert others and all(ln.check.consistent for ln in others)
    assert values(table, line)["330481"] == 162  # kept as written, never corrected


def test_one_wrong_unit_value_in_the_smart_table_flags_exactly_that_cell(regions):
    # 海宁市 (column I) 2020年 (grid row 5) 智能化改造投资 written 69 instead of 68.
    assert JIAXING_SMART_2019_2021.rows[5][8] == "68"
    table = preview_with_cell(JIAXING_SMART_2019_2021, 5, 8, "69")
    suspects = [f for f in table.findings if f.message.startswith("疑似此格有误")]
    assert [(f.row, f.column) for f in suspects] == [(6, "I")]
    where = {(f.row, f.column) for f in table.findings}
    assert where == {(6, "I"), (6, "C"), (4, "I")}  # the cell; the 2020 全市 cell; 海宁's 三年目标 cell
    assert by_name(table, "智能化改造投资", "2020年").check.consistent is False
    assert by_name(table, "智能化改造投资", "2019年").check.consistent is True
    assert all(f.severity == "warning" for f in table.findings)


def test_unmatched_unit_name_is_an_error_at_its_cell(regions):
    table = preview_with_cell(JIAXING_2019, 4, 0, "海盐开发区")
    errors = [f for f in table.findings if f.severity == "error"]
    assert [(f.row, f.column) for f in errors] == [(5, "A")]
    assert "海盐开发区" in errors[0].message
    assert table.units[2].region_code is None
    data = as_json(preview_file(xlsx(with_cell(JIAXING_2019, 4, 0, "海盐开发区")), "wrong.xlsx"))
    assert data["tables"][0]["units"][2] == {"name": "海盐开发区", "region_code": None}


def test_the_same_unit_twice_is_an_error(regions):
    table = preview_with_cell(JIAXING_2019, 4, 0, "海宁")
    errors = [f for f in table.findings if f.severity == "error"]
    assert [(f.row, f.column) for f in errors] == [(6, "A")]
    assert "重复" in errors[0].message


def test_a_word_where_a_number_is_expected_is_a_warning_at_its_cell(regions):
    table = preview_with_cell(JIAXING_2019, 3, 8, "约170")
    assert [(f.row, f.column, f.severity) for f in table.findings] == [(4, "I", "warning")]
    assert "约170" in table.findings[0].message
    assert by_name(table, "智能化技术改造项目").check.consistent is None


def test_two_header_levels_and_a_unit_row(regions):
    grid = [
        ["单位：亿元", "", "", ""],
        ["县（市、区）", "工业投资", "", "技术改造投资"],
        ["", "2019年", "2020年", "2019年"],
        ["海宁市", "161", "170", "60"],
        ["桐乡市", "155", "160", "50"],
        ["合计", "316", "330", "110"],
        ["注：技改投资含零土地技改。", "", "", ""],
    ]
    table = preview_tables([SourceTable("t", grid)]).tables[0]
    assert [(ln.name, ln.period_label, ln.unit) for ln in table.lines] == [
        ("工业投资", "2019年", "亿元"),
        ("工业投资", "2020年", "亿元"),
        ("技术改造投资", "2019年", "亿元"),
    ]
    assert [ln.check.consistent for ln in table.lines] == [True, True, True]
    assert table.notes == ["注：技改投资含零土地技改。"]
    assert table.findings == []


def test_indicators_as_rows_with_a_unit_column_and_the_city_named_as_a_region(regions):
    grid = [
        ["指标", "单位", "嘉兴市", "海宁", "桐乡", "备注"],
        ["工业投资", "亿元", "316", "161", "155", ""],
        ["新增工业机器人", "台", "740", "380", "360", "含协作机器人"],
        ["技改投资增速", "%", "12", "12", "12", ""],
    ]
    table = preview_tables([SourceTable("t", grid)]).tables[0]
    assert table.layout == PlanLayout.UNITS_AS_COLUMNS
    assert table.total is not None and table.total.region_code == "330400"
    assert [u.region_code for u in table.units] == ["330481", "330483"]
    assert [(ln.name, ln.unit, ln.kind) for ln in table.lines] == [
        ("工业投资", "亿元", IndicatorKind.FLOW_AMOUNT),
        ("新增工业机器人", "台", IndicatorKind.FLOW_COUNT),
        ("技改投资增速", "%", IndicatorKind.GROWTH_RATE),
    ]
    assert [ln.check.consistent for ln in table.lines] == [True, True, None]


def test_kind_corrected_by_the_user_changes_the_checks(regions):
    overrides = {("工业投资", "亿元"): ("qualitative", "higher")}
    table = preview_file(xlsx(JIAXING_2019), "2019.xlsx", overrides=overrides).tables[0]
    line = by_name(table, "工业投资")
    assert line.kind == IndicatorKind.QUALITATIVE
    assert line.check.consistent is None


def test_json_shape(regions):
    data = as_json(preview_file(xlsx(JIAXING_SMART_2019_2021), "smart.xlsx"))
    assert set(data) == {"tables", "findings"}
    table = data["tables"][0]
    assert set(table) == {"units", "indicators", "findings"}
    assert table["units"][0] == {"name": "南湖区", "region_code": "330402"}
    assert table["indicators"][0] == {
        "name": "智能化改造投资",
        "unit": "亿元",
        "kind": "flow_amount",
        "period": "三年目标",
        "city_value": 1000,
        "sum_of_units": 1000,
        "consistent": True,
    }


def test_not_a_decomposition_table(regions):
    preview = preview_tables([SourceTable("t", [["项目", "金额"], ["甲", "1"]])])
    assert not preview.ok
    assert preview.tables[0].recognised is False
    assert "没有找到目标任务分解表" in preview.findings[0].message


def test_unreadable_files(regions):
    assert "不支持旧版 Word" in preview_file(b"x", "notice.doc").findings[0].message
    assert "无法读取" in preview_file(b"not a zip", "notice.xlsx").findings[0].message
    assert "无法读取" in preview_file(b"not a zip", "notice.docx").findings[0].message


def test_decimal_values_stay_exact(regions):
    grid = [["单位", "投资（亿元）"], ["海宁市", "0.1"], ["桐乡市", "0.2"], ["合计", "0.3"]]
    line = preview_tables([SourceTable("t", grid)]).tables[0].lines[0]
    assert line.check.sum_of_units == Decimal("0.3")
    assert line.check.consistent is True
