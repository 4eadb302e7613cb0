"""The Excel template of one report (unit × month): download, fill in, upload (issue #3).

The template looks like the official table: a title, the unit, its code, the report period and
the deadline, the plan(s) the targets come from, one row per indicator. Names, units, kinds, the plan,
the target (in the row's unit: 1610000.00 万元, never the notice's 161 in a 万元 row) and 上月累计 (last
month's cumulative, the base the filler adds this month to) are locked cells (the sheet is protected);
only the figures that apply to an indicator's kind are open. Reading it back finds the unit and month
it belongs to, locates every problem by sheet, row and column, and says when 上月累计 changed since the
download; the figures themselves are checked by reporting/validation.py like the grid's (issue #12).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.excel import open_workbook
from core.figures import excel_number_format, format_figure
from core.imports import Finding, ImportResult, cell_text, column_letter

from .models import MonthlyReport
from .selectors import GridLine
from .validation import NIL, parse_number

ID_HEADER = "指标编号"
CODE_LABEL = "单位代码"
PERIOD_LABEL = "报告期"
PLAN_LABEL = "目标依据："
PREVIOUS_HEADER = "上月累计"
# Columns of the template: (header, field of the value or None for a locked description column).
COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("序号", None),
    (ID_HEADER, None),
    ("指标名称", None),
    ("计量单位", None),
    ("指标类型", None),
    ("所属计划", None),
    ("年度目标", None),
    (PREVIOUS_HEADER, None),
    ("本年累计/期末值", "value"),
    ("上年同期（可比口径）", "base_value"),
    ("分子", "numerator"),
    ("分母", "denominator"),
    ("文字说明", "text"),
    ("备注", "note"),
)
HEADER_ROW = 3  # 0-based: title, unit line, plan line, header
FIRST_DATA_ROW = HEADER_ROW + 1
NIL_HINT = _lazy(
    "说明：本月确无数据的指标，请在“本年累计/期末值”填“无”，并在“备注”中说明原因；空白不按 0 处理，上报时须补齐。"
)


def period_code(report: MonthlyReport) -> str:
    return f"{report.year}-{report.month:02d}"


def plan_names(grid: list[GridLine]) -> str:
    """The notices the targets come from: 《title》（文号）, in the grid's order, each once."""
    names: dict[int, str] = {}
    for line in grid:
        plan = line.indicator.plan
        if plan.pk not in names:
            number = f"（{plan.document_number}）" if plan.document_number else ""
            names[plan.pk] = f"《{plan.title}》{number}"
    return "；".join(names.values())


def _excel_number(value: Decimal | None) -> Any:
    # Written as text with its exact digits would stop Excel from treating it as a number; a float
    # of a 6-decimal value round-trips through its shortest repr, which the reader parses exactly.
    return None if value is None else float(value)


