"""The 96871 hotline's Excel log as requests (domain.md §10): preview with findings, then one atomic write.

Each row is one call: date, USCC, enterprise name, unit (optional), category, text, contact, complexity.
Unknown enterprises (a caller becomes a provisional enterprise only by a handler's confirmation on the
filing page, never by an import), unknown categories and unknown or mismatching units are findings;
any error blocks the whole file. Deadlines are computed from the call date on the working-day calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

import polars as pl
from django.db import transaction

from core.history import bulk_create_audited
from core.imports import Finding, cell_text, column_letter, read_sheets
from enterprises.models import Enterprise
from regions.matching import RegionMatcher
from regions.models import Region
from workdays.calendar import UnknownYearError
from workdays.selectors import workday_calendar

from .choices import Channel, HopAction
from .models import Appeal, AppealCategory, AppealHop

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
class HotlinePlan:
    sheet: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rows_total: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def summary(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "rows_total": self.rows_total,
            "creates": len(self.rows) if self.ok else 0,
            "updates": 0,
            "errors": self.errors,
            "findings_total": len(self.findings),
            "findings": [f.as_dict() for f in self.findings[:500]],
        }


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


def plan_import(source: IO[bytes], *, progress: Callable[[int, str], None] | None = None) -> HotlinePlan:
    """Read the first sheet with the hotline's headers and check every row; writes nothing."""
    plan = HotlinePlan()
    categories = {c.name: c for c in AppealCategory.objects.filter(active=True)}
    matcher = RegionMatcher(Region.objects.all())
    for sheet, rows in read_sheets(source):
        header_row = next(
            (i for i, row in enumerate(rows[:10]) if COLUMNS["uscc"] in [cell_text(c) for c in row]), None
        )
        if header_row is None:
            continue
        plan.sheet = sheet
        headers = [cell_text(c) for c in rows[header_row]]
        index = {key: headers.index(title) for key, title in COLUMNS.items() if title in headers}
        for key in REQUIRED:
            if key not in index:
                plan.findings.append(Finding(sheet, header_row + 1, COLUMNS[key], f"缺少“{COLUMNS[key]}”列"))
        if not plan.ok:
            return plan
        body = [
            (header_row + 2 + i, row) for i, row in enumerate(rows[header_row + 1 :]) if any(cell_text(c) for c in row)
        ]
        plan.rows_total = len(body)
        usccs = {cell_text(row[index["uscc"]]).upper() for _n, row in body}
        enterprises = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=usccs).select_related("region")}

        def cell(row: list[Any], key: str, index: dict[str, int] = index) -> Any:
            i = index.get(key)
            return row[i] if i is not None and i < len(row) else None

        def where(key: str, index: dict[str, int] = index) -> str:
            return f"{column_letter(index[key])}（{COLUMNS[key]}）" if key in index else COLUMNS[key]

        for number, row in body:
            problems = len(plan.findings)
            filed = _date(cell(row, "date"))
            if filed is None:
                plan.findings.append(Finding(sheet, number, where("date"), "来电日期无法识别"))
            uscc = cell_text(cell(row, "uscc")).upper()
            enterprise = enterprises.get(uscc)
            if enterprise is None:
                plan.findings.append(
                    Finding(
                        sheet,
                        number,
                        where("uscc"),
                        f"企业库中没有统一社会信用代码“{uscc}”（临时企业请在登记页面确认后登记）",
                    )
                )
            category = categories.get(cell_text(cell(row, "category")))
            if category is None:
                plan.findings.append(
                    Finding(sheet, number, where("category"), f"未知的诉求类别“{cell_text(cell(row, 'category'))}”")
                )
            unit = cell_text(cell(row, "unit"))
            if unit:
                match = matcher.match(unit)
                if not match.matched:
                    plan.findings.append(Finding(sheet, number, where("unit"), match.problem))
                elif enterprise is not None and match.region.pk != enterprise.region_id:  # type: ignore[union-attr]
                    plan.findings.append(
                        Finding(sheet, number, where("unit"), f"企业属地为“{enterprise.region.name}”，与“{unit}”不符")
                    )
            complexity = COMPLEXITY.get(cell_text(cell(row, "complexity")))
            if complexity is None:
                plan.findings.append(Finding(sheet, number, where("complexity"), "复杂程度应为“简单”或“复杂”"))
            text = cell_text(cell(row, "text"))
            if not text:
                plan.findings.append(Finding(sheet, number, where("text"), "诉求内容为空"))
            if len(plan.findings) == problems:
                plan.rows.append({
                    "row": number, "filed_on": filed, "enterprise": enterprise, "category": category, "text": text,
                    "complexity": complexity, "contact_name": cell_text(cell(row, "contact_name"))[:40],
                    "contact_phone": cell_text(cell(row, "contact_phone"))[:30],
                })  # fmt: skip
        break
    if not plan.sheet:
        plan.findings.append(Finding("", 1, "", f"没有找到含“{COLUMNS['uscc']}”列的工作表"))
    if plan.rows and plan.ok:
        _deadlines(plan)
    if progress:
        progress(90, "校验完成")
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
        plan.findings.append(Finding(plan.sheet, 0, COLUMNS["date"], f"{exc}年的节假日安排尚未录入，无法计算期限"))
        return
    for row, a, b in zip(plan.rows, accept.to_list(), answer.to_list(), strict=True):
        row["accept_due"], row["answer_due"] = a, b


def apply_import(
    source: IO[bytes], *, actor: Any, reason: str, progress: Callable[[int, str], None] | None = None
) -> HotlinePlan:
    """Check the file again and, without errors, file every row as a hotline request in one transaction."""
    plan = plan_import(source, progress=progress)
    if not plan.ok:
        return plan
    with transaction.atomic():
        counts: dict[dt.date, int] = {}
        appeals = []
        for row in plan.rows:
            filed = row["filed_on"]
            counts[filed] = counts.get(filed) or Appeal.objects.filter(filed_on=filed).count()
            counts[filed] += 1
            enterprise = row["enterprise"]
            appeals.append(Appeal(
                number=f"SQ{filed:%Y%m%d}-{counts[filed]:05d}", enterprise=enterprise, region=enterprise.region,
                channel=Channel.HOTLINE, category=row["category"], complexity=row["complexity"], title=row["text"][:30],
                text=row["text"], contact_name=row["contact_name"], contact_phone=row["contact_phone"], filed_on=filed,
                accept_due=row["accept_due"], answer_due=row["answer_due"], created_by=actor,
            ))  # fmt: skip
        created = bulk_create_audited(Appeal, appeals, actor=actor, reason=reason)
        AppealHop.objects.bulk_create(
            [
                AppealHop(
                    appeal=a,
                    action=HopAction.FILE,
                    actor=actor,
                    from_holder="96871热线",
                    to_holder=a.region.name,
                    reason=reason,
                )
                for a in created
            ]
        )
    return plan
