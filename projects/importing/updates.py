"""Excel upload of a unit's monthly project updates: template → preview with findings → atomic write.

The template (one per unit and month) lists the unit's projects in the library with their ids;
the unit fills in the month's investment, 形象进度 and the node dates reached. The upload is
checked row by row (every finding names sheet, row and column as Excel shows them) without
writing anything; only a file without errors can be confirmed, and confirming checks again and
writes every row through the update service in ONE transaction, with history naming the user.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import clock
from core.excel import open_workbook
from core.imports import Finding, ImportResult, cell_text, column_letter
from regions.models import Region

from ..calculations import month_end
from ..choices import NODE_ORDER
from ..models import Project, ProjectNode, ProjectUpdate
from ..updates import EDITABLE, PERM_ADD, update_save, ytd_problems

Progress = Callable[[int, str], None]

SHEET = "月度进展"
H_SEQ, H_ID, H_CODE, H_NAME = "序号", "项目ID", "项目代码", "项目名称"
H_MONTH, H_YTD, H_TEXT = "本月完成投资（万元）", "本年累计完成投资（万元）", "形象进度"
NODE_HEADERS = {f"{node.label}实际时间": node.value for node in NODE_ORDER}
HEADERS = [H_SEQ, H_ID, H_CODE, H_NAME, H_MONTH, H_YTD, H_TEXT, *NODE_HEADERS]
HEADER_ROW = 3  # 1: title, 2: 年度/月份/单位, 3: headers, data from 4


@dataclass
class UpdateRow:
    row: int
    project_id: int
    data: dict[str, Any]


@dataclass
class UpdatesPlan(ImportResult):
    """The preview: the rows that would be written and every finding."""

    year: int = 0
    month: int = 0
    unit: str = ""
    rows_total: int = 0
    rows: list[UpdateRow] = field(default_factory=list)
    skipped: int = 0
    applied: bool = False

    def counts(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "month": self.month,
            "unit": self.unit,
            "rows_total": self.rows_total,
            "updates": len(self.rows),
            "skipped": self.skipped,
            "applied": self.applied,
        }


# --- the template ----------------------------------------------------------------------------------------


def updates_template(*, region: Region, year: int, month: int, actor: Any) -> bytes:
    """The unit's workbook for a month: its active projects (in the actor's scope) with this month's figures so far."""
    projects = list(
        Project.objects.visible_to(actor)
        .filter(active=True, region__path__startswith=region.path)
        .order_by("region__path", "-total_investment", "pk")
        .values_list("pk", "code", "name")
    )
    ids = [p[0] for p in projects]
    existing = {u.project_id: u for u in ProjectUpdate.objects.filter(project_id__in=ids, year=year, month=month)}
    actuals: dict[int, dict[str, dt.date | None]] = {}
    for pid, node, actual in ProjectNode.objects.filter(project_id__in=ids, actual_date__isnull=False).values_list(
        "project_id", "node", "actual_date"
    ):
        actuals.setdefault(pid, {})[node] = actual
    buffer = io.BytesIO()
    book = open_workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(SHEET)
    bold = book.add_format({"bold": True})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    money = book.add_format({"num_format": "#,##0.00"})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write(
        0,
        0,
        _("%(unit)s %(year)s年%(month)s月重点项目月度进展") % {"unit": region.name, "year": year, "month": month},
        bold,
    )
    sheet.write_row(1, 0, [_("年度"), year, _("月份"), month, _("单位"), region.name])
    sheet.write_row(HEADER_ROW - 1, 0, HEADERS, header)
    widths = [6, 8, 26, 40, 16, 18, 40] + [14] * len(NODE_HEADERS)
    for i, width in enumerate(widths):
        sheet.set_column(i, i, width)
    for n, (pk, code, name) in enumerate(projects, start=1):
        r = HEADER_ROW - 1 + n
        sheet.write_row(r, 0, [n, pk, code, name])
        update = existing.get(pk)
        if update is not None:
            sheet.write_number(r, 4, float(update.investment_month), money)
            sheet.write_number(r, 5, float(update.investment_ytd), money)
            sheet.write(r, 6, update.progress_text)
        for i, code_ in enumerate(NODE_HEADERS.values()):
            value = actuals.get(pk, {}).get(code_)
            if value is not None and value <= month_end(year, month):
                sheet.write_datetime(r, 7 + i, dt.datetime.combine(value, dt.time.min), date)
    sheet.freeze_panes(HEADER_ROW, 4)
    book.close()
    return buffer.getvalue()


