"""Importing an official recognition list (认定名单, domain.md §9) through the one pipeline of core/imports.py.

A row names the title, its level, the year, the enterprise (by 统一社会信用代码, or by name matched tolerantly,
matching.py), the date and the document number. Unknown or ambiguous names, codes listed twice, unknown titles
or levels are findings and nothing is written; applying validates again and recognises every row in one
audited transaction (new entries are created as recognised, entries in the library are moved to recognised).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import clock
from core.excel import ImportTemplate
from core.imports import Finding, ImportPlan, Progress, Table, cell_text, find_tables, write_rows
from core.services import require_perm
from enterprises.models import Enterprise

from .choices import ENTRY_TRANSITIONS, Action, EntryStatus, Level
from .matching import NameIndex, normalise_title
from .models import TierEntry, Title

COLUMNS: dict[str, str] = {
    "title": "称号",
    "level": "认定层级",
    "year": "年度",
    "uscc": "统一社会信用代码",
    "name": "企业名称",
    "recognised_on": "认定日期",
    "document_no": "认定文号",
}
LEVELS: dict[str, str] = {
    "国家级": Level.NATIONAL, "国家": Level.NATIONAL, "national": Level.NATIONAL,
    "省级": Level.PROVINCE, "省": Level.PROVINCE, "province": Level.PROVINCE,
    "市级": Level.CITY, "市": Level.CITY, "city": Level.CITY,
}  # fmt: skip
_DATE = re.compile(r"^(\d{4})\D{0,2}(\d{1,2})\D{0,2}(\d{1,2})\D?$")


def parse_date(value: Any) -> dt.date | None:
    """A date cell: an Excel date, or text such as 2021-06-30, 2021.6.30, 2021年6月30日, 20210630."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(cell_text(value).replace(" ", ""))
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


# The recognition-list template (page and API): the importer's headers in order and one example row.
TEMPLATE = ImportTemplate(
    columns=COLUMNS,
    example=lambda: {
        "title": '专精特新"小巨人"',
        "level": "国家级",
        "year": clock.today().year,
        "uscc": "",
        "name": "嘉兴某某科技有限公司",
        "recognised_on": clock.today(),
        "document_no": "工信部企业函〔2021〕197号",
    },
    filename=format_lazy("{}.xlsx", gettext_lazy("认定名单导入模板")),
    sheet=gettext_lazy("认定名单"),
    title=gettext_lazy(
        "认定名单导入模板：每行一家企业；填统一社会信用代码或企业名称（名称允许括号、空格和“有限公司”的写法差异）；"
        "认定层级填国家级、省级或市级。"
    ),
    widths={"name": 24, "document_no": 24},
)


def _title_index() -> dict[str, Title]:
    index: dict[str, Title] = {}
    for title in Title.objects.filter(active=True):
        for text in [title.name, title.code, *title.aliases.replace("；", ";").split(";")]:
            if text.strip():
                index[normalise_title(text)] = title
    return index


def plan_import(source: str | Path | IO[bytes], *, actor: Any, progress: Progress | None = None) -> ImportPlan:
    """Check the first sheet with a 企业名称 or 统一社会信用代码 header; nothing is written."""
    plan = ImportPlan()
    report = progress or (lambda p, m: None)
    sheets = plan.read(source)  # an unreadable file, text that would run as a formula: findings
    if not sheets:
        return plan
    table = next(find_tables(sheets, COLUMNS, [COLUMNS["name"], COLUMNS["uscc"]]), None)
    if table is None:
        plan.findings.append(Finding("", 1, COLUMNS["name"], _("没有找到含“企业名称”或“统一社会信用代码”表头的工作表")))
    else:
        plan.sheet = table.sheet
        plan.findings += table.missing(("title",))
        if not plan.findings:
            _check_rows(plan, table, actor, report)
            report(90, _("校验完成"))
    return plan


