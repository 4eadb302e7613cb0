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
from typing import Any

from django.utils.translation import gettext as _

from regions.matching import RegionMatcher, normalize_name

from ..choices import PlanLayout
from ..measures import is_unit, unit_declaration
from ..values import parse_period
from .checks import check_sums, check_years, plan_years
from .lines import RawLine, build_lines
from .model import RecognizedTable, RegionLike, SourceTable, UnitEntry
from .units import resolve_units

# Labels of the row or column that holds the city value (the Jiaxing table writes 合计, Huzhou 全市).
TOTAL_LABELS = frozenset({"合计", "总计", "全市", "全市合计", "全市总计", "汇总", "合计数"})
# Columns and rows that carry remarks, not targets.
NOTE_HEADERS = frozenset({"备注", "说明", "注", "附注"})
_NOTE_ROW = re.compile(r"^(注|说明|备注|附注|抄送|附件)\s*[:：\d一二三、.]|^(注|说明|备注)$")
# A header text that names the unit column of a table with indicators as rows.
UNIT_COLUMN_HEADERS = frozenset({"单位", "计量单位"})
_SCAN_ROWS = 40
_SCAN_COLUMNS = 8


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
    overrides: Mapping[tuple[str, str], tuple[str, ...]] | None = None,
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
    for row, count in sorted(table.ragged.items()):
        # A paste split on spaces lost this row's empty or merged cells: its values would land in the
        # wrong columns, so they are not read (issue #12).
        result.finding(
            row,
            0,
            _(
                "此行有 %(count)d 格，表格有 %(width)d 列：粘贴时合并单元格或空格丢失，各列对不齐，请从 Excel/Word 复制或上传文件"
            )
            % {"count": count, "width": table.width},
        )
    if layout == PlanLayout.UNITS_AS_COLUMNS:
        raw_lines = _read_units_as_columns(grid, position, result, matcher)
    else:
        raw_lines = _read_units_as_rows(grid, position, result, matcher)
    resolve_units(result, matcher)
    build_lines(grid, raw_lines, result, overrides or {})
    check_sums(result)
    check_years(result)
    result.years = plan_years(result)
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


def _read_units_as_columns(
    grid: list[list[str]], unit_row: int, result: RecognizedTable, matcher: _Matcher
) -> list[RawLine]:
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
    lines: list[RawLine] = []
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
        # A unit cell is the row's own: a blank one inherits only on a continuation row (no name of its
        # own: a pasted merge over an indicator's years), never from the indicator above (issue #12).
        continuation = not any(row[c].strip() for c in label_columns if roles[c] == "name")
        unit_text = ""
        for c in label_columns:
            if roles[c] == "unit":
                if row[c].strip():
                    carried[c] = row[c]
                    unit_text = row[c]
                elif continuation:
                    unit_text = carried.get(c, "")
        period_text = next((row[c] for c in label_columns if roles[c] == "period" and row[c].strip()), "")
        if not has_values:
            label = " ".join(dict.fromkeys(t for t in row if t.strip()))
            if label:
                result.notes.append(label)
            continue
        name_column = next((c for c in label_columns if roles[c] == "name"), 0)
        lines.append(
            RawLine(
                parts=parts,
                period_text=period_text,
                unit_text=unit_text,
                declared=declared,
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
) -> list[RawLine]:
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
        # A row of units (亿元 | 个 | %) names each column's own unit: a blank one is not its neighbour's.
        unit_row = all(is_unit(t) for t in grid[h][unit_column + 1 :] if t.strip())
        for c in range(unit_column + 1, width):
            text = grid[h][c]
            if text.strip():
                carried = text
            elif h != header_rows[-1] and not unit_row:
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
            RawLine(
                parts=parts,
                period_text="",
                unit_text=unit_text,
                declared=declared,
                position=c,
                header_row=header_row,
                header_column=c,
            )
        )
    return lines
