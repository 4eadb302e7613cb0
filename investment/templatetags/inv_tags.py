"""Template filters of the investment pages: counts by stage, 万元 shown in 亿元, tier labels."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from investment.choices import SizeTier

register = template.Library()


@register.filter
def get(counts: Any, key: str) -> int:
    return int(counts.get(key, 0))


@register.filter
def total(counts: Any) -> int:
    return int(sum(counts.values()))


@register.filter
def yi(amount_wan: Decimal | None) -> str:
    """万元 → 亿元 with two decimals (domain.md §13)."""
    return f"{(amount_wan or Decimal(0)) / Decimal(10000):,.2f}"


@register.filter
def tier_label(code: str) -> str:
    return str(SizeTier(code).label) if code in SizeTier.values else code
