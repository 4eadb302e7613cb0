"""The matrix from reports and targets: published figures, city aggregates, ranks, scope, query count."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import Role
from monitoring.models import WarningThreshold
from monitoring.selectors import monitoring_matrix, unit_history

from .conftest import EXTRA_UNITS, HAINING, JIASHAN, PINGHU, add_unit

pytestmark = pytest.mark.django_db


def one(value):
    return value.quantize(D("0.1"))


def exact(value):
    """The matrix is exact to monitoring.frame.PLACES (9) decimal places."""
    return value.quantize(D("1e-9"))


def cell(matrix, code, indicator):
    region = next(u for u in matrix.units if u.code == code)
    return matrix.cells[(region.pk, indicator.pk)]


def test_published_example_in_the_matrix(scenario, city_staff):
    matrix = monitoring_matrix(plan=scenario.plan, year=2019, month=4, user=city_staff)
    haining = cell(matrix, HAINING, scenario.investment)
    ev = haining.evaluation
    assert one(ev.completion) == D("41.9")
    assert one(ev.deviation) == D("8.6")  # 快于序时进度 8.6 个百分点
    assert ev.colour == "green"
    assert one(ev.growth) == D("12.4")  # 674590 ÷ 600000
    assert D("4.4") <= ev.two_year_growth < D("4.5")  # √1.091, via the 2017 plan's indicator of the same series
    # Earlier years had reached 45 % and 47 % by April: 674590 ÷ 0.46 misses 1610000 while on 序时.
    assert ev.forecast.quantize(D(1)) == D(1466500)
    assert ev.forecast_warning


def test_colours_ranks_and_change_of_rank(scenario, city_staff):
    matrix = monitoring_matrix(plan=scenario.plan, year=2019, month=4, user=city_staff)
    pinghu = cell(matrix, PINGHU, scenario.investment)
    assert one(pinghu.evaluation.deviation) == D("-3.3") and pinghu.evaluation.colour == "yellow"
    # 嘉善 only submitted: not counted unless provisional figures are asked for.
    assert not cell(matrix, JIASHAN, scenario.investment).reported
    assert cell(matrix, HAINING, scenario.investment).rank == 1
    assert cell(matrix, HAINING, scenario.investment).rank_change == 1  # second in March
    assert pinghu.rank == 2 and pinghu.rank_change == -1
    growth = cell(matrix, HAINING, scenario.growth).evaluation
    assert growth.growth == D(10) and growth.deviation == D(-2) and growth.colour == "yellow"
    assert cell(matrix, PINGHU, scenario.growth).rank == 1


def test_provisional_reports_on_request(scenario, city_staff):
    matrix = monitoring_matrix(plan=scenario.plan, year=2019, month=4, user=city_staff, provisional=True)
    jiashan = cell(matrix, JIASHAN, scenario.investment)
    assert jiashan.reported and jiashan.provisional
    assert one(jiashan.evaluation.deviation) == D("-13.3") and jiashan.evaluation.colour == "red"
    assert cell(matrix, JIASHAN, scenario.growth).evaluation.colour == "red"  # negative growth
    assert jiashan.rank == 3


def test_city_aggregates_by_kind(scenario, city_staff):
    matrix = monitoring_matrix(plan=scenario.plan, year=2019, month=4, user=city_staff, provisional=True)
    investment = matrix.city[scenario.investment.pk].evaluation
    assert investment.value == D(674590 + 465000 + 200000)  # a sum
    assert investment.target == D(7800000)
    growth = matrix.city[scenario.growth.pk].evaluation
    assert growth.growth == exact((D(325) / D(300) - 1) * 100)  # from summed amounts, not the mean of 10, 20, −5
    share = matrix.city[scenario.share.pk].evaluation
    assert share.value == exact(D(20) / D(110) * 100)  # from summed parts, not (18 + 20) ÷ 2


def test_overall_ranking(scenario, city_staff):
    matrix = monitoring_matrix(plan=scenario.plan, year=2019, month=4, user=city_staff)
    order = [(row.region.code, row.rank) for row in matrix.overall]
    # 海宁: investment 1st, growth 2nd, share 2nd (18 < 20) → 5/3; 平湖: 2, 1, 1 → 4/3.
    assert order[:2] == [(PINGHU, 1), (HAINING, 2)]
    assert order[2] == (JIASHAN, None)


def test_thresholds_indicator_overrides_plan(scenario, city_staff):
    WarningThreshold.objects.create(plan=scenario.plan, yellow_pp=D(10), red_pp=D(30))
    WarningThreshold.objects.create(plan=scenario.plan, indicator=scenario.growth, yellow_pp=D(5), red_pp=D(8))
    matrix = monitoring_matrix(plan=scenario.plan, year=2019, month=4, user=city_staff)
    assert cell(matrix, PINGHU, scenario.investment).evaluation.colour == "green"  # 3.3 behind ≤ 10
    assert cell(matrix, HAINING, scenario.growth).evaluation.colour == "green"  # 2 behind ≤ 5
    sources = {c.indicator.pk: c.threshold_source for c in matrix.columns}
    assert sources == {scenario.investment.pk: "plan", scenario.growth.pk: "indicator", scenario.share.pk: "plan"}


def test_unit_user_sees_only_own_unit_without_city_or_ranks(scenario, make_user):
    reporter = make_user(Role.UNIT_REPORTER, HAINING)
    matrix = monitoring_matrix(plan=scenario.plan, year=2019, month=4, user=reporter)
    assert [u.code for u in matrix.units] == [HAINING]
    assert not matrix.complete and matrix.city == {} and matrix.overall == []
    assert cell(matrix, HAINING, scenario.investment).rank is None


def test_query_count_is_constant_in_the_number_of_units(scenario, city_staff):
    def count() -> int:
        city_staff.__dict__.pop("scope_region_ids", None)
        with CaptureQueriesContext(connection) as ctx:
            monitoring_matrix(plan=scenario.plan, year=2019, month=4, user=city_staff)
        return len(ctx.captured_queries)

    few = count()
    for code in EXTRA_UNITS:
        add_unit(scenario, code)
    matrix = monitoring_matrix(plan=scenario.plan, year=2019, month=4, user=city_staff)
    assert len(matrix.units) == 3 + len(EXTRA_UNITS)
    assert count() == few <= 9  # … of which one reads the figures marked 无


def test_unit_history(scenario, city_staff):
    history = unit_history(plan=scenario.plan, region=scenario.regions[HAINING], year=2019, user=city_staff)
    by_month = dict(
        zip(
            history.months,
            next(cells for c, cells in history.rows() if c.indicator == scenario.investment),
            strict=True,
        )
    )
    assert one(by_month[4].evaluation.completion) == D("41.9")
    assert one(by_month[3].evaluation.completion) == D("20.0")
    assert not by_month[5].reported
    assert len(history.rows()) == 3


def _relative(indicator, region, kind, offset, text):
    from targets.models import Target

    Target.objects.filter(indicator=indicator, region=region).update(
        status="relative", value=None, comparator="", relative_kind=kind, relative_offset=offset, raw_text=text
    )


def test_relative_targets_are_judged_as_numbers(scenario, city_staff, make_user):
    from .conftest import CITY, make_indicator, make_plan, value

    regions = scenario.regions
    # 平湖: 占比 高于面上1个百分点. The city's share (accepted reports) is (18 + 2) ÷ (100 + 10) = 18.18 %.
    _relative(scenario.share, regions[PINGHU], "above_city", D(1), "高于面上1个百分点")
    # 海宁: 占比 比上年提升; its 1—4月 share of 2018 was 20 % (another plan's indicator of the same series).
    _relative(scenario.share, regions[HAINING], "above_last_year", D(0), "比上年提升")
    share_2018 = make_indicator(make_plan(2018, regions[CITY]), "数字经济核心产业投资占比", "%", "share", 3)
    value(regions[HAINING], 2018, 4, share_2018, numerator=D(20), denominator=D(100))

    matrix = monitoring_matrix(plan=scenario.plan, year=2019, month=4, user=city_staff)
    pinghu = cell(matrix, PINGHU, scenario.share).evaluation
    assert pinghu.target == exact(D(20) / D(110) * 100 + 1)
    assert pinghu.deviation == exact(20 - (D(20) / D(110) * 100 + 1)) and pinghu.colour == "green"
    haining = cell(matrix, HAINING, scenario.share).evaluation
    assert haining.target == D(20) and haining.deviation == D(-2) and haining.colour == "yellow"

    # A unit user sees their own cell judged against the city's figure too, and nothing of other units.
    reporter = make_user(Role.UNIT_REPORTER, PINGHU)
    own = monitoring_matrix(plan=scenario.plan, year=2019, month=4, user=reporter)
    assert [u.code for u in own.units] == [PINGHU] and own.city == {}
    assert cell(own, PINGHU, scenario.share).evaluation.target == pinghu.target
    assert cell(own, PINGHU, scenario.share).evaluation.colour == "green"
