from decimal import Decimal

import pytest

from core.templatetags.numbers import plain_decimal


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1198481.150000"), "1198481.15"),
        (Decimal("7800000"), "7800000"),
        (Decimal("7.8E+6"), "7800000"),
        (Decimal("0.000000"), "0"),
        (Decimal("-12.500"), "-12.5"),
        (None, None),
        ("——", "——"),
    ],
)
def test_plain_decimal_drops_trailing_zeros_and_exponents(value, shown):
    assert plain_decimal(value) == shown
