"""Excel export: a scoped, filtered queryset written as .xlsx with verbose_name headers.

xlsxwriter in constant-memory mode streams rows to a temporary file, so 100,000 rows do not
sit in memory; the response streams that file.

Every workbook the project writes is opened by `open_workbook()` here, so no text a user typed (a
project or enterprise name like `=HYPERLINK("http://…","点击")`) ever becomes a live formula or
link on the bureau's machines: text is never turned into a formula or a URL, and text that begins
with a formula trigger is written with OWASP's leading apostrophe (`neutralise`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone
from django.utils.functional import Promise
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

# OWASP "CSV injection": a cell whose text begins with one of these may be run as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# ASCII digits: the same test as the SQL of core.copyexport (`\d` would also take "１２" and other scripts' digits)
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(\.[0-9]+)?%?")
# Told how many rows are written, every PROGRESS_ROWS rows: an export run as a job (jobs/exports.py) shows it.
rows_written: ContextVar[Callable[[int], None] | None] = ContextVar("rows_written", default=None)
PROGRESS_ROWS = 1000
# Told, before the first row, how many rows an export will write (an export that knows, e.g. a 亩均 run's): the job
# then shows the share written instead of a fixed figure.
rows_expected: ContextVar[Callable[[int], None] | None] = ContextVar("rows_expected", default=None)


def neutralise(value: Any) -> Any:
    """Text beginning with a formula trigger gets a leading apostrophe so it stays text; all else unchanged.

    Numbers are not text and stay numbers (negative ones too); a text that is just a signed number
    ("-3.5", "+2%") cannot run anything and is kept as the bureau wrote it.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


class SafeWorksheet(Worksheet):
    """A worksheet whose every text cell (write, write_string, write_row, merge_range …) is neutralised."""

    def _write_string(self, row: int, col: int, string: str, cell_format: Any = None) -> Any:
        return super()._write_string(row, col, neutralise(string), cell_format)


def open_workbook(target: Any, options: dict[str, Any] | None = None) -> xlsxwriter.Workbook:
    """The one way the project opens an xlsxwriter workbook (a path or a BytesIO): text stays text."""
    book = xlsxwriter.Workbook(target, {**(options or {}), "strings_to_formulas": False, "strings_to_urls": False})
    book.worksheet_class = SafeWorksheet
    return book


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    width: int = 14
    number_format: str | None = None


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)  # written as an Excel number; exact decimals live in the database
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def _sheet(
    book: xlsxwriter.Workbook, *, sheet: str, title: str | None, columns: Sequence[Column]
) -> tuple[Worksheet, int, dict[str, Any]]:
    """The sheet with its columns' widths and number formats, the title row (if any) and the header row; returns
    it, the header's row and the number formats."""
    ws = book.add_worksheet(sheet[:31])
    head = book.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    title_fmt = book.add_format({"bold": True, "font_size": 14, "align": "center"})
    formats = {c.number_format: book.add_format({"num_format": c.number_format}) for c in columns if c.number_format}
    for i, col in enumerate(columns):
        ws.set_column(i, i, col.width, formats.get(col.number_format or ""))
    first = 0
    if title:
        ws.merge_range(0, 0, 0, max(len(columns) - 1, 0), title, title_fmt)
        first = 1
    for i, col in enumerate(columns):
        ws.write(first, i, col.header, head)
    ws.freeze_panes(first + 1, 0)
    return ws, first, formats


def write_xlsx(path: str, *, sheet: str, title: str | None, columns: Sequence[Column], rows: Iterable[Any]) -> int:
    """Write the rows into `path`; return how many rows were written."""
    book = open_workbook(path, {"constant_memory": True, "default_date_format": "yyyy-mm-dd hh:mm"})
    ws, first, _formats = _sheet(book, sheet=sheet, title=title, columns=columns)
    count = 0
    tell = rows_written.get()
    for count, obj in enumerate(rows, start=1):
        r = first + count
        if tell is not None and count % PROGRESS_ROWS == 0:
            tell(count)
        for i, col in enumerate(columns):
            value = _plain(col.value(obj))
            if value is None:
                continue
            ws.write(r, i, value)
    ws.autofilter(first, 0, first + max(count, 1), len(columns) - 1)
    book.close()
    return count


