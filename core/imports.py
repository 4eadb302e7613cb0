"""What every import shares: findings located by sheet, row and column, and reading sheets fast.

An import first builds a preview (every finding, nothing written); only an import without
errors may be confirmed, and confirming writes everything in one transaction (brief promise 5).
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar, TypeVar

from django.db import models
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, XmlError, ZipError

from .excel import neutralise
from .history import bulk_create_audited, bulk_update_audited

M = TypeVar("M", bound=models.Model)


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


class FindingList:
    """What a result with findings answers: its errors (they block the import), its warnings (shown, not
    blocking) and whether it is clean. Used by every import plan and by the checks that feed one."""

    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportResult(FindingList):
    """The preview of one import: the sheet read, every finding, and the figures the preview page shows.

    Each import's plan adds what it would write and says what it counts (`counts`); `summary` is what the
    preview job stores and the page and the API show: the counts, the errors and the first findings.
    """

    sheet: str = ""
    findings: list[Finding] = field(default_factory=list)
    max_findings: ClassVar[int] = 1000  # a file with more shows the first ones and the total

    def counts(self) -> dict[str, Any]:
        return {}

    def read(self, source: str | Path | IO[bytes]) -> list[tuple[str, list[list[Any]]]]:
        """The sheets of the uploaded file through `readable_sheets`, whose findings (an unreadable file, text
        that would run as a formula) join this result's; no sheets when the file cannot be read."""
        sheets, shared = readable_sheets(source)
        self.findings.extend(shared)
        return sheets

    def header_sheet(
        self, sheets: Sequence[tuple[str, list[list[Any]]]], find_header: Callable[[list[list[Any]]], Any], missing: str
    ) -> tuple[list[list[Any]], Any] | None:
        """The first sheet in which `find_header(rows)` finds the header (it becomes this result's `sheet`): its
        rows and what `find_header` returned; None, with the finding `missing`, when no sheet has one."""
        for name, rows in sheets:
            header = find_header(rows)
            if header is not None:
                self.sheet = name
                return rows, header
        self.findings.append(Finding(sheets[0][0] if sheets else "", 1, "", missing))
        return None

    def read_header(
        self,
        source: str | Path | IO[bytes],
        find_header: Callable[[list[list[Any]]], Any],
        missing: str,
        report: Callable[[int, str], None],
    ) -> tuple[list[list[Any]], Any] | None:
        """`read` the file (saying so to `report`), then `header_sheet`: the header sheet's rows and header, or
        None when the file cannot be read or has no header (the findings say why)."""
        report(2, _("正在读取文件"))
        sheets = self.read(source)  # unreadable file, text that would run as a formula
        return self.header_sheet(sheets, find_header, missing) if sheets else None

    def summary(self, *, max_findings: int | None = None) -> dict[str, Any]:
        shown = self.max_findings if max_findings is None else max_findings
        return {
            "sheet": self.sheet,
            **self.counts(),
            "errors": len(self.errors),
            "findings_total": len(self.findings),
            "findings": [f.as_dict() for f in self.findings[:shown]],
        }


