"""The monthly report's Excel upload on the one import pipeline (issue #18, run as the jobs of `jobs.UPLOAD`).

The file says which report it is (单位代码 and 报告期 on its second row): uploaded from a report's page it
must be that report's; uploaded elsewhere (the API, the general upload page) it is the report of that unit
and month among the reports the user may see, and any other is the same finding as a missing one. Each step
reads the file once, reads the report's grid once and checks the figures once: the preview with
`report_check`, the apply with `report_save_values`, which checks again inside its transaction and writes
nothing unless every figure is clean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.imports import Finding, ImportResult
from core.services import require_perm
from core.templatetags.numbers import plain_decimal

from . import services
from .choices import EDITABLE
from .models import MonthlyReport
from .selectors import GridLine, report_grid
from .spreadsheet import CODE_LABEL, PERIOD_LABEL, Book, Upload, open_upload, read_upload, stated_period
from .validation import FIELD_LABELS, parse_number
from .workflow import PERM_EDIT


@dataclass
class ReportUploadResult(ImportResult):
    """The preview (or the apply) of one uploaded template: the report it belongs to, what it would change."""

    report: MonthlyReport | None = None
    entries: dict[int, dict[str, Any]] = field(default_factory=dict)
    changes: list[dict[str, str]] = field(default_factory=list)

    def counts(self) -> dict[str, Any]:
        report = self.report
        return {
            "report": report.pk if report else None,
            "unit": report.region.name if report else "",
            "period": report.period_label if report else "",
            "rows_total": len(self.entries),
            "updates": len(self.changes),
            "sample": self.changes,
        }


def _report_of(book: Book, *, actor: Any, report_id: int | None) -> MonthlyReport | Finding | None:
    """The report the file is for: the one it was uploaded to, or the unit and month it states, in scope."""
    visible = MonthlyReport.objects.visible_to(actor).select_related("region")
    if report_id is not None:
        return visible.filter(pk=report_id).first()
    period = stated_period(book)
    code = book.stated(CODE_LABEL)
    found = visible.filter(region__code=code, year=period[0], month=period[1]).first() if period and code else None
    if found is None:
        return book.finding_at(
            CODE_LABEL,
            _("没有单位代码“%(code)s”%(period)s的月报，或您无权填报：请先在月报报送页打开本月月报")
            % {"code": code, "period": book.stated(PERIOD_LABEL)},
        )
    return found


def _read(
    source: IO[bytes], *, actor: Any, report: int | None
) -> tuple[ReportUploadResult, Upload | None, list[GridLine]]:
    """Read the file and the report's grid once: the result with the reading's findings, the upload, the grid."""
    require_perm(actor, PERM_EDIT)
    book = open_upload(source)
    result = ReportUploadResult(sheet=book.sheet, findings=list(book.findings))
    if not book.readable:
        return result, None, []
    found = _report_of(book, actor=actor, report_id=report)
    if found is None:
        result.findings.append(Finding(book.sheet, 0, "", _("月报不存在")))
        return result, None, []
    if isinstance(found, Finding):
        result.findings.append(found)
        return result, None, []
    result.report = found
    grid = report_grid(found)
    upload = read_upload(found, book, grid)
    result.findings = list(upload.findings)
    result.entries = upload.entries
    if found.status not in EDITABLE:
        result.findings.append(Finding(book.sheet, 0, "", _("“%s”状态的月报不能修改") % found.get_status_display()))
    return result, upload, grid


def plan_report_upload(
    source: IO[bytes], *, actor: Any, progress: Any = None, report: int | None = None
) -> ReportUploadResult:
    """Step one (the preview job): every finding by sheet, row and column, and what would change; no writes."""
    result, upload, grid = _read(source, actor=actor, report=report)
    if upload is None or result.report is None:
        return result
    if result.ok:
        checked, _computed = services.report_check(
            report=result.report, entries=upload.entries, where=upload.where, grid=grid
        )
        result.findings += checked.findings
    result.changes = upload_changes(grid, upload.entries)
    return result


def apply_report_upload(
    source: IO[bytes], *, actor: Any, reason: str, progress: Any = None, report: int | None = None
) -> ReportUploadResult:
    """Step two (the apply job): read and check the same file again and save it in one audited transaction."""
    result, upload, grid = _read(source, actor=actor, report=report)
    if upload is None or result.report is None or not result.ok:
        return result
    try:
        result.findings += services.report_save_values(
            report=result.report, entries=upload.entries, actor=actor, reason=reason, where=upload.where, grid=grid
        )
    except services.ReportInvalid as exc:
        result.findings += exc.findings
    except ValidationError as exc:
        result.findings += [Finding(result.sheet, 0, "", str(message)) for message in exc.messages]
    result.changes = upload_changes(grid, upload.entries)
    return result


def upload_changes(grid: list[GridLine], entries: dict[int, dict[str, Any]]) -> list[dict[str, str]]:
    """What the upload changes, figure by figure: the stored figure (exact) and the file's (as typed)."""
    rows = []
    for line in grid:
        entry = entries.get(line.indicator.pk)
        if not entry:
            continue
        for name, new in entry.items():
            old = line.current(name)
            old_text = "" if old is None else str(plain_decimal(old))
            if str(new or "") != old_text and not (isinstance(old, Decimal) and _same_number(old, new)):
                rows.append(
                    {
                        "indicator": line.indicator.name,
                        "field": str(FIELD_LABELS[name]),
                        "before": old_text,
                        "after": str(new or ""),
                        "action": "update" if old_text else "create",
                    }
                )
    return rows


def _same_number(old: Decimal, new: Any) -> bool:
    try:
        parsed = parse_number(new)
    except ValueError:
        return False
    return parsed is not None and parsed == old
