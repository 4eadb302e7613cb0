"""Blank unit cells, units inferred from names and relative targets in names (issue #12).

The table is built in the Huzhou style: regions as columns, one row per indicator, a unit column
that prints the unit only where it is not obvious (blank on most count rows), and two rows whose
names state a relative target. Jiaxing's regions stand in for Huzhou's (same layout, same rules).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from targets.choices import IndicatorKind, RelativeKind, TargetStatus
from targets.importing import preview_file, preview_text
from targets.models import Target
from targets.seeds import OfficialTable
from targets.services import plan_import

from .notices import xlsx

pytestmark = pytest.mark.django_db

UNITS = ["南湖区", "秀洲区", "嘉善县", "海宁市"]

HUZHOU_STYLE = OfficialTable(
    name="2020年目标任务",
    rows=[
        ["2020年工业和信息化主要目标任务分解表", "", "", "", "", "", "", ""],
        ["序号", "指标名称", "单位", "全市", *UNITS],
        ["1", "工业投资", "亿元", "100", "20", "25", "30", "25"],
        ["2", "新增规上工业企业", "", "135", "30", "35", "40", "30"],
        ["3", "新建小微企业园个数", "", "12", "3", "3", "3", "3"],
        ["4", "亿元以上技改项目", "", "60", "15", "15", "15", "15"],
        ["5", "高新技术企业数量", "", "200", "50", "50", "50", "50"],
        ["6", "规上工业能耗", "万吨标煤", "400", "100", "100", "100", "100"],
        ["7", "工业用地出让", "", "3000", "700", "800", "800", "700"],
        ["8", "技改投资增幅高于面上1个百分点", "", "12", "", "", "", ""],
        ["9", "数字经济核心产业投资占比比上年提升", "", "", "√", "√", "√", "√"],
    ],
    merges=[((0, 0), (0, 7))],
    metadata={"title": "2020年工业和信息化主要目标任务", "year_start": 2020, "year_end": 2020},
)


def line(table, name):
    found = [ln for ln in table.lines if ln.name == name]
    assert len(found) == 1, [ln.name for ln in table.lines]
    return found[0]


@pytest.fixture(params=["xlsx", "paste"])
def table(request, regions):
    if request.param == "xlsx":
        return preview_file(xlsx(HUZHOU_STYLE), "huzhou.xlsx").tables[0]
    return preview_text(HUZHOU_STYLE.tsv()).tables[0]


def test_blank_unit_cells_do_not_inherit_the_unit_above(table):
    units = {ln.name: (ln.unit, ln.unit_source, ln.kind) for ln in table.lines}
    assert units["工业投资"] == ("亿元", "", IndicatorKind.FLOW_AMOUNT)
    assert units["新增规上工业企业"] == ("家", "inferred", IndicatorKind.FLOW_COUNT)
    assert units["新建小微企业园个数"] == ("个", "inferred", IndicatorKind.FLOW_COUNT)
    assert units["亿元以上技改项目"] == ("项", "inferred", IndicatorKind.FLOW_COUNT)
    assert units["高新技术企业数量"] == ("个", "inferred", IndicatorKind.FLOW_COUNT)
    # The row after 万吨标煤 prints no unit and its name says none: left for the user, never 万吨标煤.
    assert units["工业用地出让"][:2] == ("", "missing")
    # Counts keep their sum checks (they are additive, not %).
    assert line(table, "新增规上工业企业").check.consistent is True
    messages = [f.message for f in table.findings]
    assert "“新增规上工业企业”没有写计量单位，按名称推断为“家”，请核对" in messages
    assert "“工业用地出让”没有写计量单位，名称也看不出：请在确认导入前选择单位" in messages


def test_relative_targets_in_the_name(table):
    above_city = line(table, "技改投资增幅")
    assert above_city.kind == IndicatorKind.GROWTH_RATE
    for cell in above_city.values.values():
        assert cell.parsed.status == TargetStatus.RELATIVE
        assert (cell.parsed.relative_kind, cell.parsed.relative_offset) == (RelativeKind.ABOVE_CITY, Decimal(1))
    assert above_city.city is not None and above_city.city.parsed.value == Decimal(12)
    above_last_year = line(table, "数字经济核心产业投资占比")
    assert above_last_year.kind == IndicatorKind.SHARE
    assert {c.parsed.relative_kind for c in above_last_year.values.values()} == {RelativeKind.ABOVE_LAST_YEAR}


def test_a_count_is_stored_as_counted_and_the_unit_must_be_chosen(regions, city_staff):
    meta = {**HUZHOU_STYLE.metadata, "scope_region": regions["330400"]}
    preview = preview_file(xlsx(HUZHOU_STYLE), "huzhou.xlsx")
    with pytest.raises(ValidationError, match="工业用地出让"):
        plan_import(data=meta, tables=preview.tables, actor=city_staff)
    chosen = {("工业用地出让", ""): ("qualitative", "higher", "亩")}
    preview = preview_file(xlsx(HUZHOU_STYLE), "huzhou.xlsx", overrides=chosen)
    chosen_line = line(preview.tables[0], "工业用地出让")
    assert (chosen_line.unit, chosen_line.kind) == ("亩", IndicatorKind.FLOW_AMOUNT)
    plan = plan_import(data=meta, tables=preview.tables, actor=city_staff)
    firms = Target.objects.get(indicator__plan=plan, indicator__name="新增规上工业企业", region__code="330400")
    assert (firms.indicator.unit, firms.value) == ("家", Decimal(135))  # not 1,350,000 万元
    money = Target.objects.get(indicator__plan=plan, indicator__name="工业投资", region__code="330481")
    assert money.value == Decimal(250000)  # 25 亿元 in 万元
    relative = Target.objects.get(indicator__plan=plan, indicator__name="技改投资增幅", region__code="330481")
    assert (relative.status, relative.relative_kind, relative.relative_offset) == (
        TargetStatus.RELATIVE,
        RelativeKind.ABOVE_CITY,
        Decimal(1),
    )


def test_a_genuinely_merged_unit_cell_spans_its_rows(regions):
    merged = OfficialTable(
        name="t",
        rows=[
            ["指标", "单位", "全市", *UNITS],
            ["技改投资", "亿元", "40", "10", "10", "10", "10"],
            ["零土地技改投资", "", "20", "5", "5", "5", "5"],
        ],
        merges=[((1, 1), (2, 1))],
    )
    table = preview_file(xlsx(merged), "m.xlsx").tables[0]
    assert [(ln.name, ln.unit) for ln in table.lines] == [("技改投资", "亿元"), ("零土地技改投资", "亿元")]


# --- totals stated in the notice's text, and pastes whose columns do not line up -------------------

SEED_SENTENCE = (
    "（一）保持投资稳定增长。2019年，全市工业投资力争完成780亿元，同比增长12%；"
    "全市工业技改投资完成490亿元以上，同比增长12%；700项重点技术改造投资力争完成210亿元。"
)


def statement_findings(table):
    return [f.message for f in table.findings if "通知正文" in f.message or "不一致" in f.message]


def test_the_seed_notice_text_agrees_with_its_table(regions):
    from targets.seeds import JIAXING_2019

    table = preview_text(SEED_SENTENCE + "\n" + JIAXING_2019.tsv()).tables[0]
    assert table.lines and statement_findings(table) == []


def test_a_total_stated_in_the_text_that_differs_from_the_table_is_a_finding(regions):
    from targets.seeds import JIAXING_2019

    text = SEED_SENTENCE.replace("780亿元", "790亿元") + "\n" + JIAXING_2019.tsv()
    table = preview_text(text).tables[0]
    assert statement_findings(table) == [
        "通知正文写“全市工业投资力争完成790亿元,同比增长12%”，表中工业投资的全市目标为 780亿元，两者不一致"
    ]


def test_an_amount_and_a_growth_that_contradict_each_other_on_last_years_base(regions):
    notice = (
        "2021年，全市完成工业投资883.4亿元,同比增长11.1%,总量位列全省第2。\n"
        "2022年主要目标：全市规上工业增加值增长8%以上;工业投资增长10%。\n"
    )
    grid = "\n".join(
        "\t".join(row)
        for row in [
            ["指标", "单位", "全市", *UNITS],
            ["工业投资", "亿元", "970", "200", "250", "270", "250"],
        ]
    )
    table = preview_text(notice + grid).tables[0]
    assert "工业投资：目标 970亿元 比上年 883.4亿元 增长 9.8%，与目标增速 10% 不一致" in [
        f.message for f in table.findings
    ]
    fitting = preview_text(notice + grid.replace("970", "971.74").replace("270", "271.74")).tables[0]
    assert not [f for f in fitting.findings if "目标增速" in f.message]


def test_a_table_pasted_with_runs_of_spaces(regions):
    lines = ["指标名称    单位    全市    " + "    ".join(UNITS)]
    lines.append("工业投资    亿元    100    20    25    30    25")
    lines.append("新增规上工业企业    135    30    35    40    30")  # the blank unit cell was lost
    table = preview_text("\n".join(lines)).tables[0]
    assert table.units and [u.name for u in table.units] == UNITS
    errors = [(f.row, f.message) for f in table.errors]
    assert errors == [
        (3, "此行有 6 格，表格有 7 列：粘贴时合并单元格或空格丢失，各列对不齐，请从 Excel/Word 复制或上传文件")
    ]
    aligned = preview_text("\n".join(lines[:2])).tables[0]
    assert aligned.errors == [] and aligned.lines[0].values[3].parsed.value == Decimal(25)
