"""Recognising an official decomposition table (目标任务分解表) in a grid of cell texts.

domain.md §3: the tables come with a title row, one to three header levels with merged cells,
the unit of measure inside a header (`工业投资目标（亿元）`) or in a unit column, notes inside
cells, units either as rows (Jiaxing 2019: one row per county-level unit, indicators as
columns) or as columns (the 2019–2021 plan: units as columns, indicators × years as rows), a
total row or column (合计, 全市) that is the city value, and unit order that differs between
tables. Recognition reads all of that, matches every unit name through `RegionMatcher` (the one
matching function of every import), and reports each problem as a `Finding` located at the cell
the user sees. Nothing is corrected: a city value that is not the sum of the units' values is a
finding, and both numbers stay as written.

The input grid has merged cells repeated over their whole range when the reader knows the
merges (Excel, Word); pasted text only has the text in the first cell of a merge, so outer header
levels are filled to the right and label columns downwards before reading them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.utils.translation import gettext as _

from core.imports import Finding, column_letter
from regions.matching import RegionMatcher, normalize_name

from .choices import ADDITIVE_KINDS, FLOW_KINDS, Direction, IndicatorKind, PeriodKind, PlanLayout, TargetStatus
from .consistency import SumCheck, sum_check
from .measures import infer_direction, infer_kind, is_unit, normalize_unit, plain, split_unit, unit_declaration
from .values import ParsedTarget, Period, parse_period, parse_target, years_in

# Labels of the row or column that holds the city value (the Jiaxing table writes 合计, Huzhou 全市).
TOTAL_LABELS = frozenset({"合计", "总计", "全市", "全市合计", "全市总计", "汇总", "合计数"})
# Columns and rows that carry remarks, not targets.
NOTE_HEADERS = frozenset({"备注", "说明", "注", "附注"})
_NOTE_ROW = re.compile(r"^(注|说明|备注|附注|抄送|附件)\s*[:：\d一二三、.]|^(注|说明|备注)$")
# A header text that names the unit column of a table with indicators as rows.
UNIT_COLUMN_HEADERS = frozenset({"单位", "计量单位"})
# "目标" at the end of a header is the target of the indicator, not part of its name: 工业投资目标 → 工业投资.
_TARGET_SUFFIX = re.compile(r"(目标任务|目标值|目标|任务)$")
_SCAN_ROWS = 40
_SCAN_COLUMNS = 8


class RegionLike(Protocol):
    pk: int
    code: str
    name: str
    path: str
    aliases: list[str]


@dataclass(frozen=True)
class SourceTable:
    """A table as read from a file: its name (sheet or 表N) and cell texts, merged cells expanded."""

    name: str
    cells: list[list[str]]
    context: str = ""  # text around the table (the notice's paragraphs), for metadata suggestions


@dataclass
class UnitEntry:
    """A unit named in the table: as written, and the region it matched (or why not)."""

    name: str
    position: int  # grid row (units as rows) or grid column (units as columns), from 0
    row: int
    column: int
    region_id: int | None = None
    region_code: str | None = None
    region_name: str | None = None
    region_path: str | None = None
    problem: str = ""
    is_total: bool = False

    @property
    def matched(self) -> bool:
        return self.region_id is not None


@dataclass
class ValueCell:
    row: int  # grid position, from 0
    column: int
    parsed: ParsedTarget


@dataclass
class Line:
    """One indicator × period of the table: a column (units as rows) or a row (units as columns)."""

    name: str
    unit: str
    kind: IndicatorKind
    direction: Direction
    period: Period | None
    period_label: str
    position: int
    header_row: int
    header_column: int
    values: dict[int, ValueCell] = field(default_factory=dict)  # index into RecognizedTable.units → cell
    city: ValueCell | None = None
    check: SumCheck = field(default_factory=SumCheck)

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.unit)


@dataclass
class TimeCheck:
    """A multi-year total against the sum of its years, for one unit (or the city) and one flow indicator."""

    indicator: str
    unit_name: str
    total: Decimal
    sum_of_years: Decimal

    @property
    def consistent(self) -> bool:
        return self.total == self.sum_of_years


@dataclass
class RecognizedTable:
    """What recognition made of one table: units, indicator lines with their values, and every finding."""

    index: int  # 1-based, the `--table N` of the command
    name: str
    titles: list[str] = field(default_factory=list)
    layout: PlanLayout | None = None
    units: list[UnitEntry] = field(default_factory=list)  # the units, without the total
    total: UnitEntry | None = None
    city_region_id: int | None = None
    city_region_code: str | None = None
    lines: list[Line] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    time_checks: list[TimeCheck] = field(default_factory=list)
    years: tuple[int, int] | None = None
    recognised: bool = True

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def finding(self, row: int, column: int, message: str, severity: str = "error") -> None:
        self.findings.append(Finding(self.name, row + 1, column_letter(column), message, severity))

    def table_finding(self, message: str, severity: str = "error") -> None:
        """A finding about the whole table; severity "info" only tells (e.g. a layout table that was skipped)."""
        self.findings.append(Finding(self.name, 0, "", message, severity))


# --- helpers -----------------------------------------------------------------------------------


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _rectangular(cells: Sequence[Sequence[Any]]) -> list[list[str]]:
    width = max((len(r) for r in cells), default=0)
    return [[("" if c is None else str(c)).strip() for c in row] + [""] * (width - len(row)) for row in cells]


class _Matcher:
    """RegionMatcher plus what the table needs: codes, paths and the total labels."""

    def __init__(self, regions: Iterable[RegionLike]) -> None:
        self.regions = list(regions)
        self.by_pk = {r.pk: r for r in self.regions}
        self.by_path = {r.path: r for r in self.regions}
        self.matcher = RegionMatcher(self.regions)
        self._cache: dict[str, Any] = {}

    def is_total_label(self, text: str) -> bool:
        return normalize_name(text) in TOTAL_LABELS

    def match(self, text: str) -> Any:
        if text not in self._cache:
            self._cache[text] = self.matcher.match(text)
        return self._cache[text]

    def is_unit_name(self, text: str) -> bool:
        if not text.strip():
            return False
        return self.is_total_label(text) or self.match(text).matched


def _dedupe(parts: Iterable[str]) -> list[str]:
    """Header levels of a merged cell repeat the same text: keep each text once, in order."""
    seen: list[str] = []
    for part in parts:
        if part and _compact(part) not in {_compact(s) for s in seen}:
            seen.append(part)
    return seen


def _is_title_row(row: Sequence[str]) -> bool:
    """A title row has one text (a merged title repeated over the row counts once), or a `单位：亿元` line."""
    texts = {_compact(t) for t in row if t.strip()}
    texts = {t for t in texts if not unit_declaration(t)}
    return len(texts) <= 1


# --- the recognition -----------------------------------------------------------------------------


def recognize(
    table: SourceTable,
    regions: Iterable[RegionLike],
    *,
    index: int = 1,
    overrides: Mapping[tuple[str, str], tuple[str, str]] | None = None,
) -> RecognizedTable:
    """Recognise one table. `overrides` maps (indicator name, unit) → (kind, direction) chosen by the user."""
    grid = _rectangular(table.cells)
    result = RecognizedTable(index=index, name=table.name)
    matcher = _Matcher(regions)
    if not grid or not any(any(c for c in row) for row in grid):
        result.recognised = False
        result.table_finding(_("表格为空"), "info")
        return result

    axis = _find_unit_axis(grid, matcher)
    if axis is None:
        result.recognised = False
        result.table_finding(_("未找到单位名称（县、市、区或合计），不是目标分解表，已跳过"), "info")
        return result
    layout, position = axis
    result.layout = layout
    if layout == PlanLayout.UNITS_AS_COLUMNS:
        raw_lines = _read_units_as_columns(grid, position, result, matcher)
    else:
        raw_lines = _read_units_as_rows(grid, position, result, matcher)
    _resolve_units(result, matcher)
    _build_lines(grid, raw_lines, result, overrides or {})
    _check_sums(result)
    _check_years(result)
    result.years = _years(result)
    if not result.lines and not result.errors:
        result.table_finding(_("没有识别到任何指标"))
    return result


def _find_unit_axis(grid: list[list[str]], matcher: _Matcher) -> tuple[PlanLayout, int] | None:
    """The row or column that names the most units (at least two): that is where the units are."""
    best: tuple[int, PlanLayout, int] | None = None
    for r, row in enumerate(grid[:_SCAN_ROWS]):
        count = len({_compact(t) for t in row if matcher.is_unit_name(t)})
        if count >= 2 and (best is None or count > best[0]):
            best = (count, PlanLayout.UNITS_AS_COLUMNS, r)
    width = len(grid[0])
    for c in range(min(width, _SCAN_COLUMNS)):
        count = len({_compact(row[c]) for row in grid if matcher.is_unit_name(row[c])})
        if count >= 2 and (best is None or count > best[0]):
            best = (count, PlanLayout.UNITS_AS_ROWS, c)
    return None if best is None else (best[1], best[2])


@dataclass
class _RawLine:
    parts: list[str]  # label texts, outer level first
    period_text: str  # from a period column, when the table has one
    unit_text: str  # from a unit column or unit header row
    position: int
    header_row: int
    header_column: int


def _read_units_as_columns(
    grid: list[list[str]], unit_row: int, result: RecognizedTable, matcher: _Matcher
) -> list[_RawLine]:
    width = len(grid[0])
    header = grid[unit_row]
    first = next(c for c in range(width) if matcher.is_unit_name(header[c]))
    declared = ""
    for r in range(unit_row):
        if _is_title_row(grid[r]):
            for text in dict.fromkeys(t for t in grid[r] if t.strip()):
                declared = declared or unit_declaration(text)
                if not unit_declaration(text):
                    result.titles.append(text)
    for c in range(first, width):
        text = header[c]
        if not text.strip() or normalize_name(text) in NOTE_HEADERS:
            if any(grid[r][c].strip() for r in range(unit_row + 1, len(grid))) and not text.strip():
                result.finding(unit_row, c, _("该列有数值但没有单位名称，已忽略"), "warning")
            continue
        if c > first and _compact(text) == _compact(header[c - 1]):
            continue  # one unit merged over two columns: its text repeats
        result.units.append(UnitEntry(name=text, position=c, row=unit_row, column=c))

    body = range(unit_row + 1, len(grid))
    label_columns = list(range(first))
    roles = _label_roles(grid, unit_row, body, label_columns)
    lines: list[_RawLine] = []
    carried: dict[int, str] = {}
    for r in body:
        row = grid[r]
        if not any(t.strip() for t in row):
            continue
        first_text = next((t for t in row if t.strip()), "")
        if _NOTE_ROW.match(_compact(first_text)):
            result.notes.append(" ".join(dict.fromkeys(t for t in row if t.strip())))
            continue
        has_values = any(row[u.position].strip() for u in result.units)
        # Outer label columns are merged downwards (an indicator over its years): a blank inherits.
        parts: list[str] = []
        for c in label_columns:
            if roles[c] == "name":
                if row[c].strip():
                    carried[c] = row[c]
                parts.append(carried.get(c, ""))
        unit_text = ""
        for c in label_columns:
            if roles[c] == "unit":
                if row[c].strip():
                    carried[c] = row[c]
                unit_text = carried.get(c, "")
        period_text = next((row[c] for c in label_columns if roles[c] == "period" and row[c].strip()), "")
        if not has_values:
            label = " ".join(dict.fromkeys(t for t in row if t.strip()))
            if label:
                result.notes.append(label)
            continue
        name_column = next((c for c in label_columns if roles[c] == "name"), 0)
        lines.append(
            _RawLine(
                parts=parts,
                period_text=period_text,
                unit_text=unit_text or declared,
                position=r,
                header_row=r,
                header_column=name_column,
            )
        )
    return lines


def _label_roles(grid: list[list[str]], header_row: int, body: range, columns: list[int]) -> dict[int, str]:
    """Each label column is a name, a unit of measure, or a period column, judged by its contents."""
    roles: dict[int, str] = {}
    for c in columns:
        texts = [grid[r][c] for r in body if grid[r][c].strip()]
        head = normalize_name(grid[header_row][c])
        if head in UNIT_COLUMN_HEADERS or (texts and all(is_unit(t) for t in texts)):
            roles[c] = "unit"
        elif texts and sum(parse_period(t) is not None for t in texts) * 2 >= len(texts):
            roles[c] = "period"
        elif head in {"序号", "编号"} or (texts and all(_compact(t).isdigit() for t in texts)):
            roles[c] = "ignore"
        else:
            roles[c] = "name"
    return roles


def _read_units_as_rows(
    grid: list[list[str]], unit_column: int, result: RecognizedTable, matcher: _Matcher
) -> list[_RawLine]:
    width = len(grid[0])
    first_body = next(r for r, row in enumerate(grid) if matcher.is_unit_name(row[unit_column]))
    title_end = 0
    declared = ""
    while title_end < first_body and _is_title_row(grid[title_end]):
        for text in dict.fromkeys(t for t in grid[title_end] if t.strip()):
            declared = declared or unit_declaration(text)
            if not unit_declaration(text):
                result.titles.append(text)
        title_end += 1
    header_rows = list(range(title_end, first_body))
    if not header_rows:
        result.finding(first_body, unit_column, _("单位名称上方没有指标表头"))
        return []
    # Outer header levels span several columns: a blank outer cell continues its left neighbour.
    labels: dict[int, list[str]] = {}
    for h in header_rows:
        carried = ""
        for c in range(unit_column + 1, width):
            text = grid[h][c]
            if text.strip():
                carried = text
            elif h != header_rows[-1]:
                text = carried
            labels.setdefault(c, []).append(text)
    unit_header_rows = {
        i
        for i, h in enumerate(header_rows)
        if any(grid[h][c].strip() for c in range(unit_column + 1, width))
        and all(is_unit(grid[h][c]) for c in range(unit_column + 1, width) if grid[h][c].strip())
    }
    value_columns = []
    for c in range(unit_column + 1, width):
        texts = labels.get(c, [])
        if not any(t.strip() for t in texts):
            if any(grid[r][c].strip() for r in range(first_body, len(grid))):
                result.finding(header_rows[-1], c, _("该列有数值但没有指标名称，已忽略"), "warning")
            continue
        if any(normalize_name(t) in NOTE_HEADERS for t in texts):
            continue
        value_columns.append(c)

    seen_rows: list[int] = []
    for r in range(first_body, len(grid)):
        row = grid[r]
        name = row[unit_column]
        if not any(t.strip() for t in row):
            continue
        first_text = next((t for t in row if t.strip()), "")
        if _NOTE_ROW.match(_compact(first_text)):
            result.notes.append(" ".join(dict.fromkeys(t for t in row if t.strip())))
            continue
        if not name.strip():
            if any(row[c].strip() for c in value_columns):
                result.finding(r, unit_column, _("该行有数值但没有单位名称，已忽略"), "warning")
            continue
        if seen_rows and _compact(name) == _compact(grid[seen_rows[-1]][unit_column]) and row == grid[seen_rows[-1]]:
            continue  # a row repeated by a vertical merge of the whole row
        seen_rows.append(r)
        result.units.append(UnitEntry(name=name, position=r, row=r, column=unit_column))

    lines = []
    for c in value_columns:
        texts = labels[c]
        unit_text = next((texts[i] for i in sorted(unit_header_rows) if texts[i].strip()), "")
        parts = [t for i, t in enumerate(texts) if i not in unit_header_rows]
        header_row = max((h for h in header_rows if grid[h][c].strip()), default=header_rows[-1])
        lines.append(
            _RawLine(
                parts=parts,
                period_text="",
                unit_text=unit_text or declared,
                position=c,
                header_row=header_row,
                header_column=c,
            )
        )
    return lines


def _resolve_units(result: RecognizedTable, matcher: _Matcher) -> None:
    """Match every unit name; find the total (合计/全市, or the region above all the others)."""
    entries = result.units
    result.units = []
    total: UnitEntry | None = None
    for entry in entries:
        if matcher.is_total_label(entry.name):
            entry.is_total = True
            match = matcher.match(entry.name)
            if match.matched:
                _attach(entry, matcher.by_pk[match.region.pk])
            if total is not None:
                result.finding(entry.row, entry.column, _("合计出现了不止一次：“%s”") % entry.name)
                continue
            total = entry
            continue
        match = matcher.match(entry.name)
        if match.matched:
            _attach(entry, matcher.by_pk[match.region.pk])
        else:
            entry.problem = match.problem
            result.finding(entry.row, entry.column, match.problem)
        result.units.append(entry)

    matched = [u for u in result.units if u.matched]
    # A region above all the other units (e.g. a column headed 嘉兴市) is the city value too.
    for entry in matched:
        others = [u for u in matched if u is not entry]
        if others and all(_is_below(u.region_path, entry.region_path) for u in others):
            if total is None:
                entry.is_total = True
                total = entry
                result.units.remove(entry)
            break
    matched = [u for u in result.units if u.matched]
    city = None
    if total is not None and total.matched:
        city = matcher.by_pk[total.region_id] if total.region_id is not None else None
    elif matched:
        city = _common_parent(matched, matcher)
        if total is not None and city is not None:
            _attach(total, city)
    if city is not None:
        result.city_region_id, result.city_region_code = city.pk, city.code
        for entry in matched:
            if not _is_below(entry.region_path, city.path):
                result.finding(
                    entry.row,
                    entry.column,
                    _("“%(unit)s”不属于%(city)s，不能与其他单位放在同一张分解表中")
                    % {"unit": entry.name, "city": city.name},
                )
    elif matched:
        result.table_finding(_("这些单位不属于同一个上级地区，无法确定全市（合计）对应的地区"))
    seen: dict[int, UnitEntry] = {}
    for entry in matched:
        assert entry.region_id is not None
        if entry.region_id in seen:
            first = seen[entry.region_id]
            result.finding(
                entry.row,
                entry.column,
                _("“%(name)s”与“%(first)s”是同一个单位（%(region)s），重复出现")
                % {"name": entry.name, "first": first.name, "region": entry.region_name},
            )
        else:
            seen[entry.region_id] = entry
    result.total = total
    if not result.units:
        result.table_finding(_("表中没有县（市、区）单位"))


def _attach(entry: UnitEntry, region: RegionLike) -> None:
    entry.region_id, entry.region_code, entry.region_name = region.pk, region.code, region.name
    entry.region_path = region.path


def _is_below(path: str | None, ancestor: str | None) -> bool:
    return bool(path and ancestor and path != ancestor and path.startswith(ancestor))


def _common_parent(units: list[UnitEntry], matcher: _Matcher) -> RegionLike | None:
    """The deepest region above every unit: the city of a table of counties."""
    paths = [u.region_path or "" for u in units]
    prefix = paths[0]
    for path in paths[1:]:
        while not path.startswith(prefix):
            prefix = prefix[:-1]
    candidates = [r for p, r in matcher.by_path.items() if prefix.startswith(p) and all(_is_below(q, p) for q in paths)]
    return max(candidates, key=lambda r: len(r.path), default=None)


def _build_lines(
    grid: list[list[str]],
    raw_lines: list[_RawLine],
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


def _check_sums(result: RecognizedTable) -> None:
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


def _check_years(result: RecognizedTable) -> None:
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


def _years(result: RecognizedTable) -> tuple[int, int] | None:
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
