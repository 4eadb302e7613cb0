"""What every import shares: findings located by sheet, row and column, and reading sheets fast.

An import first builds a preview (every finding, nothing written); only an import without
errors may be confirmed, and confirming writes everything in one transaction (brief promise 5).
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, XmlError, ZipError

from .excel import neutralise


@dataclass(frozen=True)
class Finding:
    """One problem in an input file, located as the user sees it in Excel (rows from 1, column letter or header)."""

    sheet: str
    row: int
    column: str
    message: str
    severity: str = "error"  # "error" blocks the import; "warning" is shown but does not

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how Excel names a column."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_sheets(source: str | Path | IO[bytes]) -> Iterator[tuple[str, list[list[Any]]]]:
    """Yield (sheet name, rows as lists) for every sheet of an .xlsx/.xls/.ods file, via calamine."""
    workbook = CalamineWorkbook.from_object(source)
    for name in workbook.sheet_names:
        yield name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)


# What reading a damaged, encrypted or foreign file raises (calamine's errors, and OSError/ValueError
# for files that are not workbooks at all).
UNREADABLE = (CalamineError, PasswordError, XmlError, ZipError, OSError, ValueError)


def readable_sheets(source: str | Path | IO[bytes]) -> tuple[list[tuple[str, list[list[Any]]]], list[Finding]]:
    """The sheets of an uploaded file and the findings every import shares.

    An unreadable file gives no sheets and one finding (a bad file is the user's to fix in the
    preview, not a failed job; the message names no exception or path). A readable one gives its
    sheets and a finding for every text cell that a spreadsheet would run as a formula
    (`formula_text_findings`), whichever importer reads it.
    """
    try:
        sheets = list(read_sheets(source))
    except UNREADABLE:
        return [], [Finding("", 0, "", _("无法读取文件：请上传未加密的 Excel 文件（.xlsx、.xls 或 .ods）"))]
    findings: list[Finding] = []
    for name, rows in sheets:
        findings += formula_text_findings(
            name, ((r, ((column_letter(c), v) for c, v in enumerate(row))) for r, row in enumerate(rows, start=1))
        )
    return sheets, findings


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a spurious '.0', None as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def formula_text_findings(sheet: str, rows: Iterable[tuple[int, Iterable[tuple[str, Any]]]]) -> list[Finding]:
    """Text that a spreadsheet would run as a formula (OWASP's rule, `core.excel.neutralise`), as findings.

    `rows` gives (Excel row, [(column, value), …]) for the cells the import keeps. Text beginning with
    "=" is refused (an error: no name or address begins so); "+", "-", "@", tab or carriage return are
    shown as warnings ("+86 573…" is a telephone number). Exports neutralise such text either way.
    """
    found = []
    for row, cells in rows:
        for column, value in cells:
            if isinstance(value, str) and neutralise(value) != value:
                refused = value.startswith("=")
                message = _("“%s”以公式符号开头，不能导入") if refused else _("“%s”以公式符号开头，导出时按文本处理")
                found.append(Finding(sheet, row, column, message % value[:40], "error" if refused else "warning"))
    return found


# The sheet XML is scanned with patterns, not parsed (no XML parser on an uploaded file): a cell
# `<c r="B2" …>…</c>` with a formula `<f …>` and no value `<v>…</v>`.
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v>\s*[^<\s]")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')


def uncomputed_formula_findings(source: str | Path | IO[bytes], sheet: str) -> list[Finding]:
    """Cells of an .xlsx sheet holding a formula without a stored result, as errors.

    calamine reads a formula's stored result; a file written by a program that does not calculate
    (openpyxl, scripts) has none, and the cell would read as empty: a number silently lost. Other
    formats, and files that are not zip archives, have nothing to report here.
    """
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        with zipfile.ZipFile(source) as archive:  # type: ignore[arg-type]
            path = _sheet_path(archive, sheet)
            data = archive.read(path) if path else b""
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return []
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    found: list[Finding] = []
    if _FORMULA.search(data) is None:
        return found
    for cell in _CELL.finditer(data):
        attributes, body = cell.groups()
        if _FORMULA.search(body) is None or _VALUE.search(body) is not None:
            continue
        ref = _REF.search(attributes)
        column, row = (ref.group(1).decode(), int(ref.group(2))) if ref else ("", 0)
        found.append(Finding(sheet, row, column, _("公式没有保存计算结果：请在 Excel 中打开、计算并保存后再上传")))
    return found


def _sheet_path(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The archive member of the sheet named `sheet`, read from workbook.xml and its relationships."""
    rel_id = None
    for tag in _SHEET.findall(archive.read("xl/workbook.xml")):
        attributes = {k.decode(): v.decode() for k, v in _ATTR.findall(tag)}
        if html.unescape(attributes.get("name", "")) == sheet:
            rel_id = next((v for k, v in attributes.items() if k.endswith(":id")), None)
    if rel_id is None:
        return None
    for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", archive.read("xl/_rels/workbook.xml.rels")):
        attributes = {k.decode(): v.decode() for k, v in _ATTR.findall(tag)}
        if attributes.get("Id") == rel_id:
            target = attributes.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return None
