"""The city value against the sum of the units' values: a pure calculation (domain.md §3, Consistency).

For additive kinds (amounts, counts, stocks) the units' targets should add up to the city target.
The check applies only when the city value and every unit's value are numbers; otherwise it
says "not applicable" (None) rather than guessing. Sums are exact Decimals, never floats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .values import ParsedTarget


@dataclass(frozen=True)
class SumCheck:
    """city_value and sum_of_units when known; consistent is True/False, or None when the check does not apply."""

    city_value: Decimal | None = None
    sum_of_units: Decimal | None = None
    consistent: bool | None = None


def sum_check(city: ParsedTarget | None, units: Sequence[ParsedTarget]) -> SumCheck:
    """Compare the city's number with the sum of the units' numbers.

    The sum is reported whenever at least one unit has a number; consistency is judged only when
    the city and all units have numbers (a unit marked —— or left blank makes it not applicable).
    """
    numbers = [u.value for u in units if u.is_number and u.value is not None]
    summed = sum(numbers, Decimal(0)) if numbers else None
    city_value = city.value if city is not None and city.is_number else None
    if city_value is None or summed is None or len(numbers) != len(units):
        return SumCheck(city_value, summed, None)
    return SumCheck(city_value, summed, summed == city_value)
