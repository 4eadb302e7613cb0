"""The 2019–2021 plan's subsidies and the 2020 variant as pure functions, with the plan's numbers (万元)."""

from decimal import Decimal as D

import pytest

from smart.subsidies import (
    CompanyYear,
    RankingWeights,
    RuleParams,
    demonstration_award,
    pilot_service_award,
    rank_companies,
    robot_density,
    share,
    top_company_awards,
)

PLAN_2019 = RuleParams(D("0.10"), D("0.20"), D(1500), D(0), D(5), D(10), 10, D(10))
VARIANT_2020 = RuleParams(D(0), D("0.20"), D(300), D(100), D(5), D(10), 10, D(10))


@pytest.mark.parametrize(
    ("rule", "equipment", "it", "amount", "basis_has"),
    [
        (PLAN_2019, D(8000), D(2000), D("1200.00"), "设备投资 8000 万元 × 10%"),  # 800 + 400
        (PLAN_2019, D(3000), D(500), D("400.00"), "技术和信息化投入 500 万元 × 20%"),
        (PLAN_2019, D(12000), D(2000), D(1500), "超过上限"),  # 1200 + 400 = 1600 → cap 1500
        (PLAN_2019, D(15000), D(0), D("1500.00"), "= 1500.00 万元"),  # exactly the cap
        (VARIANT_2020, D(5000), D(1000), D("200.00"), "技术和信息化投入 1000 万元 × 20%"),  # IT part only
        (VARIANT_2020, D(0), D(2000), D(300), "超过上限"),  # 400 → cap 300
        (VARIANT_2020, D(60), D(30), D(0), "低于 100 万元"),  # a 90 万元 project: below the threshold
        (VARIANT_2020, D(70), D(30), D("6.00"), "30 万元 × 20%"),  # exactly 100 万元 qualifies
    ],
)
def test_demonstration_award(rule, equipment, it, amount, basis_has):
    award = demonstration_award(rule, equipment=equipment, it=it)
    assert award.amount == amount
    assert basis_has in award.basis
    if rule is VARIANT_2020 and amount:
        assert "设备投资" not in award.basis


def test_pilot_service_and_top_ten():
    award = pilot_service_award(PLAN_2019, workshops=3, factories=2)
    assert award.amount == D(35)  # 3 × 5 + 2 × 10
    assert "数字化车间试点 3 个 × 5 万元" in award.basis
    ranking = [(100 + i, i) for i in range(1, 13)] + [(200, 10)]  # a tie for 10th place is inside the top 10
    awards = top_company_awards(PLAN_2019, ranking)
    assert set(awards) == {101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 200}
    assert all(a.amount == D(10) for a in awards.values())


def test_ranking_by_the_rule_with_shared_ranks():
    w = RankingWeights(D(1), D(3), D(5), D(5), D(2))
    companies = [
        CompanyYear(1, diagnoses=10, workshop_pilots=1, factory_pilots=0, recognised=0, level_gain=0),  # 13
        CompanyYear(2, diagnoses=5, workshop_pilots=0, factory_pilots=1, recognised=1, level_gain=0),  # 15
        CompanyYear(3, diagnoses=3, workshop_pilots=0, factory_pilots=0, recognised=0, level_gain=5),  # 13
        CompanyYear(4, diagnoses=1, workshop_pilots=0, factory_pilots=0, recognised=0, level_gain=0),  # 1
    ]
    assert rank_companies(w, companies) == [(2, D(15), 1), (1, D(13), 2), (3, D(13), 2), (4, D(1), 4)]


def test_shares_from_numerators_and_denominators():
    assert robot_density(14000, 700_000) == D("200.0")  # the plan's 200 台/万人
    assert robot_density(5, 0) is None
    assert share(70, 100) == D("70.0") and share(55, 100) == D("55.0") and share(1, 3) == D("33.3")
