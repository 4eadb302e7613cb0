"""Number display filters shared by the templates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from core.figures import format_figure

register = template.Library()


def plain_decimal(value: Any) -> Any:
    """An exact decimal without trailing zeros or exponent: 1198481.150000 → 1198481.15, 7800000 → 7800000."""
    if isinstance(value, Decimal) and value.is_finite():
        text = f"{value.normalize():f}"
        return text
    return value


register.filter("plain", plain_decimal)


@register.filter("figure")
def figure(value: Any, unit: str = "") -> str:
    """`{{ value|figure:unit }}`: the figure by the one rule of core/figures.py (万元 2 decimals, % 1, counts whole)."""
    return format_figure(value, unit or "")
