"""Scoring rules as pure functions, table-driven, no database (domain.md §5's published patterns).

Figures are the 2019 notice's (嘉经信投资〔2019〕15号): 工业投资 targets 125 / 100 / 78 / 161 … 亿元
(780 in all), 技术改造投资增速 12 %. Every expected point is computed by hand in the comment.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment.choices import RuleKind
from assessment.scoring import (
    Adjustment,
    Figures,
    RuleParams,
    score_full_when_met,
    score_growth_pp,
    score_proportional,
    score_rank_by_value,
    score_rule,
    score_units,
)

D = Decimal
WAN = D(10000)  # 1 亿元 = 10000 万元: money arrives in storage units


def invest(actual: str | None, target: str | None, **kw: object) -> Figures:
    return Figures(
        indicator="工业投资",
        unit="亿元",
        actual=None if actual is None else D(actual) * WAN,
        target=None if target is None else D(target) * WAN,
        **kw,  # type: ignore[arg-type]
    )


FULL = RuleParams(RuleKind.FULL_WHEN_MET, D(20), D("0.5"), D(3))

# (figures, rule, points, explanation)
SINGLE_CASES = [
    # 128.6 ÷ 125 = 102.88 % → 102.9 %; 2.9 pp × 0.5 = 1.45; 20 + 1.45 = 21.45 (the brief's example, word for word)
    (
        invest("128.6", "125"),
        FULL,
        "21.45",
        "工业投资完成 128.6 亿元，完成率 102.9 %，得基本分 20 分，超额 2.9 个百分点加 1.45 分（上限 3 分）",
    ),
    # exactly met: 125 ÷ 125 = 100 % → the base points, no bonus
    (invest("125", "125"), FULL, "20", "工业投资完成 125 亿元，完成率 100.0 %，得基本分 20 分"),
    # below: 100 ÷ 125 = 80 % → 20 × 0.8 = 16
    (invest("100", "125"), FULL, "16", "工业投资完成 100 亿元，完成率 80.0 %，未完成目标，按完成率得 16 分"),
    # cap: 190 ÷ 161 = 118.01 % → 18.0 pp × 0.5 = 9 → capped at 3 → 23
    (
        invest("190", "161"),
        FULL,
        "23",
        "工业投资完成 190 亿元，完成率 118.0 %，得基本分 20 分，超额 18.0 个百分点加 3 分（上限 3 分）",
    ),
    # kind defaults (0.5 per pp, cap 3) when the rule leaves them blank: 105 ÷ 100 = 105 % → 5 × 0.5 = 2.5
    (invest("105", "100"), RuleParams(RuleKind.FULL_WHEN_MET, D(20)), "22.5", None),
    # floor: 10 ÷ 100 = 10 % → 2 points, lifted to the floor of 5
    (
        invest("10", "100"),
        RuleParams(RuleKind.FULL_WHEN_MET, D(20), floor=D(5)),
        "5",
        "工业投资完成 10 亿元，完成率 10.0 %，未完成目标，按完成率得 2 分，不低于保底分 5 分",
    ),
    # the default rule: weight × min(completion, 1 + cap ÷ weight); no cap → at most the weight
    (
        invest("130", "125"),
        RuleParams(RuleKind.PROPORTIONAL, D(20)),
        "20",
        "工业投资完成 130 亿元，完成率 104.0 %，按权重 20 分折算，封顶 20 分（加分上限 0 分）",
    ),
    # cap 2 points: 20 × 1.04 = 20.8 ≤ 22
    (
        invest("130", "125"),
        RuleParams(RuleKind.PROPORTIONAL, D(20), cap=D(2)),
        "20.8",
        "工业投资完成 130 亿元，完成率 104.0 %，按权重 20 分折算得 20.8 分",
    ),
    # 78 亿元 target, 70.2 done: 90 % → 18
    (invest("70.2", "78"), RuleParams(RuleKind.PROPORTIONAL, D(20)), "18", None),
    # lower is better (energy use): target 100, actual 80 → completion 100 ÷ 80 = 125 % → capped at the weight
    (
        Figures("单位工业增加值能耗", "万吨标煤", D(80), D(100), lower_is_better=True),
        RuleParams(RuleKind.PROPORTIONAL, D(10)),
        "10",
        None,
    ),
    # no numeric target (——): not assessed, no points and none to lose
    (
        invest("50", None, target_text="——"),
        FULL,
        "0",
        "工业投资未下达数值目标（——），不计分",
    ),
    # nothing reported: 0 points out of 20
    (invest(None, "125"), FULL, "0", "工业投资未报送年末数据，得 0 分"),
]


@pytest.mark.parametrize(("figures", "params", "points", "explanation"), SINGLE_CASES)
def test_completion_rules(figures, params, points, explanation):
    scorer = score_full_when_met if params.kind == RuleKind.FULL_WHEN_MET else score_proportional
    line = scorer(figures, params)
    assert line.points == D(points)
    if explanation is not None:
        assert line.explanation == explanation


def test_not_assessed_lines_carry_no_maximum():
    assert score_full_when_met(invest("50", None, target_text="——"), FULL).max_points == 0
    assert score_full_when_met(invest(None, "125"), FULL).max_points == 20


GROWTH = RuleParams(RuleKind.GROWTH_PP, D(10))  # defaults: ±0.1 per pp, cap ±3 (domain.md §5)


def growth(actual: str, base: str | None, target: str = "12") -> Figures:
    return Figures("技术改造投资增速", "%", D(actual) * WAN, D(target), base=None if base is None else D(base) * WAN)


GROWTH_CASES = [
    # 115.5 ÷ 100 − 1 = 15.5 %; 15.5 − 12 = 3.5 pp × 0.1 = 0.35 → 10.35
    (
        growth("115.5", "100"),
        "10.35",
        "技术改造投资增速 15.5 %，目标 12 %，高于目标 3.5 个百分点，得基本分 10 分加 0.35 分（上限 3 分）",
    ),
    # 102 ÷ 100 → 2 %: 10 pp below → −1 → 9
    (
        growth("102", "100"),
        "9",
        "技术改造投资增速 2.0 %，目标 12 %，低于目标 10.0 个百分点，得基本分 10 分减 1 分（上限 3 分）",
    ),
    # 150 ÷ 100 → 50 %: 38 pp × 0.1 = 3.8 → +3 (cap) → 13
    (growth("150", "100"), "13", None),
    # 50 ÷ 100 → −50 %: −62 pp → −3 (cap) → 7
    (growth("50", "100"), "7", None),
    # 112 ÷ 100 = 12 % exactly on target → the base points
    (growth("112", "100"), "10", "技术改造投资增速 12.0 %，目标 12 %，得基本分 10 分"),
    # no comparable base: the reported value is the growth rate itself (8 % → −4 pp → −0.4)
    (Figures("技术改造投资增速", "%", D(8), D(12)), "9.6", None),
    # base of 0: growth undefined → the floor
    (growth("10", "0"), "0", None),
]


@pytest.mark.parametrize(("figures", "points", "explanation"), GROWTH_CASES)
def test_growth_rule(figures, points, explanation):
    line = score_growth_pp(figures, GROWTH)
    assert line.points == D(points)
    if explanation is not None:
        assert line.explanation == explanation


def test_growth_rule_with_its_own_parameters():
    # 0.5 per pp, cap 1: 15.5 − 12 = 3.5 pp × 0.5 = 1.75 → 1
    params = RuleParams(RuleKind.GROWTH_PP, D(10), bonus_per_pp=D("0.5"), cap=D(1))
    assert score_growth_pp(growth("115.5", "100"), params).points == D(11)


def robots(actual: str | None) -> Figures:
    return Figures("新增工业机器人", "台", None if actual is None else D(actual), None)


def test_rank_by_value_gives_the_largest_full_points_and_the_others_in_proportion():
    # 500 is the largest: 10; 250 ÷ 500 = 50 % → 5; 400 ÷ 500 = 80 % → 8; nothing reported → 0
    lines = score_rank_by_value(
        {"海宁市": robots("500"), "平湖市": robots("250"), "桐乡市": robots("400"), "海盐县": robots(None)},
        RuleParams(RuleKind.RANK_BY_VALUE, D(10)),
    )
    assert {k: v.points for k, v in lines.items()} == {"海宁市": 10, "平湖市": 5, "桐乡市": 8, "海盐县": 0}
    assert lines["海宁市"].explanation == "新增工业机器人完成 500 台，为各单位最好，得满分 10 分"
    assert lines["平湖市"].explanation == "新增工业机器人完成 250 台，为最好值 500 台的 50.0 %，得 5 分"


def test_rank_by_value_lower_is_better():
    # the smallest energy use is best: 80 → 10; 100 → 80 ÷ 100 = 80 % → 8
    figures = {
        "a": Figures("能耗", "万吨标煤", D(80), None, lower_is_better=True),
        "b": Figures("能耗", "万吨标煤", D(100), None, lower_is_better=True),
    }
    lines = score_rule(RuleParams(RuleKind.RANK_BY_VALUE, D(10)), figures)
    assert (lines["a"].points, lines["b"].points) == (D(10), D(8))


def test_score_units_totals_adjustments_and_ranks_with_ties():
    # 南湖区: 128.6 of 125 → 21.45; growth 15.5 % → 10.35; total 31.80
    # 秀洲区: 100 of 100 → 20; growth 12 % → 10; bonus +1.8 (省级示范) → 31.80: ties 南湖 for rank 1
    # 嘉善县: 70 of 78 = 89.74 % → 89.7 % → 17.94; growth 8 % (reported as the rate) → 9.6; penalty −1 → 26.54
    units = ["南湖区", "秀洲区", "嘉善县"]
    rules = [
        (
            FULL,
            {"南湖区": invest("128.6", "125"), "秀洲区": invest("100", "100"), "嘉善县": invest("70", "78")},
        ),
        (
            GROWTH,
            {
                "南湖区": growth("115.5", "100"),
                "秀洲区": growth("112", "100"),
                "嘉善县": Figures("技术改造投资增速", "%", D(8), D(12)),
            },
        ),
    ]
    adjustments = {
        "秀洲区": [Adjustment(D("1.8"), "获评省级示范")],
        "嘉善县": [Adjustment(D(-1), "月报迟报两次")],
    }
    scores = score_units(units, rules, adjustments)
    assert {u: s.total for u, s in scores.items()} == {"南湖区": D("31.80"), "秀洲区": D("31.80"), "嘉善县": D("26.54")}
    assert {u: s.rank for u, s in scores.items()} == {"南湖区": 1, "秀洲区": 1, "嘉善县": 3}
    assert [line.explanation for line in scores["嘉善县"].lines][-1] == "扣分：月报迟报两次，扣 1 分"
    assert scores["秀洲区"].lines[-1].explanation == "加分：获评省级示范，加 1.8 分"
    assert scores["南湖区"].lines[0].as_dict()["points"] == "21.45"


def test_the_seed_table_sums_and_every_unit_scores():
    # 2019 工业投资 targets (亿元): 125+100+78+161+155+42+63+31+25 = 780; each unit exactly on target → 20 each
    targets = ["125", "100", "78", "161", "155", "42", "63", "31", "25"]
    assert sum(D(t) for t in targets) == 780
    figures = {i: invest(t, t) for i, t in enumerate(targets)}
    lines = score_rule(FULL, figures)
    assert all(line.points == 20 for line in lines.values())
