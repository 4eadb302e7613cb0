"""Indicator lines: a table's labels → name, unit and period; its cells → parsed targets."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..choices import Direction, IndicatorKind, PeriodKind, PlanLayout, TargetStatus
from ..measures import infer_direction, infer_kind, is_unit, normalize_unit, split_unit
from ..values import Period, parse_period, parse_target
from .model import Line, RecognizedTable, UnitEntry, ValueCell

# "目标" at the end of a header is the target of the indicator, not part of its name: 工业投资目标 → 工业投资.
_TARGET_SUFFIX = re.compile(r"(目标任务|目标值|目标|任务)$")


@dataclass
class RawLine:
    parts: list[str]  # label texts, outer level first
    period_text: str  # from a period column, when the table has one
    unit_text: str  # from a unit column or unit header row
    position: int
    header_row: int
    header_column: int


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
    overrides: Mapping[tuple[str, str], tuple[str, str]],
) -> None:
    """Labels → name, unit and period; cells → parsed targets; kinds inferred or as the user chose."""
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
        if not name:
            result.finding(raw.header_row, raw.header_column, _("没有指标名称"))
            continue
        stock_period = period is not None and period.kind == PeriodKind.YEAR_END
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
        )
        for i, entry in enumerate(result.units):
            r, c = cell(raw.position, entry)
            line.values[i] = ValueCell(r, c, parse_target(grid[r][c]))
        if result.total is not None:
            r, c = cell(raw.position, result.total)
            line.city = ValueCell(r, c, parse_target(grid[r][c]))
        chosen = overrides.get(line.key)
        if chosen is not None:
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
