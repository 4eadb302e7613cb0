"""Pure calculations of the key-project library (domain.md §6), table-driven, without the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from projects.calculations import (
    DEFAULT_STAR_RULES,
    NodeDates,
    StarRule,
    StepDates,
    approval_summary,
    compare_land_contract,
    evaluate_stars,
    investment_tier,
    month_end,
    monthly_plan_problems,
    overdue_nodes,
    percent,
    production_rate,
    project_flags,
    rates_for,
    stage_from_nodes,
    start_rate,
    tier_list_ids,
)
from projects.choices import Flag, Node, Stage

D = dt.date


def nodes(**kwargs: tuple[dt.date | None, dt.date | None]) -> dict[str, NodeDates]:
    return {key: NodeDates(planned, actual) for key, (planned, actual) in kwargs.items()}


@pytest.mark.parametrize(
    ("reached", "expected"),
    [
        ({}, Stage.SIGNING),
        ({"signed": D(2019, 1, 5)}, Stage.SIGNING),
        ({"signed": D(2019, 1, 5), "filed": D(2019, 2, 1)}, Stage.PREPARATION),
        ({"signed": D(2019, 1, 5), "land": D(2019, 2, 1)}, Stage.PREPARATION),
        ({"permit": D(2019, 3, 1)}, Stage.PREPARATION),
        ({"filed": D(2019, 2, 1), "started": D(2019, 4, 1)}, Stage.CONSTRUCTION),
        ({"started": D(2019, 4, 1), "completed": D(2019, 9, 1)}, Stage.COMMISSIONED),
        ({"producing": D(2019, 10, 1)}, Stage.COMMISSIONED),
        ({"producing": D(2019, 10, 1), "full": D(2019, 12, 1)}, Stage.OPERATING),
    ],
)
def test_stage_follows_furthest_node_reached(reached: dict[str, dt.date], expected: Stage) -> None:
    assert stage_from_nodes({k: NodeDates(None, v) for k, v in reached.items()}) == expected


def test_stage_as_of_a_past_month_ignores_later_actual_dates() -> None:
    # Given a project started in April 2019
    n = nodes(signed=(None, D(2019, 1, 5)), filed=(None, D(2019, 2, 1)), started=(None, D(2019, 4, 10)))
    # Then at the end of March it was still in 前期攻坚, and at the end of April in 建设实施
    assert stage_from_nodes(n, month_end(2019, 3)) == Stage.PREPARATION
    assert stage_from_nodes(n, month_end(2019, 4)) == Stage.CONSTRUCTION


def test_default_stars_one_per_gate_on_time_with_reasons() -> None:
    # Given: signed and permit on time, started 10 days late, completion/full not reached yet
    n = nodes(
        signed=(D(2019, 1, 10), D(2019, 1, 10)),
        permit=(D(2019, 3, 1), D(2019, 2, 20)),
        started=(D(2019, 4, 1), D(2019, 4, 11)),
        producing=(D(2019, 5, 1), None),
        full=(D(2020, 6, 1), None),
    )
    result = evaluate_stars(n, DEFAULT_STAR_RULES, as_of=D(2019, 6, 30))
    assert result.stars == 2
    assert [r.earned for r in result.reasons] == [True, True, False, False, False]
    assert "10天" in result.reasons[2].reason  # late by 10 days
    assert "逾期60天" in result.reasons[3].reason  # 投产 planned 1 May, not reached by 30 June
    assert "尚未完成" in result.reasons[4].reason  # 达产 not due yet


def test_grace_days_tolerate_a_late_node() -> None:
    n = nodes(started=(D(2019, 4, 1), D(2019, 4, 11)))
    assert evaluate_stars(n, [StarRule("按期开工", Node.STARTED, grace_days=10)]).stars == 1
    assert evaluate_stars(n, [StarRule("按期开工", Node.STARTED, grace_days=9)]).stars == 0


def test_a_node_reached_without_plan_earns_its_star_and_future_actual_does_not() -> None:
    n = nodes(signed=(None, D(2019, 1, 10)))
    assert evaluate_stars(n, [StarRule("签约落地", Node.SIGNED)]).stars == 1
    assert evaluate_stars(n, [StarRule("签约落地", Node.SIGNED)], as_of=D(2018, 12, 31)).stars == 0


def test_five_stars_when_every_gate_is_on_time() -> None:
    n = {str(node): NodeDates(D(2019, 1, 1), D(2019, 1, 1)) for node in Node}
    assert evaluate_stars(n, DEFAULT_STAR_RULES).stars == 5


def test_flags() -> None:
    as_of = D(2019, 6, 30)
    # 竣工 reached, 投产 not: 已完工未投产; the 投产 planned date passed too: 节点逾期
    n = nodes(completed=(D(2019, 5, 1), D(2019, 5, 1)), producing=(D(2019, 6, 1), None))
    assert project_flags(n, as_of) == [Flag.OVERDUE_NODE, Flag.COMPLETED_NOT_PRODUCING]
    # Producing, 达产 planned in the past: 投产未达产; no update this month
    n = nodes(producing=(None, D(2019, 1, 1)), full=(D(2019, 6, 29), None))
    assert project_flags(n, as_of, updated_this_month=False) == [
        Flag.OVERDUE_NODE,
        Flag.PRODUCING_NOT_FULL,
        Flag.NO_UPDATE,
    ]
    # 达产 planned today: not yet overdue
    n = nodes(producing=(None, D(2019, 1, 1)), full=(as_of, None))
    assert project_flags(n, as_of, updated_this_month=True) == []
    # At 达产 the project reports no more: no 本月未更新
    assert project_flags(nodes(full=(None, D(2019, 1, 1))), as_of, updated_this_month=False) == []


def test_overdue_nodes_in_node_order_with_days() -> None:
    n = nodes(started=(D(2019, 6, 1), None), land=(D(2019, 5, 1), None), filed=(D(2019, 1, 1), D(2019, 1, 2)))
    assert [(o.node, o.days_overdue) for o in overdue_nodes(n, D(2019, 6, 11))] == [("land", 41), ("started", 10)]


def test_rates_have_numerator_denominator_and_basis() -> None:
    rate = start_rate(signed=28, started=23, places=2)
    assert (rate.numerator, rate.denominator, rate.percent) == (23, 28, Decimal("82.14"))
    assert "签约" in rate.basis
    assert production_rate(signed=0, producing=0).percent is None
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")


def test_rates_for_a_set_of_projects() -> None:
    as_of = D(2019, 6, 30)
    projects = [
        nodes(signed=(None, D(2019, 1, 1)), started=(None, D(2019, 3, 1)), completed=(D(2019, 5, 1), D(2019, 5, 1))),
        nodes(signed=(None, D(2019, 1, 1)), producing=(None, D(2019, 6, 1)), completed=(D(2019, 12, 1), None)),
        nodes(signed=(None, D(2019, 2, 1))),
        nodes(signed=(None, D(2019, 8, 1)), completed=(D(2019, 11, 1), None)),  # signed after as_of
        nodes(completed=(D(2020, 3, 1), None)),  # not signed, completion planned next year
    ]
    rates = rates_for(projects, as_of)
    assert (rates.start.numerator, rates.start.denominator, rates.start.percent) == (2, 3, Decimal("66.7"))
    assert (rates.production.numerator, rates.production.denominator) == (1, 3)
    assert (rates.completion.numerator, rates.completion.denominator) == (2, 3)


def test_approval_days_count_government_time_only() -> None:
    steps = [
        # Two approvals in parallel (并联): 1–21 March and 10–31 March count as 30 days
        StepDates("approval", D(2019, 3, 1), D(2019, 3, 21)),
        StepDates("approval", D(2019, 3, 10), D(2019, 3, 31)),
        # The owner prepares in April (not counted); a step of 15 days in May
        StepDates("approval", D(2019, 5, 1), D(2019, 5, 16)),
        # Acceptance still open on as_of: counted up to as_of
        StepDates("acceptance", D(2019, 12, 1), None),
        # Submitted after as_of: not counted
        StepDates("acceptance", D(2020, 2, 1), D(2020, 2, 5)),
    ]
    summary = approval_summary(steps, as_of=D(2019, 12, 31))
    assert (summary.approval_days, summary.acceptance_days, summary.total_days) == (45, 30, 75)
    assert summary.open_steps == 1
    assert summary.approval_ok and summary.acceptance_ok and summary.total_ok
    late = approval_summary([StepDates("approval", D(2019, 1, 1), D(2019, 3, 2))], as_of=D(2019, 12, 31))
    assert late.approval_days == 60 and late.approval_ok
    later = approval_summary([StepDates("approval", D(2019, 1, 1), D(2019, 3, 3))], as_of=D(2019, 12, 31))
    assert later.approval_days == 61 and not later.approval_ok


def test_tier_lists_follow_total_investment() -> None:
    thresholds = [(1, Decimal(10000)), (2, Decimal(100000)), (3, None), (4, Decimal(500000))]
    assert tier_list_ids(Decimal("9999.99"), thresholds) == set()
    assert tier_list_ids(Decimal(10000), thresholds) == {1}
    assert tier_list_ids(Decimal(120000), thresholds) == {1, 2}
    assert investment_tier(Decimal("9999.99")) == "lt1"
    assert investment_tier(Decimal(10000)) == "1to10"
    assert investment_tier(Decimal(1000000)) == "ge100"


def test_land_contract_comparison() -> None:
    promised = {"investment_intensity": Decimal(400), "plot_ratio": Decimal("1.2"), "energy_per_value": Decimal("0.5")}
    actual = {"investment_intensity": Decimal(420), "plot_ratio": Decimal("1.1"), "energy_per_value": Decimal("0.45")}
    comparison = compare_land_contract(promised, actual)
    met = {i.key: i.met for i in comparison.indicators}
    assert met["investment_intensity"] is True
    assert met["plot_ratio"] is False
    assert met["energy_per_value"] is True  # lower is better
    assert met["tax_per_mu"] is None
    assert comparison.all_met is False
    assert compare_land_contract(promised, {}).all_met is None


def test_monthly_plan_problems() -> None:
    assert monthly_plan_problems(Decimal(1200), []) == []
    assert monthly_plan_problems(Decimal(1200), [100] * 12) == []
    assert monthly_plan_problems(Decimal(1200), ["100.5"] * 11 + ["94.5"]) == []
    assert len(monthly_plan_problems(Decimal(1200), [100] * 11)) == 1
    assert "不一致" in monthly_plan_problems(Decimal(1300), [100] * 12)[0]


def test_month_end() -> None:
    assert month_end(2019, 2) == D(2019, 2, 28)
    assert month_end(2020, 2) == D(2020, 2, 29)
    assert month_end(2019, 12) == D(2019, 12, 31)
