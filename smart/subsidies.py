"""The subsidies of the 2019–2021 plan (四(二) 加大财政支持) as pure functions over plain numbers (万元, Decimal).

- a recognised demonstration project: equipment_rate × actual equipment investment + it_rate × technology and IT
  investment, at most `demo_cap` (2019 plan: 10 %, 20 %, 1500 万元); projects below `demo_min_investment` get
  nothing (the 2020 Jiaxing variant: only the IT part at 20 %, at most 300 万元, projects ≥ 100 万元);
- a service company: `workshop_award` per digital-workshop pilot and `factory_award` per smart-factory pilot it
  served (5 and 10 万元);
- the year's top `top_n` service companies by the ranking: `top_award` each (10 × 10 万元).
Every award carries its basis: the figures and the rule that gave it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class RuleParams:
    equipment_rate: Decimal
    it_rate: Decimal
    demo_cap: Decimal
    demo_min_investment: Decimal
    workshop_award: Decimal
    factory_award: Decimal
    top_n: int
    top_award: Decimal


@dataclass(frozen=True)
class Award:
    amount: Decimal
    basis: str


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def demonstration_award(rule: RuleParams, *, equipment: Decimal, it: Decimal) -> Award:
    """A demonstration project's subsidy from its actual equipment and technology/IT investment (万元)."""
    total = equipment + it
    if total < rule.demo_min_investment:
        return Award(Decimal(0), f"项目投资 {total} 万元，低于 {rule.demo_min_investment} 万元，不予补助")
    raw = (equipment * rule.equipment_rate + it * rule.it_rate).quantize(CENT, ROUND_HALF_UP)
    parts = []
    if rule.equipment_rate:
        parts.append(f"设备投资 {equipment} 万元 × {_pct(rule.equipment_rate)}")
    if rule.it_rate:
        parts.append(f"技术和信息化投入 {it} 万元 × {_pct(rule.it_rate)}")
    basis = " + ".join(parts) + f" = {raw} 万元"
    if raw > rule.demo_cap:
        return Award(rule.demo_cap, f"{basis}，超过上限，按 {rule.demo_cap} 万元")
    return Award(raw, basis)


def pilot_service_award(rule: RuleParams, *, workshops: int, factories: int) -> Award:
    """A service company's reward for the pilots it served in the year."""
    amount = rule.workshop_award * workshops + rule.factory_award * factories
    return Award(
        amount,
        f"数字化车间试点 {workshops} 个 × {rule.workshop_award} 万元 + 智能工厂试点 {factories} 个 × "
        f"{rule.factory_award} 万元 = {amount} 万元",
    )


def top_company_awards(rule: RuleParams, ranking: Sequence[tuple[int, int]]) -> dict[int, Award]:
    """`ranking` is (company id, rank) in rank order; the first `top_n` ranks get `top_award` each."""
    return {
        company: Award(rule.top_award, f"年度考核第 {rank} 名（前 {rule.top_n} 名），{rule.top_award} 万元")
        for company, rank in ranking
        if rank <= rule.top_n
    }


# --- the yearly ranking of service companies (the scoring rule is data: smart.models.RankingRule) -------------


@dataclass(frozen=True)
class CompanyYear:
    company: int
    diagnoses: int
    workshop_pilots: int
    factory_pilots: int
    recognised: int  # demonstrations it served that were recognised in the year
    level_gain: int  # maturity levels gained (after − before) over its diagnoses


@dataclass(frozen=True)
class RankingWeights:
    diagnosis: Decimal
    workshop_pilot: Decimal
    factory_pilot: Decimal
    recognised: Decimal
    level_gain: Decimal


def company_score(w: RankingWeights, c: CompanyYear) -> Decimal:
    return (
        w.diagnosis * c.diagnoses
        + w.workshop_pilot * c.workshop_pilots
        + w.factory_pilot * c.factory_pilots
        + w.recognised * c.recognised
        + w.level_gain * c.level_gain
    )


def rank_companies(w: RankingWeights, companies: Iterable[CompanyYear]) -> list[tuple[int, Decimal, int]]:
    """(company, score, rank) best first; equal scores share a rank (1, 2, 2, 4), ties listed by company id."""
    scored = sorted(((company_score(w, c), c.company) for c in companies), key=lambda sc: (-sc[0], sc[1]))
    out: list[tuple[int, Decimal, int]] = []
    for i, (score, company) in enumerate(scored):
        rank = out[-1][2] if out and out[-1][1] == score else i + 1
        out.append((company, score, rank))
    return out


# --- equipment figures: shares recomputed from sums ---------------------------------------------------------


def robot_density(robots: int, employees: int) -> Decimal | None:
    """机器人密度 (台/万人) = robots ÷ manufacturing employees in 万人; None without employees."""
    if not employees:
        return None
    return (Decimal(robots) * 10_000 / Decimal(employees)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def share(numerator: int, denominator: int) -> Decimal | None:
    """A rate in % (装备数控化率, 设备联网率), one decimal; None for an empty denominator."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)
