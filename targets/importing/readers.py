"""Reading the tables of a notice: Excel (.xlsx/.xls via calamine), Word (.docx via python-docx), pasted text.

Every reader returns `SourceTable`s: a rectangular grid of cell texts with merged cells repeated
over their whole range, so that recognition sees a merged header above every column it spans.
- Excel: calamine reads the values; the merged ranges come from calamine's `merged_cell_ranges`
  (openpyxl reads them for .xlsx when calamine does not report them).
- Word: every table of the document, in order; python-docx repeats a cell over its gridSpan and
  resolves vMerge continuations to the cell above.
- Pasted text: tab-separated, as Excel and Word put tables on the clipboard: a cell with a line
  break (or a tab or a quote) is wrapped in double quotes, inner quotes doubled. Merges are not
  on the clipboard: the merged text stands in the first cell only (recognition handles that).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from core.imports import Finding, cell_text, column_letter, readable_sheets, uncomputed_formula_findings

from ..recognition import SourceTable
from ..values import is_not_decomposed

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
WORD_SUFFIXES = (".docx",)
TEXT_SUFFIXES = (".txt", ".tsv", ".csv")
ACCEPTED_SUFFIXES = EXCEL_SUFFIXES + WORD_SUFFIXES + TEXT_SUFFIXES

MergedRange = tuple[tuple[int, int], tuple[int, int]]


class UnreadableFile(ValueError):
    """The file cannot be read as a table (wrong format, damaged, password-protected)."""


def read_tables(data: bytes, filename: str) -> tuple[list[SourceTable], list[Finding]]:
    """The tables of an uploaded file, chosen by its extension, and the findings about the file itself."""
    suffix = Path(filename).suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return read_excel(data, xlsx=suffix in (".xlsx", ".xlsm"))
    if suffix in WORD_SUFFIXES:
        return read_docx(io.BytesIO(data)), []
    if suffix in TEXT_SUFFIXES:
        return [read_text(decode_text(data))], []
    if suffix == ".doc":
        raise UnreadableFile(_("不支持旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后上传"))
    raise UnreadableFile(_("不支持的文件类型“%s”：请上传 .xlsx、.xls、.docx 或粘贴表格文字") % suffix)


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(_("文本编码无法识别，请使用 UTF-8"))


def expand_merged(grid: list[list[str]], ranges: list[MergedRange]) -> list[list[str]]:
    """Repeat each merged range's top-left text over the whole range (the grid grows to hold it)."""
    height = max([len(grid), *(r2 + 1 for (_r1, _c1), (r2, _c2) in ranges)])
    width = max([max((len(r) for r in grid), default=0), *(c2 + 1 for (_r1, _c1), (_r2, c2) in ranges)])
    out = [list(row) + [""] * (width - len(row)) for row in grid] + [[""] * width for _ in range(height - len(grid))]
    for (r1, c1), (r2, c2) in ranges:
        text = out[r1][c1]
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                out[r][c] = text
    return out


def read_excel(data: bytes, *, xlsx: bool = True) -> tuple[list[SourceTable], list[Finding]]:
    """One table per sheet (empty sheets are left out), read through core's `readable_sheets`.

    The findings are those every import shares (an unreadable file; text that would run as a formula)
    and, for .xlsx, every formula without a stored result: calamine would read it as a blank cell, and a
    target silently missing is worse than a file sent back to be recalculated.
    """
    sheets, shared = readable_sheets(io.BytesIO(data))
    if not sheets:
        return [], shared
    findings = [f for f in shared if not _dash_warning(f, sheets)]
    merges = _merged_ranges(data, xlsx=xlsx)
    tables = []
    for name, raw_rows in sheets:
        if xlsx:
            findings += uncomputed_formula_findings(io.BytesIO(data), name)
        rows = [[cell_text(v) for v in row] for row in raw_rows]
        grid = expand_merged(rows, merges.get(name, []))
        if any(any(c.strip() for c in row) for row in grid):
            tables.append(SourceTable(name=name, cells=grid))
    return tables, findings


def _dash_warning(finding: Finding, sheets: list[tuple[str, list[list[Any]]]]) -> bool:
    """A formula-sign warning on "--" or "-": the notices' mark for "not decomposed", read as such, not text."""
    if finding.severity != "warning" or finding.row < 1:
        return False
    rows = dict(sheets).get(finding.sheet, [])
    row = rows[finding.row - 1] if finding.row <= len(rows) else []
    column = next((i for i in range(len(row)) if column_letter(i) == finding.column), None)
    return column is not None and is_not_decomposed(cell_text(row[column]))


