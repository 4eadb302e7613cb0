"""The 96871 hotline's Excel log as requests (domain.md §10): preview with findings, then one atomic write.

Each row is one call: date, USCC, enterprise name, unit (optional), category, text, contact, complexity.
Unknown enterprises (a caller becomes a provisional enterprise only by a handler's confirmation on the
filing page, never by an import), unknown categories and unknown or mismatching units are findings;
any error blocks the whole file. Deadlines are computed from the call date on the working-day calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any, ClassVar

import polars as pl
from django.db import transaction
from django.utils.translation import gettext as _

from core.actors import user_of
from core.history import bulk_create_audited
from core.imports import Finding, ImportPlan, cell_text, find_tables
from core.services import require_perm
from enterprises.models import Enterprise
from regions.matching import RegionMatcher
from regions.models import Region
from workdays.calendar import UnknownYearError
from workdays.selectors import workday_calendar

from .choices import Channel, HopAction
from .models import Appeal, AppealCategory, AppealHop
from .services import appeal_number, day_serial

# key → header as the hotline's export writes it
COLUMNS = {
    "date": "来电日期",
    "uscc": "统一社会信用代码",
    "name": "企业名称",
    "unit": "所属单位",
    "category": "诉求类别",
    "text": "诉求内容",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
    "complexity": "复杂程度",
}
REQUIRED = ("date", "uscc", "category", "text")
COMPLEXITY = {"": "simple", "简单": "simple", "复杂": "complex"}


@dataclass
class HotlinePlan(ImportPlan):
    """The preview: the requests the log would file (all or none) and every finding."""

    rows_total: int = 0  # the log's calls, those with findings included
    max_findings: ClassVar[int] = 500

    def counts(self) -> dict[str, Any]:
        return {"rows_total": self.rows_total, "creates": len(self.rows) if self.ok else 0, "updates": 0}


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value).replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def plan_import(
    source: IO[bytes], *, actor: Any = None, progress: Callable[[int, str], None] | None = None
) -> HotlinePlan:
    """Read the first sheet with the hotline's headers and check every row; writes nothing. The log is the
    city's: its enterprises are looked up in the whole registry, whoever uploads it (`actor` is not needed)."""
    plan = HotlinePlan()
    categories = {c.name: c for c in AppealCategory.objects.filter(active=True)}
    matcher = RegionMatcher(Region.objects.all())
    sheets = plan.read(source)  # an unreadable file, text that would run as a formula: findings
    if not sheets:
        return plan
    for table in find_tables(sheets, COLUMNS, [COLUMNS["uscc"]]):
        plan.sheet = table.sheet
        plan.findings += table.missing(REQUIRED, _("缺少必需的列“%s”"))
        if not plan.ok:
            return plan
        records = list(table.records())
        plan.rows_total = len(records)
        enterprises = {
            e.uscc: e for e in Enterprise.objects.filter(uscc__in=table.codes("uscc")).select_related("region")
        }
        for record in records:
            problems = len(plan.findings)
            filed = _date(record.cell("date"))
            if filed is None:
                plan.findings.append(record.finding("date", _("来电日期无法识别")))
            uscc = record.text("uscc").upper()
            enterprise = enterprises.get(uscc)
            if enterprise is None:
                plan.findings.append(
                    record.finding(
                        "uscc",
                        _("企业库中没有统一社会信用代码“%s”（临时企业请在登记页面确认后登记）") % uscc,
                    )
                )
            category = categories.get(record.text("category"))
            if category is None:
                plan.findings.append(record.finding("category", _("未知的诉求类别“%s”") % record.text("category")))
            unit = record.text("unit")
            if unit:
                match = matcher.match(unit)
                if not match.matched:
                    plan.findings.append(record.finding("unit", match.problem))
                elif enterprise is not None and match.region.pk != enterprise.region_id:  # type: ignore[union-attr]
                    plan.findings.append(
                        record.finding(
                            "unit",
                            _("企业属地为“%(region)s”，与“%(unit)s”不符")
                            % {"region": enterprise.region.name, "unit": unit},
                        )
                    )
            complexity = COMPLEXITY.get(record.text("complexity"))
            if complexity is None:
                plan.findings.append(record.finding("complexity", _("复杂程度应为“简单”或“复杂”")))
            text = record.text("text")
            if not text:
                plan.findings.append(record.finding("text", _("诉求内容为空")))
            if len(plan.findings) == problems:
                plan.rows.append({
                    "row": record.row, "filed_on": filed, "enterprise": enterprise, "category": category, "text": text,
                    "complexity": complexity, "contact_name": record.text("contact_name")[:40],
                    "contact_phone": record.text("contact_phone")[:30],
                })  # fmt: skip
        break
    if not plan.sheet:
        plan.findings.append(Finding("", 1, "", _("没有找到含“统一社会信用代码”表头的工作表")))
    if plan.rows and plan.ok:
        _deadlines(plan)
    if progress:
        progress(90, _("校验完成"))
    return plan


def _deadlines(plan: HotlinePlan) -> None:
    """Accept and answer deadlines for every row, by the calendar's column functions; an unknown year is a finding."""
    calendar = workday_calendar()
    starts = pl.Series([r["filed_on"] for r in plan.rows], dtype=pl.Date)
    try:
        accept = calendar.add_workdays_series(starts, pl.Series([r["category"].accept_days for r in plan.rows]))
        answer = calendar.add_workdays_series(
            starts,
            pl.Series(
                [
                    r["category"].complex_days if r["complexity"] == "complex" else r["category"].simple_days
                    for r in plan.rows
                ]
            ),
        )
    except UnknownYearError as exc:
        plan.findings.append(
            Finding(plan.sheet, 0, COLUMNS["date"], _("%(years)s年的节假日安排尚未录入") % {"years": exc})
        )
        return
    for row, a, b in zip(plan.rows, accept.to_list(), answer.to_list(), strict=True):
        row["accept_due"], row["answer_due"] = a, b


def apply_import(
    source: IO[bytes], *, actor: Any, reason: str, progress: Callable[[int, str], None] | None = None
) -> HotlinePlan:
    """Check the file again and, without errors, file every row as a hotline request in one transaction."""
    require_perm(actor, "appeals.add_appeal")
    plan = plan_import(source, progress=progress)
    if not plan.ok:
        return plan
    with transaction.atomic():
        counts: dict[dt.date, int] = {}
        appeals = []
        for row in plan.rows:
            filed = row["filed_on"]
            counts[filed] = counts.get(filed) or day_serial(filed)
            counts[filed] += 1
            enterprise = row["enterprise"]
            appeals.append(Appeal(
                number=appeal_number(filed, counts[filed]), enterprise=enterprise, region=enterprise.region,
                channel=Channel.HOTLINE, category=row["category"], complexity=row["complexity"], title=row["text"][:30],
                text=row["text"], contact_name=row["contact_name"], contact_phone=row["contact_phone"], filed_on=filed,
                accept_due=row["accept_due"], answer_due=row["answer_due"], created_by=user_of(actor),
            ))  # fmt: skip
        created = bulk_create_audited(Appeal, appeals, actor=actor, reason=reason)
        AppealHop.objects.bulk_create(
            [
                AppealHop(
                    appeal=a,
                    action=HopAction.FILE,
                    actor=user_of(actor),
                    from_holder="96871热线",
                    to_holder=a.region.name,
                    reason=reason,
                )
                for a in created
            ]
        )
    return plan
