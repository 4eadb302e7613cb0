"""Checking a report's figures before they are stored: pure functions over plain data (no database).

Rules (issue #3, domain.md §3–4): numbers must be numbers; amounts, counts, stocks and a share's
parts are never negative; a share's denominator is positive and its value is recomputed from the
parts; a flow's YTD cumulative value falling below last month's is suspicious but possible
(statistics get revised), so it is a warning, not an error. The same checks serve the grid page,
the Excel upload and the API; each finding names where the user typed the number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.imports import Finding, FindingList
from targets.choices import IndicatorKind

NUMBER_FIELDS = ("value", "base_value", "numerator", "denominator")
# Column titles of the figures, as the grid and the Excel template head them.
FIELD_LABELS = {
    "value": _lazy("本年累计/期末值"),
    "base_value": _lazy("上年同期（可比口径）"),
    "numerator": _lazy("分子"),
    "denominator": _lazy("分母"),
    "text": _lazy("文字说明"),
    "note": _lazy("备注"),
    "indicator": _lazy("指标"),
}
TEXT_FIELDS = ("text", "note")
FIELDS = NUMBER_FIELDS + TEXT_FIELDS

# Which figures a unit reports for each kind of indicator (domain.md §4, "Each unit reports …").
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    IndicatorKind.FLOW_AMOUNT: ("value", "base_value", "note"),
    IndicatorKind.FLOW_COUNT: ("value", "base_value", "note"),
    IndicatorKind.GROWTH_RATE: ("value", "base_value", "note"),
    IndicatorKind.STOCK: ("value", "note"),
    IndicatorKind.SHARE: ("value", "numerator", "denominator", "note"),
    IndicatorKind.QUALITATIVE: ("text", "note"),
}
# Kinds whose value is a YTD cumulative, which should not fall from one month to the next.
CUMULATIVE_KINDS = frozenset({IndicatorKind.FLOW_AMOUNT, IndicatorKind.FLOW_COUNT, IndicatorKind.GROWTH_RATE})
# Kinds whose figures are amounts or counts and so are never negative (all numeric kinds here:
# growth is computed from amounts, so no reported figure can be below zero).
NON_NEGATIVE_KINDS = frozenset(
    {
        IndicatorKind.FLOW_AMOUNT,
        IndicatorKind.FLOW_COUNT,
        IndicatorKind.GROWTH_RATE,
        IndicatorKind.STOCK,
        IndicatorKind.SHARE,
    }
)
PERCENT_UNITS = frozenset({"%", "％"})
MAX_ABS = Decimal("1e13")
QUANTUM = Decimal("0.000001")
EMPTY_MARKS = frozenset({"", "-", "—", "——", "--", "/"})
NIL = "无"  # a figure marked explicitly as "none this month", with a note (not an empty cell)
# What a submitted report must hold per kind (a share's value is computed from its parts).
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    IndicatorKind.FLOW_AMOUNT: ("value", "base_value"),
    IndicatorKind.FLOW_COUNT: ("value", "base_value"),
    IndicatorKind.GROWTH_RATE: ("value", "base_value"),
    IndicatorKind.STOCK: ("value",),
    IndicatorKind.SHARE: ("value",),
    IndicatorKind.QUALITATIVE: ("text",),
}


@dataclass(frozen=True)
class Line:
    """What the checks need to know of an indicator."""

    indicator_id: int
    name: str
    kind: str
    unit: str
    computed: bool = False


@dataclass
class Cleaned:
    value: Decimal | None = None
    base_value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    text: str = ""
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in FIELDS}


@dataclass
class Checked(FindingList):
    values: dict[int, Cleaned] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


Where = Callable[[int, str], tuple[str, int, str]]


def parse_number(raw: Any) -> Decimal | None:
    """A cell or form field as an exact Decimal: 1,234.5 / １２３ / 12.5 → Decimal; blank or —— → None.

    Raises ValueError for anything else. Floats from Excel go through their shortest text form,
    so 0.1 stays 0.1 (never a binary fraction).
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, Decimal):
        number = raw
    elif isinstance(raw, int):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw))
    else:
        text = re.sub(r"[\s,]", "", unicodedata.normalize("NFKC", str(raw)))
        if text in EMPTY_MARKS:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(raw) from None
    if not number.is_finite():
        raise ValueError(raw)
    return number


def share_value(numerator: Decimal, denominator: Decimal, unit: str) -> Decimal:
    """A share from its parts: × 100 when the unit is %, else the plain ratio (台/万人, 万元/人·年)."""
    ratio = numerator / denominator
    return ratio * 100 if unit in PERCENT_UNITS else ratio


