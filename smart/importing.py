"""Importing the service companies' diagnosis returns (诊断报表, Excel) through the one pipeline of
core/imports.py: a row is one diagnosis (company, enterprise by 统一社会信用代码 or tolerant name, date, kind,
GB/T 39116-2020 levels before and after, findings, a recommended project). An unknown company, an unknown
enterprise, a level outside the standard's five, a bad date or kind are findings and nothing is written."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.history import bulk_create_audited
from core.imports import Finding, ImportPlan, Progress, Table, cell_text, find_tables, read_sheets
from core.services import require_perm
from enterprises.models import Enterprise
from tiers.importing import parse_date
from tiers.matching import NameIndex, normalise

from .choices import Kind, Maturity
from .models import Diagnosis, Recommendation, ServiceCompany

COLUMNS: dict[str, str] = {
    "company": "工程服务公司",
    "uscc": "统一社会信用代码",
    "name": "企业名称",
    "diagnosed_on": "诊断日期",
    "kind": "诊断类型",
    "pilot": "诊断试点",
    "level_before": "诊断前成熟度",
    "level_after": "改造后成熟度",
    "findings": "主要问题",
    "recommendation": "建议项目",
    "investment": "估算投资（万元）",
}
KINDS = {str(label): value for value, label in Kind.choices} | {"智能化工厂": Kind.FACTORY, "数字化车间": Kind.WORKSHOP}
LEVELS = {str(label): value for value, label in Maturity.choices} | {str(v): v for v in Maturity.values}
YES = {"是", "Y", "y", "1"}


def plan_import(source: str | Path | IO[bytes], *, actor: Any, progress: Progress | None = None) -> ImportPlan:
    """Check the first sheet with a 工程服务公司 header; nothing is written. Every row is a new diagnosis."""
    plan = ImportPlan()
    report = progress or (lambda p, m: None)
    table = next(find_tables(read_sheets(source), COLUMNS, [COLUMNS["company"]]), None)
    if table is None:
        plan.findings.append(Finding("", 1, COLUMNS["company"], _("没有找到含“工程服务公司”表头的工作表")))
    else:
        plan.sheet = table.sheet
        plan.findings += table.missing(("company", "diagnosed_on", "kind", "level_before"))
        if not plan.findings:
            _check(plan, table, actor)
            plan.creates = len(plan.rows)
            report(90, _("校验完成"))
    return plan


def _check(plan: ImportPlan, table: Table, actor: Any) -> None:
    visible = Enterprise.objects.visible_to(actor)
    by_code = dict(visible.values_list("uscc", "pk"))
    names = NameIndex(visible.values_list("pk", "name"))
    companies = {normalise(name): pk for pk, name in ServiceCompany.objects.values_list("pk", "name")}
    for record in table.records():
        excel_row, cell = record.row, record.cell

        def bad(key: str, message: str, _record: Any = record) -> None:
            plan.findings.append(_record.finding(key, message))

        row: dict[str, Any] = {"row": excel_row}
        company = cell_text(cell("company"))
        row["company_id"] = companies.get(normalise(company))
        if row["company_id"] is None:
            bad("company", _("未登记的工程服务公司：%s") % (company or "（空）"))
        code, name = cell_text(cell("uscc")).upper(), cell_text(cell("name"))
        found = [by_code[code]] if code in by_code else ([] if code else names.candidates(name))
        if len(found) == 1:
            row["enterprise_id"] = found[0]
        elif len(found) > 1:
            bad("name", _("名称对应多家企业，请填写统一社会信用代码：%s") % name)
        else:
            bad("uscc" if code else "name", _("企业不存在或不在您的数据范围内：%s") % (code or name or "（空）"))
        row["diagnosed_on"] = parse_date(cell("diagnosed_on"))
        if row["diagnosed_on"] is None:
            bad("diagnosed_on", _("诊断日期应为日期，如 2020-05-18"))
        row["kind"] = KINDS.get(cell_text(cell("kind")))
        if row["kind"] is None:
            bad("kind", _("诊断类型应为“数字化车间”或“智能工厂”"))
        for key in ("level_before", "level_after"):
            text = cell_text(cell(key))
            row[key] = LEVELS.get(text) if text else None
            if (text or key == "level_before") and row[key] is None:
                bad(key, _("成熟度“%s”不是 GB/T 39116-2020 的等级（规划级、规范级、集成级、优化级、引领级）") % text)
        if row["level_before"] and row["level_after"] and row["level_after"] < row["level_before"]:
            bad("level_after", _("改造后成熟度不能低于诊断前成熟度"))
        row["pilot"] = cell_text(cell("pilot")) in YES
        row["findings"] = cell_text(cell("findings"))
        row["recommendation"] = cell_text(cell("recommendation"))[:200]
        try:
            row["investment"] = Decimal(cell_text(cell("investment")).replace(",", "") or 0)
        except InvalidOperation:
            bad("investment", _("应为数字"))
            row["investment"] = Decimal(0)
        plan.rows.append(row)


def apply_import(source: str | Path | IO[bytes], *, actor: Any, reason: str,
                 progress: Progress | None = None) -> ImportPlan:  # fmt: skip
    require_perm(actor, "smart.add_diagnosis")
    plan = plan_import(source, actor=actor, progress=progress)
    if not plan.ok:
        return plan
    with transaction.atomic():
        fields = ("company_id", "enterprise_id", "diagnosed_on", "kind", "pilot", "level_before", "level_after",
                  "findings")  # fmt: skip
        diagnoses = bulk_create_audited(
            Diagnosis, [Diagnosis(**{f: r[f] for f in fields}) for r in plan.rows], actor=actor, reason=reason
        )
        recs = [Recommendation(diagnosis=d, name=r["recommendation"], investment=r["investment"])
                for d, r in zip(diagnoses, plan.rows, strict=True) if r["recommendation"]]  # fmt: skip
        bulk_create_audited(Recommendation, recs, actor=actor, reason=reason)
    return plan
