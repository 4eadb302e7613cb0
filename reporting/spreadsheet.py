"""The Excel template of one report (unit × month): download, fill in, upload (issue #3).

The template looks like the official table: a title, the unit, its code, the report period and
the deadline, one row per indicator. Names, units, kinds and targets are locked cells (the sheet
is protected); only the figures that apply to an indicator's kind are open. Reading it back
checks it is the template of this unit and month and locates every problem by sheet, row and
column; the figures themselves are checked by reporting/validation.py like the grid's.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.utils.translation import gettext as _

from core.excel import open_workbook
from core.imports import Finding, cell_text, column_letter, readable_sheets

from .models import MonthlyReport
from .selectors import GridLine

ID_HEADER = "指标编号"
CODE_LABEL = "单位代码"
PERIOD_LABEL = "报告期"
# Columns of the template: (header, field of the value or None for a locked description column).
COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("序号", None),
    (ID_HEADER, None),
    ("指标名称", None),
    ("计量单位", None),
    ("指标类型", None),
    ("年度目标", None),
    ("本年累计/期末值", "value"),
    ("上年同期（可比口径）", "base_value"),
    ("分子", "numerator"),
    ("分母", "denominator"),
    ("文字说明", "text"),
    ("备注", "note"),
)
HEADER_ROW = 3  # 0-based: title, unit line, blank, header
FIRST_DATA_ROW = HEADER_ROW + 1


def period_code(report: MonthlyReport) -> str:
    return f"{report.year}-{report.month:02d}"


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
    for col, (header, _field) in enumerate(COLUMNS):
        sheet.write(HEADER_ROW, col, header, head)
    widths = (6, 9, 36, 10, 12, 14, 16, 18, 12, 12, 30, 20)
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
        sheet.write(row, 5, line.target.display if line.target else "", locked)
        for col, (_header, name) in enumerate(COLUMNS):
            if name is None:
                continue
            current = line.current(name)
            editable = name in line.fields and not (line.is_computed and name == "value")
            if not editable:
                sheet.write(row, col, _excel_number(current) if name not in ("text", "note") else (current or ""), grey)
            elif name in ("text", "note"):
                sheet.write(row, col, current or "", open_text)
            elif current is None:
                sheet.write_blank(row, col, None, open_number)
            else:
                sheet.write_number(row, col, _excel_number(current), open_number)
        row += 1
    sheet.write(row + 1, 0, _("填表人：              审核人：              联系电话："), info)
    sheet.freeze_panes(FIRST_DATA_ROW, 3)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    book.close()
    return out.getvalue()


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


def read_upload(report: MonthlyReport, source: IO[bytes] | bytes, grid: list[GridLine]) -> Upload:
    """Read a filled-in template of `report`: it must be this unit's and this month's; rows by 指标编号."""
    upload = Upload()
    data = source if isinstance(source, bytes) else source.read()
    sheets, shared = readable_sheets(io.BytesIO(data))  # unreadable file, text that would run as a formula
    upload.findings.extend(shared)
    if shared and not sheets:
        return upload
    if not sheets:
        upload.findings.append(Finding("", 0, "", _("文件中没有工作表")))
        return upload
    name, rows = sheets[0]
    upload.sheet = name
    header_at = next(
        (i for i, r in enumerate(rows) if any(cell_text(c) == ID_HEADER for c in r)),
        None,
    )
    if header_at is None:
        upload.findings.append(Finding(name, 0, "", _("找不到表头“%s”：请使用本系统下载的模板") % ID_HEADER))
        return upload
    _check_identity(upload, rows[:header_at], report)
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
    return upload


def _check_identity(upload: Upload, top: list[list[Any]], report: MonthlyReport) -> None:
    """The template names its unit code and period; a file of another unit or month is refused."""
    found: dict[str, tuple[str, int, int]] = {}
    for r, row in enumerate(top):
        for c, cell in enumerate(row):
            text = cell_text(cell)
            if text in (CODE_LABEL, PERIOD_LABEL) and c + 1 < len(row):
                found[text] = (cell_text(row[c + 1]), r + 1, c + 1)
    for label, expected in ((CODE_LABEL, report.region.code), (PERIOD_LABEL, period_code(report))):
        if label not in found:
            upload.findings.append(Finding(upload.sheet, 0, "", _("模板缺少“%s”：请使用本系统下载的模板") % label))
            continue
        value, at_row, at_col = found[label]
        if value != expected:
            upload.findings.append(
                Finding(
                    upload.sheet,
                    at_row,
                    column_letter(at_col),
                    _("%(label)s为“%(value)s”，本月报是“%(expected)s”：请上传本单位本月的模板")
                    % {"label": label, "value": value, "expected": expected},
                )
            )
