"""Pure calculations of investment promotion (domain.md §11b, §13): size tiers, the foreign-currency amount at
the signing date's rate, figures by stage, and target completion. Plain data in, plain data out."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from projects.calculations import INVESTMENT_TIERS, investment_tier

ZERO = Decimal(0)
# tier → the minimum total investment in 万元 (1 亿元 = 10,000 万元)
TIER_MIN: dict[str, Decimal] = {
    "ge1": Decimal(10_000),
    "ge10": Decimal(100_000),
    "ge50": Decimal(500_000),
    "ge100": Decimal(1_000_000),
}
# exclusive bands for a distribution (a lead is in exactly one band): the key-project library's investment tiers,
# one table for both lists' filters and the figures
BANDS = INVESTMENT_TIERS


def band(amount: Decimal) -> str:
    """The exclusive size band of a total investment in 万元."""
    return investment_tier(amount)


def in_tier(amount: Decimal, tier: str) -> bool:
    """Whether a total investment counts for a cumulative tier (10亿元以上 includes 50亿 and 100亿)."""
    return amount >= TIER_MIN[tier]


def usd_from_cny(amount_wan: Decimal, usd_cny: Decimal) -> Decimal:
    """万元 → 万美元 at a rate (元 per 美元), to the cent of a 万美元 (two decimals, half up)."""
    if usd_cny <= 0:
        raise ValueError(usd_cny)
    return (amount_wan / usd_cny).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def cny_from_usd(amount_usd_wan: Decimal, usd_cny: Decimal) -> Decimal:
    """万美元 → 万元 at a rate (元 per 美元), two decimals, half up."""
    return (amount_usd_wan * usd_cny).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class SignedLead:
    region_id: int
    amount: Decimal


@dataclass(frozen=True)
class Target:
    """A unit's yearly signing target of one size tier: a count, and optionally a signed amount (万元)."""

    count: int
    amount: Decimal | None = None


@dataclass(frozen=True)
class TierProgress:
    region_id: int
    tier: str
    target: int
    signed: int
    target_amount: Decimal | None = None
    signed_amount: Decimal = Decimal(0)

    @property
    def done(self) -> bool:
        """Both parts of the target are met: the count, and the amount where the target sets one."""
        return self.signed >= self.target and (self.target_amount is None or self.signed_amount >= self.target_amount)

    @property
    def amount_share(self) -> Decimal | None:
        """Signed amount as a percentage of the amount target, one decimal; None without an amount target."""
        if not self.target_amount:
            return None
        return (self.signed_amount * 100 / self.target_amount).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def tier_progress(signed: Iterable[SignedLead], targets: Mapping[tuple[int, str], Target]) -> list[TierProgress]:
    """Signed projects per unit and tier against the targets (2019: 100亿 1, 50亿 2, 10亿 5 per county): the
    count, and the amount signed in the tier against the target amount where one is set."""
    counts: Counter[tuple[int, str]] = Counter()
    amounts: dict[tuple[int, str], Decimal] = {}
    for lead in signed:
        for tier in TIER_MIN:
            if in_tier(lead.amount, tier):
                key = (lead.region_id, tier)
                counts[key] += 1
                amounts[key] = amounts.get(key, Decimal(0)) + lead.amount
    return [
        TierProgress(rid, tier, t.count, counts[(rid, tier)], t.amount, amounts.get((rid, tier), Decimal(0)))
        for (rid, tier), t in sorted(targets.items())
    ]


@dataclass(frozen=True)
class Rate:
    """A rate with its numerator, denominator and basis (domain.md §6: always show them)."""

    numerator: int
    denominator: int
    basis: str

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(100) * self.numerator / self.denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def conversion(started: Iterable[bool], basis: str) -> Rate:
    """Signing → 开工: of the signed leads' projects, how many have started construction."""
    flags = list(started)
    return Rate(sum(flags), len(flags), basis)


def crosstab(rows: Iterable[tuple[object, str]]) -> dict[object, Counter[str]]:
    """(row key, stage) pairs → row key → Counter of stages."""
    table: dict[object, Counter[str]] = defaultdict(Counter)
    for key, stage in rows:
        table[key][stage] += 1
    return dict(table)