def _merged_ranges(data: bytes, *, xlsx: bool) -> dict[str, list[MergedRange]]:
    """Each sheet's merged ranges: calamine's, or openpyxl's for an .xlsx where calamine reports none."""
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))  # readable: `readable_sheets` just read it
    found: dict[str, list[MergedRange]] = {}
    for name in workbook.sheet_names:
        ranges = _calamine_ranges(workbook.get_sheet_by_name(name))
        if ranges is None and xlsx:
            ranges = _openpyxl_ranges(data, name)
        found[name] = ranges or []
    return found


def _calamine_ranges(sheet: Any) -> list[MergedRange] | None:
    ranges = getattr(sheet, "merged_cell_ranges", None)
    if ranges is None:
        return None
    return [((int(a[0]), int(a[1])), (int(b[0]), int(b[1]))) for a, b in ranges]


def _openpyxl_ranges(raw: bytes, sheet_name: str) -> list[MergedRange]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(raw), read_only=False, data_only=True)
    ws = workbook[sheet_name]
    return [((r.min_row - 1, r.min_col - 1), (r.max_row - 1, r.max_col - 1)) for r in ws.merged_cells.ranges]


def read_docx(source: IO[bytes]) -> list[SourceTable]:
    """Every table of the Word document, named 表1, 表2 … in document order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(source)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableFile(_("无法读取文件：请上传未加密的 Word 文件（.docx）")) from exc
    context = "\n".join(p.text for p in document.paragraphs if p.text.strip())
    tables = []
    for number, table in enumerate(document.tables, start=1):
        grid: list[list[str]] = []
        for row in table.rows:
            # A row may start later than the first grid column (w:gridBefore): pad it.
            cells = [""] * row.grid_cols_before + [cell.text.strip() for cell in row.cells]
            grid.append(cells)
        tables.append(SourceTable(name=_("表%d") % number, cells=grid, context=context))
    return tables


_PROSE = re.compile(r"[。；;]$|^.{40,}$")
_SPACES = re.compile(r"[ \u3000\xa0]{2,}|\t")


def read_text(text: str, *, name: str = "") -> SourceTable:
    """A table pasted from Excel, Word or a web page, possibly with the notice's text around it.

    Tab-separated (quoted cells may hold line breaks) as Excel and Word copy it; without tabs, cells
    are split on runs of spaces (a web page or a plain-text mail), and rows whose cell count differs
    from the table's are kept as `ragged` for recognition to report. Sentences of the notice (lines
    without a tab ending in 。 or long prose) become the context, where stated totals are read.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    title = name or _("粘贴内容")
    if "\t" in text:
        rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter="\t", quotechar='"')]
        prose = [r[0] for r in rows if len(r) == 1 and _PROSE.search(r[0].strip())]
        rows = [r for r in rows if not (len(r) == 1 and _PROSE.search(r[0].strip()))]
        return SourceTable(name=title, cells=rows, context="\n".join(prose))
    rows, prose = [], []
    for line in text.split("\n"):
        cells = [c for c in _SPACES.split(line.strip()) if c != ""]
        if len(cells) <= 1 and _PROSE.search(line.strip()):
            prose.append(line.strip())
            continue
        if len(cells) == 1 and " " in line.strip():
            cells = line.split()
        rows.append(cells)
    counts = [len(r) for r in rows if len(r) > 1]
    width = max(set(counts), key=counts.count) if counts else 0
    ragged = {i: len(r) for i, r in enumerate(rows) if len(r) > 1 and len(r) != width}
    return SourceTable(name=title, cells=rows, context="\n".join(prose), ragged=ragged, width=width)


# --- suggestions for the plan's metadata, from the notice's text ---------------------------------

_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d{1,4}\s*号")
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISSUER_END = re.compile(r"(局|厅|办公室|人民政府|委员会|领导小组)$")


def notice_metadata(context: str) -> dict[str, Any]:
    """文号, title (关于…通知), issuer and date as a notice's first page states them; empty when absent."""
    found: dict[str, Any] = {}
    lines = [line.strip() for line in context.splitlines() if line.strip()]
    for line in lines:
        match = _DOC_NUMBER.search(line)
        if match:
            found["document_number"] = re.sub(r"\s+", "", match.group(0))
            break
    for i, line in enumerate(lines):
        if line.startswith("关于"):
            title = line
            for following in lines[i + 1 : i + 4]:
                if title.endswith("通知"):
                    break
                title += following
            if title.endswith(("通知", "意见", "方案", "计划")) and len(title) <= 200:
                found["title"] = title
            break
    for i, line in enumerate(lines):
        match = _DATE.fullmatch(line)
        if match:
            import datetime as dt

            try:
                found["issued_on"] = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
            if i > 0 and _ISSUER_END.search(lines[i - 1]) and len(lines[i - 1]) <= 100:
                found["issuer"] = lines[i - 1]
            break
    return found