def _check_rows(plan: ImportPlan, table: Table, actor: Any, report: Progress) -> None:
    visible = Enterprise.objects.visible_to(actor)
    by_code = dict(visible.values_list("uscc", "pk"))
    names = NameIndex(visible.values_list("pk", "name"))
    titles = _title_index()
    seen_codes: dict[tuple[str, int], int] = {}
    seen: dict[tuple[int, int, int], int] = {}
    for record in table.records(report):
        excel_row, cell = record.row, record.cell

        def bad(key: str, message: str, severity: str = "error", _record: Any = record) -> None:
            plan.findings.append(_record.finding(key, message, severity))

        row: dict[str, Any] = {"row": excel_row, "enterprise_id": None}
        title = titles.get(normalise_title(cell_text(cell("title"))))
        if title is None:
            bad("title", _("未知的称号：%s") % (cell_text(cell("title")) or "（空）"))
        row["title_id"] = title.pk if title else None
        level_text = cell_text(cell("level"))
        level = LEVELS.get(level_text, "") if level_text else ""
        if level_text and not level:
            bad("level", _("未知的认定层级：%s（应为国家级、省级或市级）") % level_text)
        elif title is not None and title.levels and not level:
            bad("level", _("“%s”须填写认定层级") % title)
        elif title is not None and level and level not in title.levels:
            bad("level", _("“%(title)s”没有“%(level)s”层级") % {"title": title, "level": level_text})
        row["level"] = level
        row["recognised_on"] = parse_date(cell("recognised_on"))
        if row["recognised_on"] is None:
            bad("recognised_on", _("认定日期应为日期，如 2021-06-30"))
        year_text = cell_text(cell("year"))
        if year_text:
            row["year"] = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else None
            if row["year"] is None:
                bad("year", _("年度应为四位数字"))
        else:
            row["year"] = row["recognised_on"].year if row["recognised_on"] else None
        row["document_no"] = cell_text(cell("document_no"))[:100]
        code = cell_text(cell("uscc")).upper()
        repeated = False
        company = cell_text(cell("name"))
        if code:
            row["enterprise_id"] = by_code.get(code)
            if row["enterprise_id"] is None:
                bad("uscc", _("企业不存在或不在您的数据范围内：%s") % code)
            if title is not None:
                first = seen_codes.setdefault((code, title.pk), excel_row)
                repeated = first != excel_row
                if repeated:
                    bad(
                        "uscc",
                        _("统一社会信用代码重复（与第 %(row)s 行相同）：%(code)s") % {"row": first, "code": code},
                    )
        elif company:
            found = names.candidates(company)
            if not found:
                bad("name", _("未找到名称对应的企业：%s") % company)
            elif len(found) > 1:
                bad("name", _("名称对应多家企业（%(n)s 家），请填写统一社会信用代码：%(name)s") % {
                    "n": len(found), "name": company})  # fmt: skip
            else:
                row["enterprise_id"] = found[0]
        else:
            bad("name", _("须填写统一社会信用代码或企业名称"))
        key = (row["enterprise_id"], row["title_id"], row["year"])
        if all(key) and not repeated:
            first = seen.setdefault(key, excel_row)  # type: ignore[arg-type]
            if first != excel_row:
                bad("name", _("同一企业同一称号同一年度重复出现（第 %s 行）") % first)
        plan.rows.append(row)
    _check_existing(plan, table.sheet)


def _check_existing(plan: ImportPlan, sheet: str) -> None:
    """Entries already in the library must still allow 认定 (a dropped or expired one is ended)."""
    complete = [r for r in plan.rows if r["enterprise_id"] and r["title_id"] and r["year"]]
    existing = {
        (e.enterprise_id, e.title_id, e.year): e.status
        for e in TierEntry.objects.filter(enterprise_id__in={r["enterprise_id"] for r in complete}).only(
            "enterprise_id", "title_id", "year", "status"
        )
    }
    for row in complete:
        status = existing.get((row["enterprise_id"], row["title_id"], row["year"]))
        if status is not None and Action.RECOGNISE not in ENTRY_TRANSITIONS[status]:
            plan.findings.append(Finding(sheet, row["row"], COLUMNS["name"], _("该企业在培育库中已“%s”，不能再认定") % (
                EntryStatus(status).label)))  # fmt: skip
    plan.updates = sum(1 for r in complete if (r["enterprise_id"], r["title_id"], r["year"]) in existing)
    plan.creates = len(plan.rows) - plan.updates


def apply_import(
    source: str | Path | IO[bytes], *, actor: Any, reason: str, progress: Progress | None = None
) -> ImportPlan:
    """Validate again; without errors recognise every row in one transaction, one history row per entry."""
    require_perm(actor, "tiers.add_tierentry")
    plan = plan_import(source, actor=actor, progress=progress)
    if not plan.ok:
        return plan
    for row in plan.rows:
        row["status"] = EntryStatus.RECOGNISED
    with transaction.atomic():
        write_rows(
            TierEntry, plan.rows, key=("enterprise_id", "title_id", "year"),
            fields=("status", "level", "recognised_on", "document_no"), actor=actor, reason=reason, unchanged_too=True,
        )  # fmt: skip
    return plan