def validate_entries(
    lines: Mapping[int, Line],
    entries: Mapping[int, Mapping[str, Any]],
    *,
    previous: Mapping[int, Decimal | None],
    where: Where,
) -> Checked:
    """Check the entered figures of each indicator; return the cleaned values and every finding.

    `entries` maps an indicator id to its raw fields (value, base_value, numerator, denominator,
    text, note); fields that do not apply to the kind are dropped. `previous` holds last month's
    YTD values. `where(indicator_id, field)` says where the figure sits (sheet, row, column).
    Computed indicators are skipped: their value comes from the source, not from the user.
    """
    checked = Checked()

    def add(indicator_id: int, name: str, message: str, severity: str = "error") -> None:
        sheet, row, column = where(indicator_id, name)
        checked.findings.append(Finding(sheet, row, column, message, severity))

    for indicator_id, raw in entries.items():
        line = lines.get(indicator_id)
        if line is None:
            add(indicator_id, "indicator", _("指标不属于本月报"))
            continue
        if line.computed:
            continue
        allowed = KIND_FIELDS.get(line.kind, FIELDS)
        cleaned = Cleaned()
        bad = False
        if is_nil(raw.get("value")) or (line.kind == IndicatorKind.QUALITATIVE and is_nil(raw.get("text"))):
            # Marked 无: the unit states there is no figure this month; a note must say why (issue #12).
            cleaned.text = NIL
            cleaned.note = str(raw.get("note") or "").strip()[:500]
            if not cleaned.note:
                add(indicator_id, "note", _("标为“无”时请在备注中说明原因"))
                continue
            checked.values[indicator_id] = cleaned
            continue
        for name in NUMBER_FIELDS:
            if name not in allowed:
                continue
            try:
                number = parse_number(raw.get(name))
            except ValueError:
                add(indicator_id, name, _("“%(text)s”不是数字") % {"text": raw.get(name)})
                bad = True
                continue
            if number is None:
                continue
            if abs(number) >= MAX_ABS:
                add(indicator_id, name, _("数值过大"))
                bad = True
                continue
            if number < 0 and line.kind in NON_NEGATIVE_KINDS:
                add(indicator_id, name, _("不能为负数"))
                bad = True
                continue
            setattr(cleaned, name, number.quantize(QUANTUM))
        for name in TEXT_FIELDS:
            if name in allowed:
                setattr(cleaned, name, str(raw.get(name) or "").strip()[: 500 if name == "note" else 5000])
        if bad:
            continue
        if line.kind == IndicatorKind.SHARE and cleaned.numerator is not None and cleaned.denominator is not None:
            if cleaned.denominator == 0:
                add(indicator_id, "denominator", _("分母不能为零"))
                continue
            cleaned.value = share_value(cleaned.numerator, cleaned.denominator, line.unit).quantize(QUANTUM)
        elif line.kind == IndicatorKind.SHARE and (cleaned.numerator is None) != (cleaned.denominator is None):
            add(indicator_id, "denominator", _("分子和分母应同时填写"), "warning")
        if line.kind in CUMULATIVE_KINDS and cleaned.value is not None:
            before = previous.get(indicator_id)
            if before is not None and cleaned.value < before:
                add(
                    indicator_id,
                    "value",
                    _("本年累计值 %(now)s 低于上月的 %(before)s，请核实")
                    % {"now": _plain(cleaned.value), "before": _plain(before)},
                    "warning",
                )
        if line.kind == IndicatorKind.GROWTH_RATE and cleaned.value is not None and cleaned.base_value is None:
            add(indicator_id, "base_value", _("缺少上年同期（可比口径）数，无法计算增速"), "warning")
        checked.values[indicator_id] = cleaned
    return checked


def is_nil(raw: Any) -> bool:
    return isinstance(raw, str) and unicodedata.normalize("NFKC", raw).strip() == NIL


def empty_required(lines: Mapping[int, Line], stored: Mapping[int, Mapping[str, Any]]) -> list[tuple[int, str]]:
    """(indicator id, field) of every required figure a report leaves empty, in the lines' order.

    A value marked 无 (with its note) is not empty; computed indicators are filled by the system.
    """
    missing = []
    for indicator_id, line in lines.items():
        if line.computed:
            continue
        values = stored.get(indicator_id, {})
        if values.get("text") == NIL:
            continue
        for name in REQUIRED_FIELDS.get(line.kind, ()):
            if values.get(name) in (None, ""):
                missing.append((indicator_id, name))
    return missing


def _plain(value: Decimal) -> str:
    normalized = value.normalize()
    return f"{normalized:f}"
