"""Indicator lines: a table's labels → name, unit and period; its cells → parsed targets."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ..choices import Direction, IndicatorKind, PeriodKind, PlanLayout, RelativeKind, TargetStatus
from ..measures import infer_direction, infer_kind, is_unit, normalize_unit, split_unit, unit_from_name
from ..values import ParsedTarget, Period, parse_period, parse_target
from .model import Line, RecognizedTable, UnitEntry, ValueCell

# "目标" at the end of a header is the target of the indicator, not part of its name: 工业投资目标 → 工业投资.
_TARGET_SUFFIX = re.compile(r"(目标任务|目标值|目标|任务)$")
# A relative target stated in the indicator's name or header (issue #12): "工业投资增幅高于面上1个百分点"
# is 工业投资增幅 with the target "city value + 1 pp" for every unit, not a growth target of 1 %.
_PP = r"(?P<pp>\d+(?:\.\d+)?)个?百分点(?:以上)?"
_RELATIVE_NAME = (
    (re.compile(rf"(?:要|须|应)?比上年(?:提升|提高|增加|增长|上升)(?:{_PP})?$"), RelativeKind.ABOVE_LAST_YEAR),
    (re.compile(rf"(?:要|须|应)?高于(?:面上|全市|平均|全市平均)(?:水平)?(?:{_PP})?$"), RelativeKind.ABOVE_CITY),
)
_MARKS = frozenset({"√", "✓", "✔", "是", "●"})

Overrides = Mapping[tuple[str, str], tuple[str, ...]]


@dataclass
class RawLine:
    parts: list[str]  # label texts, outer level first
    period_text: str  # from a period column, when the table has one
    unit_text: str  # from a unit column or unit header row (its own cell, or a merged cell over it)
    position: int
    header_row: int
    header_column: int
    declared: str = ""  # the table's `单位：亿元` line, for lines whose own label names no unit


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _dedupe(parts: Iterable[str]) -> list[str]:
    """Header levels of a merged cell repeat the same text: keep each text once, in order."""
    seen: list[str] = []
    for part in parts:
        if part and _compact(part) not in {_compact(s) for s in seen}:
            seen.append(part)
    return seen


def build_lines(
    grid: list[list[str]],
    raw_lines: list[RawLine],
    result: RecognizedTable,
    overrides: Overrides,
) -> None:
    """Labels → name, unit and period; cells → parsed targets; kinds inferred or as the user chose.

    `overrides` maps (name, unit as recognised) → (kind, direction[, unit]): the unit is the user's
    choice for a line whose table states none.
    """
    rows_layout = result.layout == PlanLayout.UNITS_AS_ROWS
    seen: dict[tuple[str, str, Period | None], Line] = {}

    def cell(line_position: int, unit: UnitEntry) -> tuple[int, int]:
        return (unit.position, line_position) if rows_layout else (line_position, unit.position)

    for raw in raw_lines:
        parts = _dedupe(raw.parts)
        period: Period | None = None
        period_label = ""
        if raw.period_text:
            period = parse_period(raw.period_text)
            period_label = _compact(raw.period_text)
            if period is None:
                result.finding(
                    raw.position if not rows_layout else raw.header_row,
                    raw.header_column,
                    _("无法识别的时间“%s”") % raw.period_text,
                )
        remaining = []
        for part in parts:
            found = parse_period(part) if period is None else None
            if found is not None:
                period, period_label = found, _compact(part)
            else:
                remaining.append(part)
        unit = normalize_unit(raw.unit_text) if is_unit(raw.unit_text) else ""
        names = []
        for part in remaining:
            name, found_unit = split_unit(part)
            if found_unit:
                unit = found_unit
            if name:
                names.append(name)
        name = "·".join(names)
        stripped = _TARGET_SUFFIX.sub("", name)
        name = stripped or name
        relative = _relative_in_name(name)
        if relative is not None:
            name = relative[0]
        if not name:
            result.finding(raw.header_row, raw.header_column, _("没有指标名称"))
            continue
        unit_source = ""
        if not unit:
            unit = unit_from_name(name)
            unit_source = "inferred" if unit else ""
        if not unit and raw.declared:
            unit = raw.declared
        stock_period = period is not None and period.kind == PeriodKind.YEAR_END
        kind = infer_kind(name, unit, stock_period=stock_period)
        if relative is not None and not unit:
            # 增幅/占比 … above the city or last year: a rate, in % (the offset is in percentage points).
            unit, unit_source = "%", "inferred"
            kind = infer_kind(name, unit, stock_period=stock_period)
        direction = infer_direction(name)
        line = Line(
            name=name,
            unit=unit,
            kind=kind,
            direction=direction,
            period=period,
            period_label=period_label,
            position=raw.position,
            header_row=raw.header_row,
            header_column=raw.header_column,
            unit_source=unit_source,
        )
        for i, entry in enumerate(result.units):
            r, c = cell(raw.position, entry)
            parsed = parse_target(grid[r][c])
            if relative is not None:
                parsed = _as_relative(parsed, relative, line.name, (r, c), result)
            line.values[i] = ValueCell(r, c, parsed)
        if result.total is not None:
            r, c = cell(raw.position, result.total)
            line.city = ValueCell(r, c, parse_target(grid[r][c]))
        chosen = overrides.get(line.key)
        if chosen is not None and len(chosen) > 2 and chosen[2] and not line.unit:
            proposed = line.kind
            line.unit, line.unit_source = chosen[2], "chosen"
            line.kind = infer_kind(line.name, line.unit, stock_period=stock_period)
            if IndicatorKind(chosen[0]) != proposed:
                line.kind = IndicatorKind(chosen[0])  # the user changed the kind too: theirs wins
            line.direction = Direction(chosen[1])
        elif chosen is not None:
            line.kind, line.direction = IndicatorKind(chosen[0]), Direction(chosen[1])
        elif line.kind != IndicatorKind.QUALITATIVE:
            cells = [*line.values.values(), *([line.city] if line.city else [])]
            if not any(v.parsed.is_number for v in cells) and any(v.parsed.status == TargetStatus.TEXT for v in cells):
                line.kind = IndicatorKind.QUALITATIVE  # only words in every cell: a qualitative target
        duplicate_key = (line.name, line.unit, line.period)
        if duplicate_key in seen:
            result.finding(
                raw.header_row,
                raw.header_column,
                _("指标“%(name)s”%(period)s在表中出现了两次") % {"name": line.name, "period": line.period_label},
            )
            continue
        seen[duplicate_key] = line
        _unit_findings(line, raw, result)
        if line.kind != IndicatorKind.QUALITATIVE:
            for value in [*line.values.values(), *([line.city] if line.city else [])]:
                if value.parsed.status == TargetStatus.TEXT:
                    result.finding(
                        value.row,
                        value.column,
                        _("“%(text)s”不是数字；“%(name)s”按文字目标保存")
                        % {"text": value.parsed.raw, "name": line.name},
                        "warning",
                    )
        result.lines.append(line)


def _relative_in_name(name: str) -> tuple[str, RelativeKind, str] | None:
    """(name without the phrase, kind, offset in pp or "") when the name ends in a relative target."""
    for pattern, kind in _RELATIVE_NAME:
        found = pattern.search(name)
        if found and found.start() > 0:
            return name[: found.start()].rstrip("，,、 "), kind, found.group("pp") or ""
    return None


def _as_relative(
    parsed: ParsedTarget,
    relative: tuple[str, RelativeKind, str],
    name: str,
    where: tuple[int, int],
    result: RecognizedTable,
) -> ParsedTarget:
    """A unit's cell under a name that states a relative target: the relative target, never a rate.

    A blank or a mark (√) means the name's target applies; a number is the offset in pp when the name
    gives none, and a finding when it contradicts the name's. Dashes and words stay as written.
    """
    _rest, kind, offset_text = relative
    offset = Decimal(offset_text) if offset_text else None
    compact = _compact(parsed.raw)
    if parsed.status == TargetStatus.NUMBER and parsed.value is not None:
        if offset is None:
            offset = parsed.value
        elif parsed.value != offset:
            result.finding(
                *where,
                _("“%(name)s”的名称要求高出 %(named)s 个百分点，此格写的是 %(cell)s")
                % {"name": name, "named": offset_text, "cell": parsed.raw},
                "warning",
            )
    elif not (parsed.status == TargetStatus.BLANK or compact in _MARKS):
        return parsed
    label = str(kind.label) + (_("%s个百分点") % offset_text if offset is not None else "")
    return ParsedTarget(TargetStatus.RELATIVE, parsed.raw or label, relative_kind=kind, relative_offset=offset)


def _unit_findings(line: Line, raw: RawLine, result: RecognizedTable) -> None:
    """Say how a unit was found when the table did not print it; a count is never read as money."""
    numbers = any(v.parsed.is_number for v in [*line.values.values(), *([line.city] if line.city else [])])
    if line.unit_source == "inferred":
        result.finding(
            raw.header_row,
            raw.header_column,
            _("“%(name)s”没有写计量单位，按名称推断为“%(unit)s”，请核对") % {"name": line.name, "unit": line.unit},
            "warning",
        )
    elif not line.unit and numbers:
        line.unit_source = "missing"
        result.finding(
            raw.header_row,
            raw.header_column,
            _("“%s”没有写计量单位，名称也看不出：请在确认导入前选择单位") % line.name,
            "warning",
        )
