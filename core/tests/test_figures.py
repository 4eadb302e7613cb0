"""The one rule for figures (core/figures.py, issue #12): one case per kind of unit, from the notices and the issue."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template

from core.figures import excel_number_format, format_figure, round_figure


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (Decimal("780"), "亿元", "780.00"),  # 2019 工业投资 target of the city (domain.md §3)
        (Decimal("62.840582"), "亿元", "62.84"),
        (Decimal("20.167131"), "万元", "20.17"),  # the grid's 上月累计 of issue #12
        (Decimal("1610000"), "万元", "1610000.00"),  # 海宁's 161 亿元 in the 万元 row
        (Decimal("41.85"), "%", "41.9"),  # 1—4月 completion 41.9 %, half-up
        (Decimal("8.55"), "个百分点", "8.6"),  # 快于序时进度 8.6 个百分点 (domain.md §4)
        (Decimal("-3.25"), "个百分点", "-3.3"),
        (Decimal("135.0"), "家", "135"),  # a count is a whole number, never 亿元
        (Decimal("2300"), "台", "2300"),
        (103.81750000000001, "分", "103.82"),  # the float artefact of issue #12 never reaches a user
        (Decimal("-0.04"), "%", "0.0"),  # no "-0.0"
    ],
)
def test_a_figure_is_shown_by_its_units_rule(value, unit, shown):
    assert format_figure(value, unit) == shown


def test_units_are_named_and_no_figure_stays_empty_or_text():
    assert format_figure(Decimal("12.34"), "%", with_unit=True) == "12.3%"
    assert format_figure(Decimal("780"), "亿元", with_unit=True) == "780.00 亿元"
    assert format_figure(None, "万元", with_unit=True, empty="—") == "—"
    assert format_figure("——", "亿元") == "——"  # a target not decomposed to the unit stays as the notice writes it
    assert round_figure("7.5", "个") == Decimal("8")


def test_excel_shows_the_same_places_and_the_filter_prints_the_rule():
    assert [excel_number_format(u) for u in ("亿元", "万元", "%", "个百分点", "项")] == [
        "0.00",
        "0.00",
        "0.0",
        "0.0",
        "0",
    ]
    html = Template("{% load numbers %}{{ v|figure:'万元' }}|{{ n|figure:'家' }}|{{ none|figure:'%' }}").render(
        Context({"v": Decimal("20.167131"), "n": Decimal("12"), "none": None})
    )
    assert html == "20.17|12|"
