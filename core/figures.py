"""One rule for showing a figure in its unit (domain.md §13, issue #12): amounts (亿元, 万元, 万吨标煤 …) with two
decimals as the statistics tables print them (万元 to the hundredth is 元), percentages with one decimal,
deviations in 个百分点 with one decimal, counts as whole numbers; half-up, as the bulletins round (8.55 → 8.6). Pages, the report grid, Excel exports and bulletins all print through `format_figure`, so one
figure never reads differently in two places and no float artefact (103.81750000000001) reaches a user.

The value is given in the unit it is shown in (converting 万元 → 亿元 is the indicator's business, see
`targets.measures.from_storage`); values are Decimals, floats are turned into Decimals by their shortest text.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

# Units counted in whole things (domain.md §3): never shown with decimals, never scaled as money.
COUNT_UNITS = frozenset({"个", "项", "家", "台", "台(套)", "套", "人", "场", "次", "条", "座"})
PERCENT_UNITS = frozenset({"%"})
POINT_UNITS = frozenset({"个百分点", "百分点"})


def figure_places(unit: str) -> int:
    """How many decimals a figure in `unit` is shown with."""
    if unit in COUNT_UNITS:
        return 0
    if unit in PERCENT_UNITS or unit in POINT_UNITS:
        return 1
    return 2


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


_QUANTA = {places: Decimal(1).scaleb(-places) for places in (0, 1, 2)}


def round_figure(value: Any, unit: str) -> Decimal | None:
    """The figure rounded half-up to its unit's places (None for no figure or text)."""
    number = _decimal(value)
    if number is None:
        return None
    return number.quantize(_QUANTA[figure_places(unit)], rounding=ROUND_HALF_UP)


def format_figure(value: Any, unit: str, *, with_unit: bool = False, empty: str = "") -> str:
    """The figure as the bureau prints it: `format_figure(Decimal("20.167131"), "万元")` → "20.17",
    `format_figure(Decimal("780"), "亿元")` → "780.00", `format_figure(Decimal("12.34"), "%", with_unit=True)`
    → "12.3%", `format_figure(Decimal("135.0"), "家")` → "135". `empty` stands for no figure."""
    shown = round_figure(value, unit)
    if shown is None:
        return empty if value in (None, "") or _decimal(value) is not None else str(value)
    if shown == 0:
        shown = abs(shown)  # never "-0.0"
    text = f"{shown:f}"
    if not with_unit or not unit:
        return text
    return f"{text}{unit}" if unit in PERCENT_UNITS else f"{text} {unit}"


def excel_number_format(unit: str) -> str:
    """The Excel number format that shows a cell as `format_figure` does (the value itself stays exact)."""
    places = figure_places(unit)
    return "0." + "0" * places if places else "0"
