"""Pure functions: a target cell, a period label, a header's unit, the kind it suggests, sums. No database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from targets.choices import Comparator, Direction, IndicatorKind, PeriodKind, RelativeKind, TargetStatus
from targets.consistency import sum_check
from targets.measures import from_storage, infer_direction, infer_kind, split_unit, to_storage, unit_declaration
from targets.values import Period, parse_period, parse_target, resolve_period, years_in

D = Decimal

# (cell as written, status, value, comparator, relative kind, offset)
TARGET_CELLS = [
    ("125", TargetStatus.NUMBER, D(125), Comparator.EQ, None, None),
    ("190 ", TargetStatus.NUMBER, D(190), Comparator.EQ, None, None),
    ("1,500", TargetStatus.NUMBER, D(1500), Comparator.EQ, None, None),
    ("12.5", TargetStatus.NUMBER, D("12.5"), Comparator.EQ, None, None),
    ("１２５", TargetStatus.NUMBER, D(125), Comparator.EQ, None, None),
    ("-3", TargetStatus.NUMBER, D(-3), Comparator.EQ, None, None),
    ("12%", TargetStatus.NUMBER, D(12), Comparator.EQ, None, None),
    ("125亿元", TargetStatus.NUMBER, D(125), Comparator.EQ, None, None),
    ("8以上", TargetStatus.NUMBER, D(8), Comparator.GE, None, None),
    ("8及以上", TargetStatus.NUMBER, D(8), Comparator.GE, None, None),
    ("≥8", TargetStatus.NUMBER, D(8), Comparator.GE, None, None),
    ("不低于8", TargetStatus.NUMBER, D(8), Comparator.GE, None, None),
    ("1500项以上", TargetStatus.NUMBER, D(1500), Comparator.GE, None, None),
    ("5以内", TargetStatus.NUMBER, D(5), Comparator.LE, None, None),
    ("不超过5", TargetStatus.NUMBER, D(5), Comparator.LE, None, None),
    ("——", TargetStatus.NOT_DECOMPOSED, None, None, None, None),
    ("—", TargetStatus.NOT_DECOMPOSED, None, None, None, None),
    ("--", TargetStatus.NOT_DECOMPOSED, None, None, None, None),
    ("－－", TargetStatus.NOT_DECOMPOSED, None, None, None, None),
    ("", TargetStatus.BLANK, None, None, None, None),
    ("  \n ", TargetStatus.BLANK, None, None, None, None),
    ("比上年提升", TargetStatus.RELATIVE, None, None, RelativeKind.ABOVE_LAST_YEAR, None),
    ("占比\n比上年提升", TargetStatus.RELATIVE, None, None, RelativeKind.ABOVE_LAST_YEAR, None),
    ("比上年提高2个百分点", TargetStatus.RELATIVE, None, None, RelativeKind.ABOVE_LAST_YEAR, D(2)),
    ("高于面上1个百分点", TargetStatus.RELATIVE, None, None, RelativeKind.ABOVE_CITY, D(1)),
    ("高于全市0.5个百分点", TargetStatus.RELATIVE, None, None, RelativeKind.ABOVE_CITY, D("0.5")),
    ("完成省下达目标任务", TargetStatus.TEXT, None, None, None, None),
    (
        "1.100亿元以上项目各1个；\n2.50亿元以上项目各2个；\n3.10亿元以上项目各5个。",
        TargetStatus.TEXT,
        None,
        None,
        None,
        None,
    ),
    ("1.4万", TargetStatus.TEXT, None, None, None, None),
]


@pytest.mark.parametrize(("text", "status", "value", "comparator", "relative", "offset"), TARGET_CELLS)
def test_parse_target(text, status, value, comparator, relative, offset):
    parsed = parse_target(text)
    assert parsed.status == status
    assert parsed.value == value
    assert parsed.comparator == comparator
    assert parsed.relative_kind == relative
    assert parsed.relative_offset == offset
    assert parsed.raw == text.strip()


def test_a_numbered_note_is_not_read_as_its_first_number():
    # "1.100亿元以上…" starts like "1.1 以上"; only a whole-cell match is a number.
    assert parse_target("1.100亿元以上项目各1个；").status == TargetStatus.TEXT


PERIODS = [
    ("三年目标", Period(PeriodKind.TOTAL)),
    ("2019年", Period(PeriodKind.YEAR, 2019, 2019)),
    ("2019年度", Period(PeriodKind.YEAR, 2019, 2019)),
    ("到2019年底", Period(PeriodKind.YEAR_END, 2019, 2019)),
    (" 到2020年底", Period(PeriodKind.YEAR_END, 2020, 2020)),
    ("2021年末", Period(PeriodKind.YEAR_END, 2021, 2021)),
    ("2019～2021年", Period(PeriodKind.TOTAL, 2019, 2021)),
    ("2019-2021年累计", Period(PeriodKind.TOTAL, 2019, 2021)),
    ("累计", Period(PeriodKind.TOTAL)),
    ("工业投资", None),
    ("在役工业机器人（台）", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "period"), PERIODS)
def test_parse_period(text, period):
    assert parse_period(text) == period


@pytest.mark.parametrize(
    ("period", "stock", "years", "expected"),
    [
        (None, False, (2019, 2019), (PeriodKind.YEAR, 2019, 2019)),
        (None, False, (2019, 2021), (PeriodKind.TOTAL, 2019, 2021)),
        (None, True, (2019, 2021), (PeriodKind.YEAR_END, 2021, 2021)),
        (Period(PeriodKind.TOTAL), False, (2019, 2021), (PeriodKind.TOTAL, 2019, 2021)),
        (Period(PeriodKind.YEAR, 2020, 2020), False, (2019, 2021), (PeriodKind.YEAR, 2020, 2020)),
        (Period(PeriodKind.YEAR_END, 2019, 2019), True, (2019, 2021), (PeriodKind.YEAR_END, 2019, 2019)),
    ],
)
def test_resolve_period(period, stock, years, expected):
    assert resolve_period(period, stock=stock, year_start=years[0], year_end=years[1]) == expected


@pytest.mark.parametrize(
    ("title", "years"),
    [
        ("2019年度嘉兴市工业投资和技术改造目标任务分解表", (2019, 2019)),
        ("（2019～2021年）", (2019, 2021)),
        ("嘉兴市工业企业智能化技术改造三年目标任务分解表", None),
    ],
)
def test_years_in_title(title, years):
    assert years_in(title) == years


@pytest.mark.parametrize(
    ("header", "name", "unit"),
    [
        ("工业投资目标\n\n（亿元）", "工业投资目标", "亿元"),
        ("民间项目（制造业）投资增速（%）", "民间项目（制造业）投资增速", "%"),
        ("技术改造投资增速（％）", "技术改造投资增速", "%"),
        ("智能化工厂（数字化车间）示范（个）", "智能化工厂（数字化车间）示范", "个"),
        ("智能化改造\n投资（亿元）", "智能化改造投资", "亿元"),
        ("规上制造业企业工业机器人密度(台/万人)", "规上制造业企业工业机器人密度", "台/万人"),
        ("高质量工业投资项目", "高质量工业投资项目", ""),
        ("嘉兴经济技术开发区（国际商务区）", "嘉兴经济技术开发区（国际商务区）", ""),
    ],
)
def test_split_unit(header, name, unit):
    assert split_unit(header) == (name, unit)


def test_unit_declaration_above_a_table():
    assert unit_declaration("单位：亿元") == "亿元"
    assert unit_declaration("单位:万元") == "万元"
    assert unit_declaration("2019年度分解表") == ""


@pytest.mark.parametrize(
    ("name", "unit", "stock", "kind"),
    [
        ("工业投资", "亿元", False, IndicatorKind.FLOW_AMOUNT),
        ("新增工业机器人", "台", False, IndicatorKind.FLOW_COUNT),
        ("智能化技术改造项目", "项", False, IndicatorKind.FLOW_COUNT),
        ("在役工业机器人", "台", True, IndicatorKind.STOCK),
        ("在役工业机器人", "台", False, IndicatorKind.STOCK),
        ("拥有省级工程服务公司", "家", True, IndicatorKind.STOCK),
        ("技术改造投资增速", "%", False, IndicatorKind.GROWTH_RATE),
        ("数字经济核心产业投资占比", "%", False, IndicatorKind.SHARE),
        ("规上制造业企业工业机器人密度", "台/万人", False, IndicatorKind.SHARE),
        ("行业骨干企业装备数控化率", "%", False, IndicatorKind.SHARE),
        ("完成省下达目标任务", "", False, IndicatorKind.QUALITATIVE),
    ],
)
def test_infer_kind(name, unit, stock, kind):
    assert infer_kind(name, unit, stock_period=stock) == kind


def test_infer_direction():
    assert infer_direction("工业投资") == Direction.HIGHER
    assert infer_direction("单位工业增加值能耗") == Direction.LOWER
    assert infer_direction("单位工业增加值能耗下降") == Direction.HIGHER


def test_money_is_stored_in_wan_yuan_exactly():
    assert to_storage(D(780), "亿元") == D(7800000)
    assert to_storage(D("0.35"), "亿元") == D(3500)
    assert to_storage(D(12), "%") == D(12)
    assert from_storage(D("7800000.000000"), "亿元") == D(780)
    assert str(from_storage(D("3500.000000"), "亿元")) == "0.35"


def _cells(*texts: str):
    return [parse_target(t) for t in texts]


def test_sum_check_2019_industrial_investment():
    units = _cells("125", "100", "78", "161", "155", "42", "63", "31", "25")
    check = sum_check(parse_target("780"), units)
    assert (check.city_value, check.sum_of_units, check.consistent) == (D(780), D(780), True)


def test_sum_check_mismatch_keeps_both_numbers():
    check = sum_check(parse_target("780"), _cells("125", "100", "78", "162"))
    assert check.consistent is False
    assert check.sum_of_units == D(465)
    assert check.city_value == D(780)


@pytest.mark.parametrize(
    ("city", "units"),
    [("--", ("1", "2")), ("780", ("1", "——")), ("780", ("1", "")), ("", ("1", "2"))],
)
def test_sum_check_does_not_apply_without_numbers_everywhere(city, units):
    assert sum_check(parse_target(city), _cells(*units)).consistent is None
