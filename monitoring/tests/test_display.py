"""Monitoring figures follow the one rule of core/figures.py (issue #12): the matrix, export and bulletins read these."""

from __future__ import annotations

from decimal import Decimal as D
from types import SimpleNamespace

from monitoring.display import percent, schedule_text, shown_value, target_gap_text, value_format


def test_values_are_shown_in_the_notices_unit_by_the_units_rule():
    assert str(shown_value(D(7800000), "亿元")) == "780.00"  # stored 万元, the notice's 780 亿元
    assert str(shown_value(D(674590), "亿元")) == "67.46"
    assert str(shown_value(D("135.000000"), "家")) == "135"  # a count is whole, never 亿元
    assert str(shown_value(D("20.167131"), "万元")) == "20.17"


def test_rates_and_deviations_have_one_decimal_half_up():
    assert percent(D("41.85")) == "41.9%"  # 1—4月 completion 41.9 % (domain.md §4)
    assert percent(None) == "—"
    assert schedule_text(D("8.55")) == "快于序时进度8.6个百分点"
    assert schedule_text(D("-3.25")) == "慢于序时进度3.3个百分点"
    assert schedule_text(D("-0.04")) == "与序时进度持平"
    assert target_gap_text(D("1.04")) == "高于目标1.0个百分点"


def test_the_export_formats_a_cell_as_the_page_shows_it():
    count = SimpleNamespace(kind="flow_count", unit="台")
    growth = SimpleNamespace(kind="growth_rate", unit="%")
    amount = SimpleNamespace(kind="flow_amount", unit="亿元")
    assert [value_format(i) for i in (count, growth, amount)] == ["0", "0.0", "0.00"]