def template_bytes(report: MonthlyReport, grid: list[GridLine], *, city_name: str = "") -> bytes:
    """The template of `report` with its current figures filled in."""
    out = io.BytesIO()
    book = open_workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(_("月报"))
    title = book.add_format(
        {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter", "font_name": "宋体"}
    )
    info = book.add_format({"font_size": 11, "locked": True})
    head = book.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    locked = book.add_format({"border": 1, "locked": True, "text_wrap": True, "valign": "vcenter"})
    grey = book.add_format({"border": 1, "locked": True, "bg_color": "#EEEEEE"})
    open_number = book.add_format({"border": 1, "locked": False, "num_format": "0.######", "bg_color": "#FFFDE7"})
    previous_formats: dict[str, Any] = {}
    open_text = book.add_format({"border": 1, "locked": False, "text_wrap": True, "bg_color": "#FFFDE7"})
    last = len(COLUMNS) - 1
    sheet.merge_range(0, 0, 0, last, _("%(city)s工业投资和技术改造目标任务完成情况月报表") % {"city": city_name}, title)
    sheet.set_row(0, 30)
    sheet.write(1, 0, _("填报单位："), info)
    sheet.write(1, 1, report.region.name, info)
    sheet.write(1, 3, CODE_LABEL, info)
    sheet.write_string(1, 4, report.region.code, info)
    sheet.write(1, 5, PERIOD_LABEL, info)
    sheet.write_string(1, 6, period_code(report), info)
    sheet.write(1, 7, report.period_label, info)
    sheet.write(1, 9, _("报送截止：%s") % report.deadline.isoformat(), info)
    sheet.write(2, 0, PLAN_LABEL, info)
    sheet.write(2, 1, plan_names(grid), info)
    for col, (header, _field) in enumerate(COLUMNS):
        sheet.write(HEADER_ROW, col, header, head)
    widths = (6, 9, 36, 10, 12, 24, 14, 14, 16, 18, 12, 12, 30, 20)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.set_column(1, 1, 9, None, {"hidden": False})
    row = FIRST_DATA_ROW
    for i, line in enumerate(grid, start=1):
        indicator = line.indicator
        sheet.write(row, 0, i, locked)
        sheet.write(row, 1, indicator.pk, locked)
        sheet.write(row, 2, indicator.name + (_("（系统计算）") if line.is_computed else ""), locked)
        sheet.write(row, 3, indicator.storage_unit, locked)
        sheet.write(row, 4, indicator.get_kind_display(), locked)
        sheet.write(row, 5, indicator.plan.title, locked)
        sheet.write_string(row, 6, line.target_in_row_unit, locked)
        if line.previous is None:
            sheet.write_blank(row, 7, None, grey)
        else:
            unit = line.unit
            if unit not in previous_formats:
                previous_formats[unit] = book.add_format(
                    {"border": 1, "locked": True, "bg_color": "#EEEEEE", "num_format": excel_number_format(unit)}
                )
            sheet.write_number(row, 7, _excel_number(line.previous), previous_formats[unit])
        for col, (_header, name) in enumerate(COLUMNS):
            if name is None:
                continue
            current = line.current(name)
            editable = name in line.fields and not (line.is_computed and name == "value")
            if not editable:
                sheet.write(row, col, _excel_number(current) if name not in ("text", "note") else (current or ""), grey)
            elif name in ("text", "note"):
                sheet.write(row, col, current or "", open_text)
            elif name == "value" and line.is_nil:
                sheet.write_string(row, col, NIL, open_number)  # marked 无, with its note: read back as marked
            elif current is None:
                sheet.write_blank(row, col, None, open_number)
            else:
                sheet.write_number(row, col, _excel_number(current), open_number)
        row += 1
    sheet.write(row + 1, 0, _("填表人：              审核人：              联系电话："), info)
    sheet.write_string(row + 2, 0, str(NIL_HINT), info)
    sheet.freeze_panes(FIRST_DATA_ROW, 3)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    book.close()
    return out.getvalue()


@dataclass
class Book(ImportResult):
    """An uploaded template read once: its first sheet's rows, the header row, what it says it is (unit code
    and period, each with the cell it is in) and the problems that stop reading it."""

    rows: list[list[Any]] = field(default_factory=list)
    header_at: int | None = None
    identity: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # label → (value, row, column)

    @property
    def readable(self) -> bool:
        return self.header_at is not None and not any(f.severity == "error" for f in self.findings)

    def stated(self, label: str) -> str:
        return self.identity.get(label, ("", 0, 0))[0]

    def finding_at(self, label: str, message: str) -> Finding:
        """A finding on the cell that states `label` (the unit code, the period)."""
        if label not in self.identity:
            return Finding(self.sheet, 0, "", message)
        _value, row, col = self.identity[label]
        return Finding(self.sheet, row, column_letter(col), message)


@dataclass
class Upload:
    """What an uploaded template says: figures by indicator, where each cell is, and the problems found."""

    sheet: str = ""
    entries: dict[int, dict[str, Any]] = field(default_factory=dict)
    cells: dict[tuple[int, str], tuple[int, str]] = field(default_factory=dict)  # (indicator, field) → (row, column)
    findings: list[Finding] = field(default_factory=list)

    def where(self, indicator_id: int, name: str) -> tuple[str, int, str]:
        row, column = self.cells.get((indicator_id, name), (0, ""))
        return self.sheet, row, column


def _raw(value: Any) -> Any:
    """A cell as the validator takes it; floats keep their shortest text so that 0.1 stays 0.1."""
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    if value is None:
        return ""
    return value if isinstance(value, (int, Decimal)) else str(value).strip()


def open_upload(source: IO[bytes] | bytes) -> Book:
    """Read an uploaded template's first sheet (through core's `readable_sheets`), its header and identity."""
    book = Book()
    data = source if isinstance(source, bytes) else source.read()
    sheets = book.read(io.BytesIO(data))  # unreadable file, text that would run as a formula
    if not sheets:
        if not book.findings:
            book.findings.append(Finding("", 0, "", _("文件中没有工作表")))
        return book
    book.sheet, book.rows = sheets[0]
    book.header_at = next(
        (i for i, r in enumerate(book.rows) if any(cell_text(c) == ID_HEADER for c in r)),
        None,
    )
    if book.header_at is None:
        book.findings.append(Finding(book.sheet, 0, "", _("找不到表头“%s”：请使用本系统下载的模板") % ID_HEADER))
        return book
    for r, row in enumerate(book.rows[: book.header_at]):
        for c, cell in enumerate(row):
            text = cell_text(cell)
            if text in (CODE_LABEL, PERIOD_LABEL) and c + 1 < len(row):
                book.identity[text] = (cell_text(row[c + 1]), r + 1, c + 1)
    for label in (CODE_LABEL, PERIOD_LABEL):
        if label not in book.identity:
            book.findings.append(Finding(book.sheet, 0, "", _("模板缺少“%s”：请使用本系统下载的模板") % label))
    return book


def stated_period(book: Book) -> tuple[int, int] | None:
    """The (year, month) the template's 报告期 states, e.g. "2019-05" → (2019, 5); None when unreadable."""
    year, _dash, month = book.stated(PERIOD_LABEL).partition("-")
    if year.isdigit() and month.isdigit():
        return int(year), int(month)
    return None


def read_upload(report: MonthlyReport, book: Book, grid: list[GridLine]) -> Upload:
    """Read a filled-in template of `report`: it must be this unit's and this month's; rows by 指标编号."""
    upload = Upload(sheet=book.sheet, findings=list(book.findings))
    if not book.readable or book.header_at is None:
        return upload
    name, rows, header_at = book.sheet, book.rows, book.header_at
    for label, expected in ((CODE_LABEL, report.region.code), (PERIOD_LABEL, period_code(report))):
        value = book.stated(label)
        if label in book.identity and value != expected:
            upload.findings.append(
                book.finding_at(
                    label,
                    _("%(label)s为“%(value)s”，本月报是“%(expected)s”：请上传本单位本月的模板")
                    % {"label": label, "value": value, "expected": expected},
                )
            )
    header = [cell_text(c) for c in rows[header_at]]
    columns: dict[str, int] = {}
    for col, text in enumerate(header):
        for title, field_name in COLUMNS:
            if text == title:
                columns[field_name or title] = col
    id_col = columns[ID_HEADER]
    known = {line.indicator.pk: line for line in grid}
    seen: dict[int, int] = {}
    for index in range(header_at + 1, len(rows)):
        row = rows[index]
        excel_row = index + 1
        raw_id = cell_text(row[id_col]) if id_col < len(row) else ""
        if not raw_id:
            continue
        if not raw_id.isdigit() or int(raw_id) not in known:
            if any(cell_text(c) for c in row[id_col + 1 :]):
                upload.findings.append(
                    Finding(name, excel_row, column_letter(id_col), _("指标编号“%s”不属于本月报") % raw_id)
                )
            continue
        indicator_id = int(raw_id)
        if indicator_id in seen:
            upload.findings.append(
                Finding(
                    name,
                    excel_row,
                    column_letter(id_col),
                    _("指标编号 %(id)s 重复（第 %(first)s 行已出现）")
                    % {"id": indicator_id, "first": seen[indicator_id]},
                )
            )
            continue
        seen[indicator_id] = excel_row
        line = known[indicator_id]
        entry: dict[str, Any] = {}
        for _title, field_name in COLUMNS:
            if field_name is None or field_name not in columns:
                continue
            col = columns[field_name]
            upload.cells[(indicator_id, field_name)] = (excel_row, column_letter(col))
            if field_name in line.fields:
                entry[field_name] = _raw(row[col]) if col < len(row) else ""
        upload.cells[(indicator_id, "indicator")] = (excel_row, column_letter(id_col))
        upload.entries[indicator_id] = entry
        if PREVIOUS_HEADER in columns:
            _check_previous(upload, line, row, excel_row, columns[PREVIOUS_HEADER])
    return upload


def _check_previous(upload: Upload, line: GridLine, row: list[Any], excel_row: int, col: int) -> None:
    """上月累计 as the file states it against last month's figure now: a revision of last month after the
    download changes the base the filler added to, which the preview says (a warning: the figure typed is
    still the unit's own)."""
    stated = row[col] if col < len(row) else None
    try:
        in_file = parse_number(_raw(stated))
    except ValueError:
        in_file = None
    if in_file == line.previous or (in_file is None and line.previous is None):
        return
    unit = line.unit
    upload.findings.append(
        Finding(
            upload.sheet,
            excel_row,
            column_letter(col),
            _("上月累计已变为 %(now)s（模板中为 %(file)s），请核对本年累计")
            % {
                "now": format_figure(line.previous, unit, with_unit=True, empty=_("空")),
                "file": format_figure(in_file, unit, with_unit=True, empty=_("空")),
            },
            "warning",
        )
    )