SHEET_XML = "xl/worksheets/sheet1.xml"


def write_xlsx_xml(
    path: str,
    *,
    sheet: str,
    title: str | None,
    columns: Sequence[Column],
    count: int,
    rows_xml: Callable[[int, list[int | None]], Iterable[bytes]],
    compresslevel: int = 1,
) -> None:
    """The workbook `write_xlsx` writes, with `count` data rows given as the sheet's XML: `rows_xml(start, styles)`
    yields the `<row>` elements numbered from `start` (1-based, as in the file), whose cells carry
    `styles[i]` (`s="…"`, the column's number format, None for none) as xlsxwriter gives them. xlsxwriter writes
    the rest (columns, title, header, frozen panes, filter, styles) as a workbook without data, and the rows are
    streamed into its sheet's XML as it is zipped (no row or cell passes through Python as an object)."""
    skeleton = io.BytesIO()
    book = open_workbook(skeleton, {"constant_memory": True, "default_date_format": "yyyy-mm-dd hh:mm"})
    ws, first, formats = _sheet(book, sheet=sheet, title=title, columns=columns)
    last = first + max(count, 1)
    ws.autofilter(first, 0, last, len(columns) - 1)
    book.close()
    styles = [formats[c.number_format].xf_index if c.number_format else None for c in columns]
    with (
        zipfile.ZipFile(skeleton) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, True, compresslevel) as out,
    ):
        for info in source.infolist():
            data = source.read(info)
            target = zipfile.ZipInfo(info.filename, info.date_time)
            target.compress_type, target._compresslevel = zipfile.ZIP_DEFLATED, compresslevel  # type: ignore[attr-defined]
            if info.filename != SHEET_XML:
                out.writestr(target, data)
                continue
            xml = data.decode()
            last_cell = f"{xl_col_to_name(max(len(columns) - 1, 0))}{first + count + 1}"
            xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last_cell}"/>', xml, count=1)
            head, tail = xml.split("</sheetData>", 1)
            with out.open(target, "w", force_zip64=True) as stream:
                stream.write(head.encode())
                for block in rows_xml(first + 2, styles):
                    stream.write(block)
                stream.write(("</sheetData>" + tail).encode())


def xlsx_response(
    *, filename: str, sheet: str, title: str | None, columns: Sequence[Column], rows: Iterable[Any]
) -> FileResponse:
    tmp = tempfile.NamedTemporaryFile(suffix=".xlsx")  # deleted when the response closes it
    write_xlsx(tmp.name, sheet=sheet, title=title, columns=columns, rows=rows)
    tmp.seek(0)
    return FileResponse(
        tmp,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@dataclass(frozen=True)
class ImportTemplate:
    """The empty workbook of an import: the importer's headers in its order under a title that states the
    filling rules, and one example row (built when asked, so its dates are today's)."""

    columns: Mapping[str, str]  # key → header, as the importer reads them
    example: Callable[[], Mapping[str, Any]]  # key → value
    filename: str | Promise
    sheet: str | Promise
    title: str | Promise | None = None
    widths: Mapping[str, int] = field(default_factory=dict)  # key → width; 14 for the others

    def response(self) -> FileResponse:
        columns = [Column(header, _value_of(key), self.widths.get(key, 14)) for key, header in self.columns.items()]
        return xlsx_response(
            filename=str(self.filename),
            sheet=str(self.sheet),
            title=str(self.title) if self.title else None,
            columns=columns,
            rows=[self.example()],
        )


def _value_of(key: str) -> Callable[[Mapping[str, Any]], Any]:
    return lambda row: row.get(key)
