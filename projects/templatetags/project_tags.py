"""Display filters of the key-project pages: 万元 amounts in 亿元, stars as ★."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def yi(value: Any) -> Any:
    """An amount in 万元 shown in 亿元 with two decimals (exact decimal arithmetic): 25000 → 2.50."""
    if isinstance(value, Decimal):
        return (value / 10000).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return value


@register.filter
def star_text(value: Any) -> str:
    stars = int(value or 0)
    return "★" * stars + "☆" * max(0, 5 - stars)
