"""The monitoring calculations against the published figures of domain.md §4, without a database."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitoring.calculations import (
    DEFAULT_THRESHOLDS,
    Figures,
    Thresholds,
    aggregate,
    completion_rate,
    deviation_pp,
    forecast_misses_target,
    forecast_year_end,
    growth_gap_pp,
    profile_share,
    rank,
    rank_change,
    schedule_progress,
    two_year_average_growth,
    warning_colour,
    yoy_growth,
)


def one_decimal(value: D) -> D:
    return value.quantize(D("0.1"))


# --- completion, 序时, deviation ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [
        (D("419"), D("1000"), D("41.9")),  # 1–4月 published completion
        (D("3268000"), D("7800000"), D("41.9")),  # 工业投资 780 亿元 stored in 万元: 326.8 亿元 YTD
        (D("0"), D("125"), D("0")),
        (D("150"), D("125"), D("120")),  # over-fulfilled
        (D("10"), D("0"), None),  # no target to divide by
        (None, D("125"), None),  # not reported
        (D("10"), None, None),  # no numeric target
    ],
)
def test_completion_rate(actual, target, expected):
    result = completion_rate(actual, target)
    assert (result if result is None else one_decimal(result)) == expected


@pytest.mark.parametrize(
    ("month", "share", "expected"),
    [
        (2, None, D("16.7")),  # the 1—2月 report
        (4, None, D("33.3")),  # 4 ÷ 12, the published 1–4月 序时
        (6, None, D("50.0")),
        (12, None, D("100.0")),
        (4, D("0.25"), D("25.0")),  # a monthly plan replaces months ÷ 12
    ],
)
def test_schedule_progress(month, share, expected):
    assert one_decimal(schedule_progress(month, cumulative_plan_share=share)) == expected


def test_schedule_progress_rejects_impossible_months():
    with pytest.raises(ValueError):
        schedule_progress(13)


def test_published_example_is_8_6_pp_ahead_of_schedule():
    # domain.md §4: 1–4月 completion 41.9 % → 快于序时进度 8.6 个百分点.
    deviation = deviation_pp(D("41.9"), schedule_progress(4))
    assert one_decimal(deviation) == D("8.6")
    assert warning_colour(deviation=deviation) == "green"


@pytest.mark.parametrize(("completion", "schedule"), [(None, D(50)), (D(50), None)])
def test_deviation_undefined_without_both(completion, schedule):
    assert deviation_pp(completion, schedule) is None


# --- growth ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "base", "expected"),
    [
        (D("112"), D("100"), D("12.0")),
        (D("91"), D("100"), D("-9.0")),
        (D("100"), D("0"), None),
        (D("100"), None, None),
    ],
)
def test_yoy_growth(current, base, expected):
    result = yoy_growth(current, base)
    assert (result if result is None else one_decimal(result)) == expected


def test_two_year_average_growth_published_figure():
    # domain.md §4: √1.091 → 4.4 %. √1.091 = 1.04451 (4.451 %); the published 4.4 % comes from a
    # two-year ratio that the bulletin itself rounded to 1.091 (e.g. 1.0908 → 4.44 %).
    result = two_year_average_growth(D("109.1"), D("100"))
    assert D("4.4") <= result < D("4.5")
    assert result.quantize(D("0.001")) == D("4.451")
    assert one_decimal(two_year_average_growth(D("1.0908"), D("1"))) == D("4.4")


@pytest.mark.parametrize(("current", "earlier"), [(D(1), D(0)), (None, D(1)), (D(-1), D(1))])
def test_two_year_average_growth_undefined(current, earlier):
    assert two_year_average_growth(current, earlier) is None


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [(D("15.2"), D("12"), D("3.2")), (D("8"), D("12"), D("-4")), (None, D("12"), None)],
)
def test_growth_targets_are_judged_in_pp(actual, target, expected):
    assert growth_gap_pp(actual, target) == expected


# --- warnings --------------------------------------------------------------------------------------

PROJECT_RULE = Thresholds(yellow_pp=D(10), red_pp=D(30))  # the published project rule


@pytest.mark.parametrize(
    ("deviation", "growth", "thresholds", "expected"),
    [
        (D("8.6"), None, DEFAULT_THRESHOLDS, "green"),  # ahead
        (D("0"), None, DEFAULT_THRESHOLDS, "green"),  # on schedule
        (D("-0.1"), None, DEFAULT_THRESHOLDS, "yellow"),
        (D("-10"), None, DEFAULT_THRESHOLDS, "yellow"),
        (D("-10.1"), None, DEFAULT_THRESHOLDS, "red"),
        (D("5"), D("-0.5"), DEFAULT_THRESHOLDS, "red"),  # ahead of schedule, but shrinking
        (None, D("3"), DEFAULT_THRESHOLDS, "green"),
        (None, None, DEFAULT_THRESHOLDS, None),
        (D("-9.9"), None, PROJECT_RULE, "green"),
        (D("-10"), None, PROJECT_RULE, "green"),
        (D("-10.1"), None, PROJECT_RULE, "yellow"),
        (D("-30"), None, PROJECT_RULE, "yellow"),
        (D("-30.1"), None, PROJECT_RULE, "red"),
        (D("1"), D("-2"), Thresholds(red_on_negative_growth=False), "green"),
    ],
)
def test_warning_colour(deviation, growth, thresholds, expected):
    assert warning_colour(deviation=deviation, growth=growth, thresholds=thresholds) == expected


# --- ranking ---------------------------------------------------------------------------------------


def test_rank_with_ties_and_missing_values():
    values = {"海宁": D("41.9"), "平湖": D("50"), "桐乡": D("41.9"), "嘉善": D("30"), "海盐": None}
    assert rank(values) == {"平湖": 1, "海宁": 2, "桐乡": 2, "嘉善": 4}
    assert rank(values, higher_is_better=False) == {"嘉善": 1, "海宁": 2, "桐乡": 2, "平湖": 4}


def test_rank_change_since_last_month():
    april = {"平湖": 1, "海宁": 2, "桐乡": 3, "新开区": 4}
    march = {"平湖": 2, "海宁": 1, "桐乡": 3}
    assert rank_change(april, march) == {"平湖": 1, "海宁": -1, "桐乡": 0, "新开区": None}


values_strategy = st.dictionaries(
    st.integers(min_value=0, max_value=40),
    st.one_of(st.none(), st.decimals(min_value=-1000, max_value=1000, places=1, allow_nan=False)),
    max_size=25,
)


@given(values_strategy)
def test_rank_is_a_consistent_ordering(values):
    ranks = rank(values)
    ranked = {k for k, v in values.items() if v is not None}
    assert set(ranks) == ranked
    for a in ranked:
        # Ties share the better rank: a unit's rank is 1 + the number of units strictly better.
        assert ranks[a] == 1 + sum(1 for b in ranked if values[b] > values[a])
        for b in ranked:
            if values[a] > values[b]:
                assert ranks[a] < ranks[b]
            if values[a] == values[b]:
                assert ranks[a] == ranks[b]


@given(values_strategy, st.randoms())
def test_rank_does_not_depend_on_the_order_of_units(values, rnd):
    items = list(values.items())
    rnd.shuffle(items)
    assert rank(dict(items)) == rank(values)


positive = st.decimals(min_value=D("0.01"), max_value=D("1e7"), places=2, allow_nan=False, allow_infinity=False)


@given(positive, positive, positive)
def test_completion_is_monotonic_in_actual(a, b, target):
    low, high = sorted((a, b))
    assert completion_rate(low, target) <= completion_rate(high, target)


# --- city aggregates -------------------------------------------------------------------------------


def test_additive_kinds_sum():
    # 2019 工业投资 targets 125+100+78+161+155+42+63+31+25 = 780 (亿元).
    units = [Figures(value=D(v), base_value=D(v) - 1) for v in (125, 100, 78, 161, 155, 42, 63, 31, 25)]
    city = aggregate("flow_amount", units)
    assert city.value == D(780)
    assert city.base_value == D(771)


def test_missing_units_are_left_out_of_a_sum():
    assert aggregate("flow_count", [Figures(value=D(3)), Figures()]).value == D(3)
    assert aggregate("stock", [Figures(), Figures()]).value is None


def test_growth_rate_recomputed_from_summed_amounts_never_averaged():
    units = [Figures(value=D(110), base_value=D(100)), Figures(value=D(50), base_value=D(100))]
    city = aggregate("growth_rate", units)
    assert yoy_growth(city.value, city.base_value) == D(-20)  # (160 ÷ 200 − 1); the average would be −15


def test_share_recomputed_from_summed_numerator_and_denominator():
    units = [Figures(numerator=D(18), denominator=D(100)), Figures(numerator=D(2), denominator=D(100))]
    city = aggregate("share", units)
    assert city.value == D(10)  # 20 ÷ 200; the average of 18 % and 2 % happens to be 10 too:
    skewed = [Figures(numerator=D(18), denominator=D(100)), Figures(numerator=D(2), denominator=D(10))]
    assert aggregate("share", skewed).value == D(20) / D(110) * 100  # not (18 + 20) ÷ 2 = 19
    density = [Figures(numerator=D(300), denominator=D("1.5")), Figures(numerator=D(100), denominator=D("0.5"))]
    assert aggregate("share", density, scale=D(1)).value == D(200)  # 台/万人


def test_qualitative_does_not_aggregate():
    assert aggregate("qualitative", [Figures(value=D(1))]) == Figures()


# --- year-end forecast -----------------------------------------------------------------------------


def test_profile_share():
    year = {4: D(300), 12: D(1000)}
    assert profile_share(year, 4) == D("0.3")
    assert profile_share({4: D(300)}, 4) is None


def test_forecast_from_seasonal_profile_warns_while_on_schedule():
    # A unit 41.9 % done after April (8.6 pp ahead of 序时) whose earlier years had reached 45 % and
    # 47 % by April: the projection 419 ÷ 0.46 ≈ 910.9 misses the target 1000 although on 序时.
    projection = forecast_year_end(D(419), 4, [D("0.45"), D("0.47")])
    assert projection.quantize(D("0.1")) == D("910.9")
    deviation = deviation_pp(completion_rate(D(419), D(1000)), schedule_progress(4))
    assert forecast_misses_target(projection=projection, target=D(1000), deviation=deviation)
    # Behind schedule already: the ordinary warning says it; the forecast warning is for on-schedule units.
    assert not forecast_misses_target(projection=projection, target=D(1000), deviation=D(-1))
    assert not forecast_misses_target(projection=D(1001), target=D(1000), deviation=deviation)


@pytest.mark.parametrize(
    ("ytd", "month", "shares", "expected"),
    [
        (D(500), 6, [D("0.5")], D(1000)),
        (D(500), 6, [], None),
        (D(500), 6, [None, D(0)], None),
        (None, 6, [D("0.5")], None),
        (D(990), 12, [], D(990)),
    ],
)
def test_forecast_edge_cases(ytd, month, shares, expected):
    assert forecast_year_end(ytd, month, shares) == expected


def test_forecast_warning_for_lower_is_better():
    assert forecast_misses_target(projection=D(110), target=D(100), deviation=D(0), higher_is_better=False)
