"""The 亩均 score and class (mujun/scoring.py) on hand-computed cases with the published weights and
benchmark of domain.md §7, and hypothesis for the class rules."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mujun.scoring import (
    GroupRules,
    IndicatorRule,
    apply_lists,
    class_of_rank,
    class_quotas,
    evaluate,
    needed_for_next_class,
)

# The published county weights for 规上 (30/20/20/10/10/10) and 规下 (50/50); 亩均税收 benchmark 24.097 万元/亩.
ABOVE = GroupRules(
    "above",
    (
        IndicatorRule("tax_per_mu", 30, benchmark=24.097),
        IndicatorRule("va_per_mu", 20, benchmark=80),
        IndicatorRule("va_per_energy", 20, benchmark=2),
        IndicatorRule("va_per_emission", 10, benchmark=100),
        IndicatorRule("labour_productivity", 10, benchmark=25),
        IndicatorRule("rd_ratio", 10, benchmark=2),
    ),
)
BELOW = GroupRules(
    "below", (IndicatorRule("tax_per_mu", 50, benchmark=12), IndicatorRule("tax_per_kwh", 50, benchmark=0.5))
)


def firm(id_: int, group: str = "above", **measures: float | None) -> dict:
    row = {"id": id_, "group": group, "division": "C34", "parcel": None}
    row.update(measures)
    return row


def frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, infer_schema_length=None)


def test_huangyan_formula_hand_computed():
    # Given a 规上 firm: tax 481.94 万元 on 10 亩 (48.194 万元/亩 = 2 × 24.097), value added 1,200 万元,
    # energy 400 tce, emissions 6 t, 60 employees, R&D 90 of revenue 3,000 万元.
    rows = [
        firm(1, tax=481.94, land_mu=10, value_added=1200, energy_tce=400, emission_t=6, employees=60, rd=90,
             revenue=3000),
    ]  # fmt: skip
    ev = evaluate(frame(rows), {"above": ABOVE})
    r = ev.results.row(0, named=True)
    # then each indicator scores value ÷ benchmark × weight:
    assert r["v_tax_per_mu"] == pytest.approx(48.194)
    assert r["s_tax_per_mu"] == pytest.approx(60.0)  # 48.194 / 24.097 × 30
    assert r["s_va_per_mu"] == pytest.approx(30.0)  # 120 / 80 × 20
    assert r["s_va_per_energy"] == pytest.approx(30.0)  # 3 / 2 × 20
    assert r["s_va_per_emission"] == pytest.approx(20.0)  # 200 / 100 × 10
    assert r["s_labour_productivity"] == pytest.approx(8.0)  # 20 / 25 × 10
    assert r["s_rd_ratio"] == pytest.approx(15.0)  # 3 % / 2 % × 10
    assert r["score"] == pytest.approx(163.0)


def test_below_group_weights_50_50():
    rows = [firm(1, "below", tax=36, land_mu=6, electricity=24)]  # 6 万元/亩, 1.5 元/kWh
    r = evaluate(frame(rows), {"below": BELOW}).results.row(0, named=True)
    assert r["s_tax_per_mu"] == pytest.approx(25.0)  # 6 / 12 × 50
    assert r["s_tax_per_kwh"] == pytest.approx(150.0)  # 1.5 / 0.5 × 50
    assert r["score"] == pytest.approx(175.0)


def test_missing_emission_gets_group_average_score_and_cap_applies():
    rules = GroupRules(
        "above",
        (IndicatorRule("tax_per_mu", 30, benchmark=24.097, cap=2), IndicatorRule("va_per_emission", 10, benchmark=100)),
    )
    rows = [
        firm(1, tax=24.097 * 5, land_mu=1, value_added=100, emission_t=1),  # ratio 5 capped at 2 → 60; 10
        firm(2, tax=24.097, land_mu=1, value_added=100, emission_t=0.5),  # 30; 20
        firm(3, tax=24.097, land_mu=1, value_added=100, emission_t=None),  # 30; average of 10 and 20 = 15
    ]
    res = evaluate(frame(rows), {"above": rules}).results.sort("id")
    assert res["s_tax_per_mu"].to_list() == pytest.approx([60.0, 30.0, 30.0])
    assert res["s_va_per_emission"].to_list() == pytest.approx([10.0, 20.0, 15.0])
    assert res["score"].to_list() == pytest.approx([70.0, 50.0, 45.0])


def test_computed_benchmark_mean_and_median_times_factor():
    rules = GroupRules("below", (IndicatorRule("tax_per_mu", 50, mode="median", factor=1.0),))
    rows = [firm(i, "below", tax=t, land_mu=1) for i, t in enumerate([2, 4, 6, 100], start=1)]
    ev = evaluate(frame(rows), {"below": rules})
    assert ev.groups["below"]["benchmarks"]["tax_per_mu"] == pytest.approx(5.0)  # median of 2, 4, 6, 100
    assert ev.results.sort("id")["s_tax_per_mu"].to_list() == pytest.approx([20.0, 40.0, 60.0, 1000.0])
    mean_rules = GroupRules("below", (IndicatorRule("tax_per_mu", 50, mode="mean", factor=0.8),))
    ev = evaluate(frame(rows), {"below": mean_rules})
    assert ev.groups["below"]["benchmarks"]["tax_per_mu"] == pytest.approx(22.4)  # 28 × 0.8


def test_industry_override_of_weight_and_benchmark():
    rules = GroupRules(
        "below",
        (IndicatorRule("tax_per_mu", 50, benchmark=12),),
        overrides={("C26", "tax_per_mu"): (60.0, 24.0)},
    )
    rows = [firm(1, "below", tax=24, land_mu=1), {**firm(2, "below", tax=24, land_mu=1), "division": "C26"}]
    res = evaluate(frame(rows), {"below": rules}).results.sort("id")
    assert res["score"].to_list() == pytest.approx([100.0, 60.0])


def test_shared_parcel_is_evaluated_together():
    rules = GroupRules("below", (IndicatorRule("tax_per_mu", 50, benchmark=10),))
    rows = [
        {**firm(1, "below", tax=30, land_mu=2), "parcel": "JX-01"},
        {**firm(2, "below", tax=10, land_mu=2), "parcel": "JX-01"},
        firm(3, "below", tax=5, land_mu=1),
    ]
    res = evaluate(frame(rows), {"below": rules}).results.sort("id")
    assert res["v_tax_per_mu"].to_list() == pytest.approx([10.0, 10.0, 5.0])  # (30 + 10) / (2 + 2)
    assert res["score"].to_list() == pytest.approx([50.0, 50.0, 25.0])
    assert res["group_size"].to_list() == [2, 2, 2]  # two evaluation units


def test_cut_offs_default_20_60_95():
    rules = GroupRules("below", (IndicatorRule("tax_per_mu", 50, benchmark=10),))
    rows = [firm(i, "below", tax=i, land_mu=1) for i in range(1, 21)]  # 20 distinct scores
    res = evaluate(frame(rows), {"below": rules}).results.sort("id", descending=True)
    assert res["klass"].to_list() == ["A"] * 4 + ["B"] * 8 + ["C"] * 7 + ["D"] * 1
    assert class_quotas(20, rules) == (4, 12, 19)


def test_bonus_penalty_and_lists():
    rules = GroupRules("below", (IndicatorRule("tax_per_mu", 50, benchmark=10),))
    rows = [
        {**firm(1, "below", tax=100, land_mu=1), "veto": True},  # best score, vetoed → C
        {**firm(2, "below", tax=1, land_mu=1), "protect": True},  # worst, protected → C
        {**firm(3, "below", tax=50, land_mu=1), "bonus": 3.0, "penalty": 1.5},
    ] + [firm(i, "below", tax=10 + i, land_mu=1) for i in range(4, 11)]
    res = {r["id"]: r for r in evaluate(frame(rows), {"below": rules}).results.iter_rows(named=True)}
    assert res[1]["rank"] == 1 and res[1]["rank_class"] == "A" and res[1]["klass"] == "C"
    assert res[2]["rank_class"] == "D" and res[2]["klass"] == "C"
    assert res[3]["score"] == pytest.approx(251.5)
    assert apply_lists("A", vetoed=True, protected=True) == "C"


def test_what_moves_a_firm_to_the_next_class():
    need = needed_for_next_class(
        score=50.0,
        klass="C",
        thresholds={"A": 90.0, "B": 70.0, "C": 40.0},
        vetoed=False,
        indicators=[
            {"code": "tax_per_mu", "value": 12.0485, "benchmark": 24.097, "weight": 30, "contribution": 15.0},
            {"code": "rd_ratio", "value": 1, "benchmark": 2, "weight": 10, "contribution": 5.0, "cap": 2},
        ],
    )
    assert need is not None and need["class"] == "B" and need["gap"] == 20.0
    tax, rd = need["indicators"]
    assert tax["value"] == pytest.approx(28.1132, abs=1e-4)  # (15 + 20) / 30 × 24.097
    assert rd["value"] is None  # (5 + 20) / 10 = 2.5 × benchmark exceeds the cap of 2
    assert needed_for_next_class(score=10, klass="C", thresholds={"B": 20}, vetoed=True, indicators=[]) is None


# --- properties ----------------------------------------------------------------------------------

scores = st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=60)


def _run(values: list[int], **flags: list[bool]) -> pl.DataFrame:
    rules = GroupRules("below", (IndicatorRule("tax_per_mu", 50, benchmark=10),))
    rows = [firm(i, "below", tax=float(v), land_mu=1.0) for i, v in enumerate(values)]
    for name, column in flags.items():
        for row, flag in zip(rows, column, strict=False):
            row[name] = flag
    return evaluate(frame(rows), {"below": rules}).results


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=80, unique=True))
def test_property_class_shares_match_the_cut_offs_without_ties(values):
    res = _run(values)
    n = len(values)
    counts = {k: res.filter(pl.col("klass") == k).height for k in "ABCD"}
    qa, qb, qc = class_quotas(n, GroupRules("below", ()))
    assert (counts["A"], counts["A"] + counts["B"], counts["A"] + counts["B"] + counts["C"]) == (qa, qb, qc)


@settings(max_examples=80, deadline=None)
@given(scores)
def test_property_ties_share_the_better_class(values):
    res = _run(values)
    by_score = res.group_by("score").agg(pl.col("klass").n_unique().alias("classes"), pl.col("rank").n_unique())
    assert by_score["classes"].max() == 1 and by_score["rank"].max() == 1
    # and the class is the one of the best rank in the tie
    quotas = class_quotas(len(values), GroupRules("below", ()))
    for row in res.iter_rows(named=True):
        assert row["klass"] == class_of_rank(row["rank"], quotas)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.booleans(), st.booleans()), min_size=1, max_size=60))
def test_property_veto_never_above_c_protection_never_d(rows):
    res = _run([v for v, _, _ in rows], veto=[v for _, v, _ in rows], protect=[p for _, _, p in rows])
    assert res.filter(pl.col("veto") & pl.col("klass").is_in(["A", "B"])).is_empty()
    assert res.filter(pl.col("protect") & (pl.col("klass") == "D")).is_empty()


def test_ties_ranked_ordinally_when_they_do_not_share_the_better_class():
    # Given five firms of which three tie at the second-best score, and ties_share_better off
    rules = GroupRules("below", (IndicatorRule("tax_per_mu", 50, benchmark=10),), ties_share_better=False)
    rows = [firm(i, "below", tax=t, land_mu=1) for i, t in [(1, 50), (2, 40), (3, 40), (4, 40), (5, 10)]]
    res = evaluate(frame(rows), {"below": rules}).results.sort("id")
    # then the tied firms get consecutive ranks in id order, and the class of their own rank (quotas 1, 3, 4)
    assert res["rank"].to_list() == [1, 2, 3, 4, 5]
    assert res["klass"].to_list() == ["A", "B", "B", "C", "D"]
    # whereas sharing the better class puts all three at rank 2, in B
    shared = evaluate(frame(rows), {"below": GroupRules("below", rules.indicators)}).results.sort("id")
    assert shared["rank"].to_list() == [1, 2, 2, 2, 5] and shared["klass"].to_list() == ["A", "B", "B", "B", "D"]


measure = st.floats(min_value=0.1, max_value=1e4, allow_nan=False, allow_infinity=False)
# how each of the six 规上 indicators improves: a numerator grows or a denominator shrinks
NUMERATORS = ["tax", "value_added", "rd"]  # 亩均税收, 亩均/能耗/排放/劳动 增加值, R&D占比
DENOMINATORS = ["land_mu", "energy_tce", "emission_t", "employees"]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(*[measure] * 8), min_size=2, max_size=30), st.data())
def test_property_score_is_monotonic_in_each_indicator(firms, data):
    names = ["tax", "value_added", "rd", "revenue", "land_mu", "energy_tce", "emission_t", "employees"]
    rows = [firm(i, **dict(zip(names, values, strict=True))) for i, values in enumerate(firms)]
    before = evaluate(frame(rows), {"above": ABOVE}).results.sort("id")
    who = data.draw(st.integers(0, len(rows) - 1))
    key = data.draw(st.sampled_from(NUMERATORS + DENOMINATORS))
    factor = data.draw(st.floats(1.0, 10.0))
    better = [dict(r) for r in rows]
    better[who][key] = better[who][key] * factor if key in NUMERATORS else better[who][key] / factor
    after = evaluate(frame(better), {"above": ABOVE}).results.sort("id")
    assert after["score"][who] >= before["score"][who]
    assert "ABCD".index(after["klass"][who]) <= "ABCD".index(before["klass"][who])


def test_quotas_are_exact_decimal_floors():
    rules = GroupRules("below", (), cut_a=Decimal("20"), cut_b=Decimal("60"), cut_c=Decimal("95"))
    assert class_quotas(7, rules) == (1, 4, 6)
    assert class_quotas(0, rules) == (0, 0, 0)
