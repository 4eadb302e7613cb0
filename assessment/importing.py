"""Importing a department duty table (部门责任分解表, domain.md §5) through the one pipeline of core/imports.py.

A row is one duty of a plan: its text (工作任务), the departments answering for it (牵头单位; 配合单位 for the
cooperating ones; several in a cell separated by 、，；) and the plan's indicators it serves (相关指标). A
department is found by its name or short name as notices write it: "市经信局" is the city's, "海宁市经信局" the
county's (the region's name in front, or 市 for the plan's own level). Unknown or ambiguous departments, unknown
plans or indicators are findings located by sheet, row and column, and nothing is written; applying checks again
and creates or updates every duty in one transaction through the duty services (one history record each).

The table comes as Excel or as Word (.docx: its tables read by python-docx, each a sheet 表1, 表2 …), as notices
attach it either way. A table without a 计划 column (the notice's own duty table names no plan) takes the plan
chosen on the upload form for every row; a row's own 计划 cell, where there is one, wins.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.excel import ImportTemplate
from core.imports import (
    Finding,
    ImportPlan,
    Progress,
    Record,
    Table,
    column_letter,
    find_tables,
    formula_text_findings,
    readable_sheets,
)
from core.services import require_perm
from regions.choices import DepartmentLevel
from regions.models import Department
from targets.models import Indicator, Plan

from . import services
from .choices import DutyRole
from .models import Duty

COLUMNS: dict[str, str] = {
    "plan": "计划",
    "text": "工作任务",
    "lead": "牵头单位",
    "cooperating": "配合单位",
    "indicators": "相关指标",
}
REQUIRED = ("text", "lead")  # and 计划, unless a plan is chosen on the upload form
# Headers duty tables write for the same columns (a Word notice's table is not the system's template).
HEADER_ALIASES = {
    "重点任务": "工作任务",
    "主要任务": "工作任务",
    "工作内容": "工作任务",
    "责任单位": "牵头单位",
    "牵头部门": "牵头单位",
    "责任部门": "牵头单位",
    "配合部门": "配合单位",
    "协同单位": "配合单位",
    "协作单位": "配合单位",
    "对应指标": "相关指标",
    "涉及指标": "相关指标",
}
_SEPARATORS = re.compile(r"[、，,；;\n]+")
_SPACES = re.compile(r"\s+")

TEMPLATE = ImportTemplate(
    columns=COLUMNS,
    example=lambda: {
        "plan": "嘉经信投资〔2019〕15号",
        "text": "牵头推进重大产业项目前期工作，确保工业投资目标完成",
        "lead": "市发改委",
        "cooperating": "市经信局、市自然资源和规划局",
        "indicators": "工业投资、技术改造投资",
    },
    filename=format_lazy("{}.xlsx", gettext_lazy("部门责任分解表导入模板")),
    sheet=gettext_lazy("部门责任"),
    title=gettext_lazy(
        "部门责任分解表导入模板：每行一项工作任务；计划填文号或标题；牵头单位、配合单位可填多个部门，用顿号分隔；"
        "相关指标填本计划的指标名称。"
    ),
    widths={"plan": 24, "text": 48, "lead": 20, "cooperating": 28, "indicators": 24},
)


def _compact(text: str) -> str:
    return _SPACES.sub("", text)


class DepartmentIndex:
    """Departments by the names a duty table writes: full name, short name, and the city's without the city.

    A city department "嘉兴市经济和信息化局" (简称 "市经信局") is found as either, and as "经济和信息化局" or
    "市经济和信息化局"; a county's "海宁市经济和信息化局" as its full or short name. A name that fits several
    departments is ambiguous, never guessed.
    """

    def __init__(self, departments: list[Department]) -> None:
        self.by_key: dict[str, set[int]] = {}
        self.departments = {d.pk: d for d in departments}
        for d in departments:
            names = {d.name, d.short_name}
            for name in list(names):
                if name and d.region.name and name.startswith(d.region.name):
                    bare = name[len(d.region.name) :]
                    names |= {bare, "市" + bare} if d.level == DepartmentLevel.CITY else set()
            for name in names:
                if name:
                    self.by_key.setdefault(_compact(name), set()).add(d.pk)

    def candidates(self, name: str) -> list[Department]:
        return [self.departments[pk] for pk in sorted(self.by_key.get(_compact(name), ()))]


def _plans(actor: Any) -> dict[str, list[Plan]]:
    index: dict[str, list[Plan]] = {}
    for plan in Plan.objects.visible_to(actor).only("pk", "title", "document_number"):
        for key in {plan.title, plan.document_number}:
            if key:
                index.setdefault(_compact(key), []).append(plan)
    return index


def _is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def read_duty_sheets(source: str | Path | IO[bytes]) -> tuple[list[tuple[str, list[list[Any]]]], list[Finding]]:
    """The file's sheets: an Excel workbook's (core's `readable_sheets`), or a Word document's tables (表1, 表2 …,
    merged cells repeated over their span by python-docx), with the findings every import shares."""
    from targets.importing.readers import UnreadableFile, read_docx

    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source.read()
    if not _is_docx(data):
        return readable_sheets(io.BytesIO(data))
    try:
        tables = read_docx(io.BytesIO(data))
    except UnreadableFile as exc:
        return [], [Finding("", 0, "", str(exc))]
    sheets = [(str(t.name), [list(row) for row in t.cells]) for t in tables]
    findings: list[Finding] = []
    for name, rows in sheets:
        findings += formula_text_findings(
            name, ((r, ((column_letter(c), v) for c, v in enumerate(row))) for r, row in enumerate(rows, start=1))
        )
    if not sheets:
        findings.append(Finding("", 0, "", _("Word 文件中没有表格")))
    return sheets, findings


def _with_known_headers(sheets: list[tuple[str, list[list[Any]]]]) -> list[tuple[str, list[list[Any]]]]:
    """The sheets with other duty tables' headers (责任单位, 重点任务 …) read as the template's."""
    out = []
    for name, rows in sheets:
        head = [
            [HEADER_ALIASES.get(_compact(str(c or "")), c) if isinstance(c, str) else c for c in row]
            for row in rows[:10]
        ]
        out.append((name, head + rows[10:]))
    return out


def plan_import(
    source: str | Path | IO[bytes], *, actor: Any, progress: Progress | None = None, plan_id: Any = None
) -> ImportPlan:
    """Check the first sheet (or Word table) with a 工作任务 header; nothing is written.

    `plan_id`: the plan chosen on the upload form, for rows without a 计划 (a table without the column).
    """
    plan = ImportPlan()
    report = progress or (lambda p, m: None)
    sheets, shared = read_duty_sheets(source)  # unreadable file, text that would run as a formula
    plan.findings += shared
    if not sheets:
        return plan
    table = next(find_tables(_with_known_headers(sheets), COLUMNS, [COLUMNS["text"]]), None)
    if table is None:
        plan.findings.append(Finding(sheets[0][0], 1, COLUMNS["text"], _("没有找到含“工作任务”表头的工作表或表格")))
        return plan
    plan.sheet = table.sheet
    chosen = _chosen_plan(plan_id, actor)
    plan.findings += table.missing(REQUIRED)
    if chosen is None and "plan" not in table.index:
        plan.findings.append(
            Finding(
                table.sheet,
                table.header_row,
                COLUMNS["plan"],
                _("表中没有“计划”列：请在上传时选择这些工作任务所属的计划"),
            )
        )
    if plan.ok:
        _check_rows(plan, table, actor, report, chosen)
        report(90, _("校验完成"))
    return plan


def _chosen_plan(plan_id: Any, actor: Any) -> Plan | None:
    if plan_id in (None, ""):
        return None
    try:
        return Plan.objects.visible_to(actor).get(pk=int(plan_id))
    except (ValueError, TypeError, Plan.DoesNotExist):
        return None


def _check_rows(plan: ImportPlan, table: Table, actor: Any, report: Progress, chosen: Plan | None = None) -> None:
    plans = _plans(actor)  # the chosen plan is among them (it is one the user sees)
    departments = DepartmentIndex(list(Department.objects.visible_to(actor).select_related("region")))
    indicators: dict[tuple[int, str], int] = {}
    for pk, of_plan, name in Indicator.objects.filter(plan__in={p.pk for ps in plans.values() for p in ps}).values_list(
        "pk", "plan_id", "name"
    ):
        indicators[(of_plan, _compact(name))] = pk
    seen: dict[tuple[int, int, str], int] = {}
    for order, record in enumerate(table.records(report), start=1):
        found_plan = chosen if chosen is not None and not record.text("plan") else _plan_of(plan, record, plans)
        text = record.text("text")
        if not text:
            plan.findings.append(record.finding("text", _("须填写工作任务")))
        indicator_ids = _indicators_of(plan, record, found_plan, indicators)
        for key, role in (("lead", DutyRole.LEAD), ("cooperating", DutyRole.COOPERATING)):
            names = [n for n in _SEPARATORS.split(record.text(key)) if n.strip()]
            if key == "lead" and not names:
                plan.findings.append(record.finding(key, _("须填写牵头单位")))
            for name in names:
                department = _department_of(plan, record, key, name.strip(), departments)
                if department is None or found_plan is None or not text:
                    continue
                duty_key = (found_plan.pk, department.pk, text)
                first = seen.setdefault(duty_key, record.row)
                if first != record.row:
                    plan.findings.append(
                        record.finding(
                            key, _("“%(name)s”的这项工作任务与第 %(row)s 行重复") % {"name": name, "row": first}
                        )
                    )
                    continue
                plan.rows.append({"row": record.row, "plan": found_plan.pk, "department": department.pk,
                                  "text": text, "role": str(role), "order": order, "indicators": indicator_ids})  # fmt: skip
    _count_existing(plan)


def _plan_of(plan: ImportPlan, record: Record, plans: dict[str, list[Plan]]) -> Plan | None:
    name = record.text("plan")
    found = plans.get(_compact(name), [])
    if not name:
        plan.findings.append(record.finding("plan", _("须填写计划的文号或标题")))
    elif not found:
        plan.findings.append(record.finding("plan", _("未找到计划或不在您的数据范围内：%s") % name))
    elif len(found) > 1:
        plan.findings.append(record.finding("plan", _("标题对应多个计划，请填写文号：%s") % name))
    else:
        return found[0]
    return None


def _department_of(
    plan: ImportPlan, record: Record, key: str, name: str, departments: DepartmentIndex
) -> Department | None:
    found = departments.candidates(name)
    if not found:
        plan.findings.append(record.finding(key, _("未找到部门或不在您的数据范围内：%s") % name))
    elif len(found) > 1:
        regions = "、".join(d.region.name for d in found)
        plan.findings.append(
            record.finding(
                key, _("“%(name)s”对应多个部门（%(regions)s），请写全称") % {"name": name, "regions": regions}
            )
        )
    else:
        return found[0]
    return None


def _indicators_of(
    plan: ImportPlan, record: Record, found_plan: Plan | None, indicators: dict[tuple[int, str], int]
) -> list[int]:
    """The plan's indicators a cell names, separated by 、 or ；. A name may hold 、 itself ("数字经济核心产业、
    高端装备产业投资占比"): the longest run of parts that names an indicator is taken first."""
    parts = [p.strip() for p in re.split(r"([、，,；;\n])", record.text("indicators"))]
    names, separators = parts[0::2], parts[1::2]
    ids: list[int] = []
    start = 0
    while found_plan is not None and start < len(names):
        for end in range(len(names), start, -1):
            joined = "".join(
                n + (separators[i] if i < end - 1 else "") for i, n in enumerate(names) if start <= i < end
            )
            pk = indicators.get((found_plan.pk, _compact(joined)))
            if pk is not None:
                ids.append(pk)
                start = end
                break
        else:
            if names[start]:
                plan.findings.append(record.finding("indicators", _("计划中没有指标“%s”") % names[start]))
            start += 1
    return ids


def _count_existing(plan: ImportPlan) -> None:
    """A duty already in the plan (same department, same text) is updated; the others are created."""
    keys = {(r["plan"], r["department"], r["text"]) for r in plan.rows}
    existing = _existing(keys)
    plan.updates = sum(1 for k in keys if k in existing)
    plan.creates = len(plan.rows) - plan.updates


def _existing(keys: set[tuple[int, int, str]]) -> dict[tuple[int, int, str], Duty]:
    if not keys:
        return {}
    match = Q()
    for plan_id, department_id, _text in keys:
        match |= Q(plan_id=plan_id, department_id=department_id)
    return {(d.plan_id, d.department_id, d.text): d for d in Duty.objects.filter(match)}


def apply_import(
    source: str | Path | IO[bytes], *, actor: Any, progress: Progress | None = None, plan_id: Any = None
) -> ImportPlan:
    """Validate again; without errors create or update every duty in one transaction through the duty services."""
    require_perm(actor, "assessment.add_duty")
    plan = plan_import(source, actor=actor, progress=progress, plan_id=plan_id)
    if not plan.ok:
        return plan
    plans = {p.pk: p for p in Plan.objects.filter(pk__in={r["plan"] for r in plan.rows})}
    departments = {d.pk: d for d in Department.objects.filter(pk__in={r["department"] for r in plan.rows})}
    chosen = {i.pk: i for i in Indicator.objects.filter(pk__in={i for r in plan.rows for i in r["indicators"]})}
    with transaction.atomic():
        existing = _existing({(r["plan"], r["department"], r["text"]) for r in plan.rows})
        for row in plan.rows:
            data = {
                "plan": plans[row["plan"]],
                "department": departments[row["department"]],
                "text": row["text"],
                "role": row["role"],
                "order": row["order"],
                "indicators": [chosen[i] for i in row["indicators"]],
            }
            duty = existing.get((row["plan"], row["department"], row["text"]))
            if duty is None:
                services.duty_create(data=data, actor=actor)
            else:
                services.duty_update(duty=duty, data=data, actor=actor)
    return plan
