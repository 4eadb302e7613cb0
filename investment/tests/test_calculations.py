"""Pure calculations of investment promotion, table-driven (domain.md §11b, §13; 2019 notice's tiers)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from investment import calculations as calc


@pytest.mark.parametrize(
    ("amount", "band"),
    [
        ("9999.99", "lt1"),
        ("10000", "1to10"),
        ("99999", "1to10"),
        ("100000", "10to50"),
        ("500000", "50to100"),
        ("1000000", "ge100"),
        ("1050000", "ge100"),
    ],
)
def test_bands(amount, band):
    assert calc.band(Decimal(amount)) == band


def test_tier_progress_counts_cumulative_tiers_against_the_2019_targets():
    # 嘉善县 (1): one 100亿 project counts for 100亿, 50亿 and 10亿; one 12亿 project only for 10亿
    signed = [
        calc.SignedLead(1, Decimal("1050000")),
        calc.SignedLead(1, Decimal("120000")),
        calc.SignedLead(2, Decimal("9000")),
    ]
    targets = {(1, "ge100"): 1, (1, "ge50"): 2, (1, "ge10"): 5, (2, "ge10"): 5}
    progress = calc.tier_progress(signed, {k: calc.Target(n) for k, n in targets.items()})
    got = {(p.region_id, p.tier): (p.signed, p.done) for p in progress}
    assert got == {(1, "ge10"): (2, False), (1, "ge100"): (1, True), (1, "ge50"): (1, False), (2, "ge10"): (0, False)}
    assert {(p.region_id, p.tier): p.signed_amount for p in progress} == {
        (1, "ge10"): Decimal("1170000"), (1, "ge100"): Decimal("1050000"), (1, "ge50"): Decimal("1050000"),
        (2, "ge10"): Decimal(0),
    }  # fmt: skip


def test_tier_progress_against_an_amount_target():
    # 嘉善县: one 100亿 target of 1 project and 150亿 signed: the count is met, the amount is not (70.0 %)
    signed = [calc.SignedLead(1, Decimal("1050000"))]
    (p,) = calc.tier_progress(signed, {(1, "ge100"): calc.Target(1, Decimal("1500000"))})
    assert (p.signed, p.signed_amount, p.amount_share, p.done) == (1, Decimal("1050000"), Decimal("70.0"), False)
    (p,) = calc.tier_progress(signed, {(1, "ge100"): calc.Target(1, Decimal("1000000"))})
    assert (p.amount_share, p.done) == (Decimal("105.0"), True)
    (p,) = calc.tier_progress([], {(1, "ge100"): calc.Target(1)})
    assert (p.amount_share, p.done) == (None, False)


def test_currency_at_the_signing_rate():
    # 2019-02-15 middle rate 6.7421: 67,421 万元 = 10,000 万美元
    assert calc.usd_from_cny(Decimal("67421"), Decimal("6.7421")) == Decimal("10000.00")
    assert calc.cny_from_usd(Decimal("10000"), Decimal("6.7421")) == Decimal("67421.00")
    assert calc.usd_from_cny(Decimal("1"), Decimal("6.7421")) == Decimal("0.15")


def test_conversion_rate_shows_its_parts():
    rate = calc.conversion([True, False, True], "2019年签约项目")
    assert (rate.numerator, rate.denominator, rate.percent) == (2, 3, Decimal("66.7"))
    assert calc.conversion([], "x").percent is None
