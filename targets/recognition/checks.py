"""Consistency checks of a recognised table: city against units, multi-year totals against their years."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from django.utils.translation import gettext as _

from ..choices import ADDITIVE_KINDS, FLOW_KINDS, PeriodKind
from ..consistency import SumCheck, sum_check
from ..measures import plain
from ..values import years_in
from .model import Line, RecognizedTable, TimeCheck, ValueCell


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def check_sums(result: RecognizedTable) -> None:
    """Additive kinds: the city value against the sum of the units' values (domain.md §3, Consistency)."""
    total_name = result.total.name if result.total else _("合计")
    for line in result.lines:
        if line.kind not in ADDITIVE_KINDS:
            line.check = SumCheck(
                city_value=line.city.parsed.value if line.city and line.city.parsed.is_number else None
            )
            continue
        parts = [line.values[i].parsed for i in range(len(result.units))]
        city = line.city.parsed if line.city else None
        line.check = sum_check(city, parts)
        if line.check.consistent is False and line.city is not None:
            assert line.check.city_value is not None and line.check.sum_of_units is not None
            result.finding(
                line.city.row,
                line.city.column,
                _("%(name)s%(period)s：%(total)s %(city)s 与各单位之和 %(sum)s 不一致（相差 %(diff)s）")
                % {
                    "name": line.name,
                    "period": f"（{line.period_label}）" if line.period_label else "",
                    "total": _compact(total_name),
                    "city": plain(line.check.city_value),
                    "sum": plain(line.check.sum_of_units),
                    "diff": plain(line.check.sum_of_units - line.check.city_value),
                },
                "warning",
            )


def check_years(result: RecognizedTable) -> None:
    """Multi-year flows: each unit's years add up to its multi-year total (三年目标 = 2019 + 2020 + 2021).

    When exactly one year's city check and exactly one unit's years check fail by the same amount,
    the cell where they cross explains both: that cell is flagged by its own row and column.
    """
    groups: dict[tuple[str, str], list[Line]] = {}
    for line in result.lines:
        if line.kind in FLOW_KINDS and line.period is not None:
            groups.setdefault(line.key, []).append(line)
    entries = list(enumerate(result.units))
    for lines in groups.values():
        totals = [ln for ln in lines if ln.period is not None and ln.period.kind == PeriodKind.TOTAL]
        years = [ln for ln in lines if ln.period is not None and ln.period.kind == PeriodKind.YEAR]
        if len(totals) != 1 or len(years) < 2:
            continue
        total_line = totals[0]
        failing_units: list[tuple[int, Decimal]] = []
        cells: list[tuple[str, ValueCell | None, list[ValueCell | None]]] = [
            (entry.name, total_line.values.get(i), [ln.values.get(i) for ln in years]) for i, entry in entries
        ]
        if result.total is not None:
            cells.append((result.total.name, total_line.city, [ln.city for ln in years]))
        for position, (unit_name, total_cell, year_cells) in enumerate(cells):
            if total_cell is None or not total_cell.parsed.is_number:
                continue
            if not all(c is not None and c.parsed.is_number for c in year_cells):
                continue
            total_value = total_cell.parsed.value
            assert total_value is not None
            summed = sum(
                (c.parsed.value for c in year_cells if c is not None and c.parsed.value is not None), Decimal(0)
            )
            check = TimeCheck(total_line.name, unit_name, total_value, summed)
            result.time_checks.append(check)
            if not check.consistent:
                if position < len(entries):
                    failing_units.append((position, summed - total_value))
                result.finding(
                    total_cell.row,
                    total_cell.column,
                    _("%(unit)s%(name)s：%(label)s %(total)s 与各年之和 %(sum)s 不一致（相差 %(diff)s）")
                    % {
                        "unit": _compact(unit_name),
                        "name": total_line.name,
                        "label": total_line.period_label,
                        "total": plain(total_value),
                        "sum": plain(summed),
                        "diff": plain(summed - total_value),
                    },
                    "warning",
                )
        failing_years = [ln for ln in years if ln.check.consistent is False]
        if len(failing_years) == 1 and len(failing_units) == 1:
            line, (unit_index, unit_diff) = failing_years[0], failing_units[0]
            assert line.check.sum_of_units is not None and line.check.city_value is not None
            if line.check.sum_of_units - line.check.city_value == unit_diff:
                suspect = line.values[unit_index]
                result.finding(
                    suspect.row,
                    suspect.column,
                    _(
                        "疑似此格有误：%(unit)s %(period)s %(name)s 为 %(value)s，使%(period)s合计与该单位各年之和都相差 %(diff)s"
                    )
                    % {
                        "unit": _compact(result.units[unit_index].name),
                        "period": line.period_label,
                        "name": line.name,
                        "value": suspect.parsed.raw,
                        "diff": plain(unit_diff),
                    },
                    "warning",
                )


def plan_years(result: RecognizedTable) -> tuple[int, int] | None:
    """The plan years the table suggests: from its periods, else from its title."""
    found = [
        y
        for line in result.lines
        if line.period is not None
        for y in (line.period.year_start, line.period.year_end)
        if y is not None
    ]
    if found:
        return min(found), max(found)
    for title in result.titles:
        years = years_in(title)
        if years:
            return years
    return None
