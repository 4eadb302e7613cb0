"""How monitoring figures are shown (domain.md §13): values in the indicator's unit (investment in 亿元 as the
notice writes it, though stored in 万元), rates with one decimal, deviations in 个百分点.

The page, the Excel export and the API all take their numbers from here, so they agree; the rounding itself is
the one rule of core/figures.py (亿元 and other amounts 2 decimals, % and 个百分点 1, counts whole), which the
report grid and its Excel template follow too.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.figures import excel_number_format, format_figure, round_figure
from targets.choices import IndicatorKind
from targets.measures import from_storage

ONE = Decimal("0.1")


def rounded(value: Decimal | None, places: Decimal = ONE) -> Decimal | None:
    """Half-up rounding as the bulletins print: 8.55 → 8.6."""
    return None if value is None else value.quantize(places, rounding=ROUND_HALF_UP)


def shown_value(value: Decimal | None, unit: str) -> Decimal | None:
    """A stored value in the indicator's unit (万元 → 亿元 when the notice uses 亿元), rounded by the unit's rule."""
    return None if value is None else round_figure(from_storage(value, unit), unit)


def value_format(indicator: Any) -> str:
    """The Excel number format of a cell's headline figure (`judged_value`): percent for a growth rate, else the
    indicator's unit."""
    return excel_number_format("%" if indicator.kind == IndicatorKind.GROWTH_RATE else indicator.unit)


def judged_value(evaluation: Any, indicator: Any) -> Decimal | None:
    """The headline figure of a cell: for a growth-rate indicator the growth itself (percent, the
    unit the target is in), not the underlying amount the unit reported; otherwise the value in the
    notice's unit."""
    if evaluation is None:
        return None
    if indicator.kind == IndicatorKind.GROWTH_RATE:
        return rounded(evaluation.growth)
    return shown_value(evaluation.value, indicator.unit)


def percent(value: Decimal | None) -> str:
    return format_figure(value, "%", with_unit=True, empty="—")


def schedule_text(deviation: Decimal | None) -> str:
    """快于序时进度 8.6 个百分点 / 慢于序时进度 3.2 个百分点 / 与序时进度持平."""
    shown = round_figure(deviation, "个百分点")
    if shown is None:
        return ""
    if shown > 0:
        return _("快于序时进度%s个百分点") % shown
    if shown < 0:
        return _("慢于序时进度%s个百分点") % -shown
    return _("与序时进度持平")


def target_gap_text(deviation: Decimal | None) -> str:
    """For growth rates and shares: 高于目标 x 个百分点 / 低于目标 x 个百分点."""
    shown = round_figure(deviation, "个百分点")
    if shown is None:
        return ""
    if shown > 0:
        return _("高于目标%s个百分点") % shown
    if shown < 0:
        return _("低于目标%s个百分点") % -shown
    return _("与目标持平")


def rank_change_text(change: int | None) -> str:
    if change is None:
        return ""
    if change > 0:
        return f"↑{change}"
    if change < 0:
        return f"↓{-change}"
    return "—"


COLOUR_LABELS = {"green": gettext_lazy("绿"), "yellow": gettext_lazy("黄"), "red": gettext_lazy("红")}
COLOUR_FILLS = {"green": "#C6EFCE", "yellow": "#FFEB9C", "red": "#FFC7CE"}