# --- reading and checking ----------------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal:
    text = cell_text(value).replace(",", "")
    if isinstance(value, float):
        text = repr(value)
    result = Decimal(text).quantize(Decimal("0.01"))
    if not result.is_finite():
        raise InvalidOperation
    return result


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value).replace("/", "-").replace(".", "-")
    return dt.date.fromisoformat(text)


def _int(value: Any) -> int:
    return int(Decimal(cell_text(value)))


def plan_updates_import(
    source: str | Path | IO[bytes], *, actor: Any, progress: Progress | None = None, today: dt.date | None = None
) -> UpdatesPlan:
    """Check every row of the workbook against the rules of the update service; write nothing."""
    report = progress or (lambda p, m: None)
    today = today or clock.today()
    plan = UpdatesPlan()
    sheets = plan.read(source)  # unreadable file, text that would run as a formula
    if not sheets:
        return plan
    found = next(((name, rows) for name, rows in sheets if name == SHEET), sheets[0] if sheets else None)
    if found is None:
        plan.findings.append(Finding("", 0, "", _("文件中没有工作表")))
        return plan
    plan.sheet, rows = found

    def bad(row: int, column: str, message: str) -> None:
        plan.findings.append(Finding(plan.sheet, row, column, message))

    if actor is None or not actor.has_perm(PERM_ADD):
        bad(0, "", _("您没有导入月度进展的权限"))
        return plan
    meta = rows[1] if len(rows) > 1 else []
    try:
        plan.year, plan.month = _int(meta[1]), _int(meta[3])
        if not 1 <= plan.month <= 12:
            raise ValueError
    except (IndexError, ValueError, ArithmeticError):
        bad(2, "B/D", _("第2行应写明年度（B2）和月份（D2），请使用下载的模板"))
        return plan
    plan.unit = cell_text(meta[5]) if len(meta) > 5 else ""
    if plan.year * 100 + plan.month > today.year * 100 + today.month:
        bad(2, "D", _("不能导入未来月份的进展"))
        return plan
    headers = [cell_text(h) for h in (rows[HEADER_ROW - 1] if len(rows) >= HEADER_ROW else [])]
    index = {h: i for i, h in enumerate(headers) if h}
    missing = [h for h in (H_ID, H_MONTH) if h not in index]
    if missing:
        bad(HEADER_ROW, "", _("缺少列：%s") % "、".join(missing))
        return plan
    data_rows = rows[HEADER_ROW:]
    plan.rows_total = len(data_rows)
    ids: list[int] = []
    for raw in data_rows:
        try:
            ids.append(_int(raw[index[H_ID]]))
        except (IndexError, ValueError, ArithmeticError):
            continue
    visible = {
        p.pk: p for p in Project.objects.visible_to(actor).filter(pk__in=ids).only("pk", "name", "active", "region_id")
    }
    existing = {
        u.project_id: u for u in ProjectUpdate.objects.filter(project_id__in=ids, year=plan.year, month=plan.month)
    }
    previous = dict(
        ProjectUpdate.objects.filter(project_id__in=ids, year=plan.year, month=plan.month - 1).values_list(
            "project_id", "investment_ytd"
        )
    ) if plan.month > 1 else {}  # fmt: skip
    last_day = month_end(plan.year, plan.month)
    stored: dict[tuple[int, str], dt.date | None] = {
        (pid, node): actual
        for pid, node, actual in ProjectNode.objects.filter(project_id__in=ids, actual_date__isnull=False).values_list(
            "project_id", "node", "actual_date"
        )
    }
    seen: set[int] = set()

    def cell(raw: list[Any], header: str) -> Any:
        i = index.get(header)
        return raw[i] if i is not None and i < len(raw) else None

    def col(header: str) -> str:
        return f"{column_letter(index[header])}（{header}）"

    for offset, raw in enumerate(data_rows):
        excel_row = HEADER_ROW + 1 + offset
        if offset % 200 == 0:
            report(int(100 * offset / max(1, len(data_rows))), _("正在检查第 %d 行") % excel_row)
        filled = [cell_text(cell(raw, h)) for h in (H_MONTH, H_YTD, H_TEXT, *NODE_HEADERS)]
        if not any(filled):
            plan.skipped += 1  # a project the unit did not report this month
            continue
        errors_before = len(plan.findings)
        try:
            pid = _int(cell(raw, H_ID))
        except (ValueError, ArithmeticError):
            bad(excel_row, col(H_ID), _("项目ID应为数字，请勿修改模板中的项目ID"))
            continue
        project = visible.get(pid)
        if project is None:
            bad(excel_row, col(H_ID), _("项目ID %(id)s 不存在或不在您的数据范围内") % {"id": pid})
            continue
        if pid in seen:
            bad(excel_row, col(H_ID), _("同一项目在文件中出现多次"))
            continue
        seen.add(pid)
        if not project.active:
            bad(excel_row, col(H_ID), _("已退库的项目不再填报月度进展"))
        current = existing.get(pid)
        locked = current is not None and current.status not in EDITABLE
        data: dict[str, Any] = {}
        try:
            data["investment_month"] = _decimal(cell(raw, H_MONTH))
            if data["investment_month"] < 0:
                bad(excel_row, col(H_MONTH), _("投资额不能为负数"))
        except (InvalidOperation, ValueError):
            bad(excel_row, col(H_MONTH), _("本月完成投资应为数字（万元）"))
        ytd_text = cell_text(cell(raw, H_YTD)) if H_YTD in index else ""
        if ytd_text:
            try:
                data["investment_ytd"] = _decimal(cell(raw, H_YTD))
            except (InvalidOperation, ValueError):
                bad(excel_row, col(H_YTD), _("本年累计完成投资应为数字（万元）"))
        if "investment_month" in data:
            prev = previous.get(pid)
            ytd = data.get("investment_ytd", (prev or Decimal(0)) + data["investment_month"])
            for name, message in ytd_problems(
                month=plan.month, investment_month=data["investment_month"], investment_ytd=ytd, previous_ytd=prev
            ).items():
                bad(excel_row, col(H_YTD if name == "investment_ytd" and H_YTD in index else H_MONTH), message)
        if H_TEXT in index:
            data["progress_text"] = cell_text(cell(raw, H_TEXT))
        nodes: dict[str, dt.date] = {}
        for header, code in NODE_HEADERS.items():
            value = cell(raw, header)
            if not cell_text(value):
                continue
            try:
                day = _date(value)
            except ValueError:
                bad(excel_row, col(header), _("日期格式应为 2019-05-06"))
                continue
            if day > last_day:
                bad(excel_row, col(header), _("实际时间 %(date)s 晚于本月末") % {"date": day})
                continue
            if stored.get((pid, code)) != day:  # the template repeats dates already recorded
                nodes[code] = day
        if nodes:
            data["nodes"] = nodes
        if locked and current is not None:
            same = (
                data.get("investment_month") == current.investment_month
                and data.get("investment_ytd", current.investment_ytd) == current.investment_ytd
                and data.get("progress_text", current.progress_text) == current.progress_text
                and not nodes
            )
            if same:  # the template's own copy of a submitted update: nothing to write
                del plan.findings[errors_before:]
                plan.skipped += 1
                continue
            status = current.get_status_display()
            bad(excel_row, col(H_ID), _("该月进展已%(status)s，不能通过导入修改") % {"status": status})
        if len(plan.findings) == errors_before:
            plan.rows.append(UpdateRow(excel_row, pid, data))
    report(100, _("检查完成"))
    return plan


class _Rollback(Exception):
    pass


def apply_updates_import(
    source: str | Path | IO[bytes], *, actor: Any, progress: Progress | None = None
) -> UpdatesPlan:
    """Check again (the data may have changed since the preview) and, if clean, write every row in one transaction."""
    report = progress or (lambda p, m: None)
    plan = plan_updates_import(source, actor=actor, progress=lambda p, m: report(p // 2, m))
    if not plan.ok:
        return plan
    projects = Project.objects.in_bulk([r.project_id for r in plan.rows])
    try:
        with transaction.atomic():
            for i, row in enumerate(plan.rows):
                if i % 50 == 0:
                    report(50 + int(50 * i / max(1, len(plan.rows))), _("正在写入第 %d 行") % row.row)
                try:
                    update_save(
                        project=projects[row.project_id], year=plan.year, month=plan.month, data=row.data, actor=actor
                    )
                except ValidationError as exc:
                    plan.findings.append(Finding(plan.sheet, row.row, H_ID, "；".join(exc.messages)))
            if plan.errors:
                raise _Rollback
    except _Rollback:
        return plan  # nothing written
    plan.applied = True
    report(100, _("导入完成"))
    return plan