@dataclass
class ImportPlan(ImportResult):
    """The plan of an import that checks rows into dicts and counts which of them exist already."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    creates: int = 0
    updates: int = 0

    def counts(self) -> dict[str, Any]:
        return {"rows_total": len(self.rows), "creates": self.creates, "updates": self.updates}

    def count_existing(self, model: type[models.Model], key: Sequence[str]) -> None:
        """Count the rows whose `key` (field names, the row dicts' keys too) is already a row of `model` as
        updates, the others as creates."""
        complete = [r for r in self.rows if all(r.get(k) for k in key)]
        found = model._default_manager.filter(**{f"{key[0]}__in": {r[key[0]] for r in complete}})
        existing = set(found.values_list(*key))
        self.updates = sum(1 for r in complete if tuple(r[k] for k in key) in existing)
        self.creates = len(self.rows) - self.updates


def write_rows(
    model: type[M],
    rows: Sequence[dict[str, Any]],
    *,
    key: Sequence[str],
    fields: Sequence[str],
    actor: Any,
    reason: str,
    create_fields: Sequence[str] = (),
    unchanged_too: bool = False,
) -> None:
    """The write of a checked import, inside the caller's transaction: each row creates the `model` row its `key`
    names or sets `fields` on the existing one (locked; unchanged ones left alone unless `unchanged_too`), with
    one history record per row written. `create_fields` are set on new rows only."""
    current = {
        tuple(getattr(obj, k) for k in key): obj
        for obj in model._default_manager.select_for_update().filter(**{f"{key[0]}__in": {r[key[0]] for r in rows}})
    }
    new, changed = [], []
    for row in rows:
        obj = current.get(tuple(row[k] for k in key))
        if obj is None:
            new.append(model(**{name: row[name] for name in (*key, *create_fields, *fields)}))
        elif unchanged_too or any(getattr(obj, name) != row[name] for name in fields):
            for name in fields:
                setattr(obj, name, row[name])
            changed.append(obj)
    bulk_create_audited(model, new, actor=actor, reason=reason)
    bulk_update_audited(model, changed, list(fields), actor=actor, reason=reason)


Progress = Callable[[int, str], None]


@dataclass
class Table:
    """One sheet's table as an import reads it: the header row (found by its texts), the column of each
    key (by its header text, in any order) and the rows below the header."""

    sheet: str
    header_row: int  # the header's Excel row (from 1)
    columns: Mapping[str, str]  # key → header text
    index: dict[str, int]  # key → column (from 0), for the headers the sheet has
    body: list[list[Any]]

    def missing(self, required: Iterable[str], message: str | None = None) -> list[Finding]:
        """A finding on the header row for every required column the sheet lacks (`message` may name it by %s)."""
        text = message or _("缺少必需的列")
        return [
            Finding(self.sheet, self.header_row, self.columns[key], text % self.columns[key] if "%s" in text else text)
            for key in required
            if key not in self.index
        ]

    def where(self, key: str) -> str:
        """The column as a finding names it: "B（企业名称）", or the header alone when the sheet lacks it."""
        return f"{column_letter(self.index[key])}（{self.columns[key]}）" if key in self.index else self.columns[key]

    def codes(self, key: str) -> set[str]:
        """Every value of a column, as upper-case text (credit codes, to look up in one query)."""
        i = self.index.get(key)
        return {cell_text(r[i]).upper() for r in self.body if i is not None and len(r) > i}

    def records(self, progress: Progress | None = None) -> Iterator[Record]:
        """The rows that are not blank, each with its Excel row number; progress every 2,000 rows."""
        for offset, raw in enumerate(self.body):
            if not any(cell_text(c) for c in raw):
                continue
            record = Record(self, self.header_row + 1 + offset, raw)
            if progress is not None and offset % 2000 == 0:
                progress(int(80 * offset / max(1, len(self.body))), _("校验第 %s 行") % record.row)
            yield record


@dataclass
class Record:
    """One row of a table: its cells by key and the findings located at them."""

    table: Table
    row: int  # Excel row (from 1)
    raw: list[Any]

    def cell(self, key: str) -> Any:
        i = self.table.index.get(key)
        return self.raw[i] if i is not None and i < len(self.raw) else None

    def text(self, key: str) -> str:
        return cell_text(self.cell(key))

    def finding(self, key: str, message: str, severity: str = "error") -> Finding:
        return Finding(self.table.sheet, self.row, self.table.where(key), message, severity)


def find_tables(
    sheets: Iterable[tuple[str, list[list[Any]]]], columns: Mapping[str, str], markers: Iterable[str], within: int = 10
) -> Iterator[Table]:
    """The tables of the sheets whose header (within the first rows) holds one of the `markers` texts."""
    wanted = set(markers)
    for name, rows in sheets:
        header = next((i for i, r in enumerate(rows[:within]) if wanted & {cell_text(c) for c in r}), None)
        if header is None:
            continue
        headers = [cell_text(c) for c in rows[header]]
        index = {key: headers.index(h) for key, h in columns.items() if h in headers}
        yield Table(name, header + 1, columns, index, rows[header + 1 :])


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
