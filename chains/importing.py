"""Importing enterprises on chain segments from Excel (domain.md §11), through the one import pipeline.

calamine reads the sheets; every row is checked (chain and segment by name, the enterprise by USCC in the
actor's scope, the role) and each problem is a finding by sheet, row and column. A preview writes nothing;
an unknown chain, segment or enterprise is an error, so nothing is written until the file is clean. Applying
validates again and writes every row in one audited transaction (new rows created, existing ones updated).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.excel import ImportTemplate
from core.imports import Finding, ImportPlan, Progress, find_tables, write_rows
from core.services import require_perm
from enterprises.models import Enterprise

from .choices import ChainRole
from .models import Chain, ChainEnterprise, Segment

COLUMNS: dict[str, str] = {
    "chain": "产业链",
    "segment": "环节",
    "uscc": "统一社会信用代码",
    "name": "企业名称",
    "role": "角色",
    "products": "主要产品",
}
REQUIRED = ("chain", "segment", "uscc")
ROLES = {str(label): value for value, label in ChainRole.choices} | {v: v for v in ChainRole.values}
ROLES |= {"链主企业": ChainRole.MASTER, "核心": ChainRole.CORE, "配套": ChainRole.CORE, "": ChainRole.GENERAL}


# The import template (page and API): the importer's headers and one example row.
TEMPLATE = ImportTemplate(
    columns=COLUMNS,
    example=lambda: {
        "chain": "光伏",
        "segment": "电池片",
        "uscc": _("（18位统一社会信用代码）"),
        "name": "",
        "role": "链主",
        "products": "N型TOPCon电池片",
    },
    filename=format_lazy("{}.xlsx", gettext_lazy("链上企业导入模板")),
    sheet=gettext_lazy("链上企业"),
    title=gettext_lazy(
        "链上企业导入模板：每行一家企业在一个环节上；产业链、环节须与系统中的名称一致；角色填“链主”“核心配套”或“一般”。"
    ),
    widths={"uscc": 24, "name": 24},
)


def _norm(text: str) -> str:
    return text.replace("（", "(").replace("）", ")").replace(" ", "").strip()


def plan_import(source: str | Path | IO[bytes], *, actor: Any, progress: Progress | None = None) -> ImportPlan:
    """Check every sheet with a 统一社会信用代码 header and an 产业链 column; nothing is written."""
    plan = ImportPlan()
    report = progress or (lambda p, m: None)
    chains = {_norm(name): pk for pk, name in Chain.objects.values_list("pk", "name")}
    segments = {
        (chain_id, _norm(name)): pk for pk, chain_id, name in Segment.objects.values_list("pk", "chain_id", "name")
    }
    found_sheet = False
    seen: dict[tuple[int, int], int] = {}
    sheets = plan.read(source)  # an unreadable file, text that would run as a formula: findings
    if not sheets:
        return plan
    for table in find_tables(sheets, COLUMNS, [COLUMNS["uscc"]]):
        found_sheet = True
        plan.sheet = plan.sheet or table.sheet
        missing = table.missing(REQUIRED)
        plan.findings += missing
        if missing:
            continue
        codes = table.codes("uscc")
        registered = dict(Enterprise.objects.filter(uscc__in=codes).values_list("uscc", "pk"))
        visible = set(Enterprise.objects.visible_to(actor).filter(uscc__in=codes).values_list("uscc", flat=True))  # type: ignore[attr-defined]
        names = dict(Enterprise.objects.filter(uscc__in=codes).values_list("uscc", "name"))
        for record in table.records(report):
            text = record.text

            def bad(key: str, message: str, severity: str = "error", _record: Any = record) -> None:
                plan.findings.append(_record.finding(key, message, severity))

            row: dict[str, Any] = {"row": record.row, "products": text("products")[:200]}
            chain_id = chains.get(_norm(text("chain")))
            if chain_id is None:
                bad("chain", _("未知的产业链：“%s”") % text("chain"))
            segment_id = segments.get((chain_id, _norm(text("segment")))) if chain_id else None
            if chain_id is not None and segment_id is None:
                bad(
                    "segment",
                    _("产业链“%(chain)s”没有环节“%(segment)s”") % {"chain": text("chain"), "segment": text("segment")},
                )
            uscc = text("uscc").upper()
            enterprise_id = registered.get(uscc)
            if enterprise_id is None:
                bad("uscc", _("企业库中没有该统一社会信用代码：%s") % (uscc or "（空）"))
            elif uscc not in visible:
                bad("uscc", _("该企业不在您的数据范围内：只能导入本单位的链上企业（%s）") % uscc)
            elif text("name") and _norm(text("name")) != _norm(names[uscc]):
                bad("name", _("企业名称与企业库不一致（企业库为“%s”），以企业库为准") % names[uscc], "warning")
            role = ROLES.get(text("role"))
            if role is None:
                bad("role", _("角色应为“链主”“核心配套”或“一般”，实际为“%s”") % text("role"))
            row.update(segment_id=segment_id, chain_id=chain_id, enterprise_id=enterprise_id, role=role)
            if segment_id and enterprise_id:
                first = seen.get((segment_id, enterprise_id))
                if first is not None:
                    bad("uscc", _("同一企业在同一环节重复出现（与第 %s 行）") % first)
                seen.setdefault((segment_id, enterprise_id), record.row)
            plan.rows.append(row)
    if not found_sheet:
        plan.findings.append(Finding("", 1, COLUMNS["uscc"], _("没有找到含“统一社会信用代码”表头的工作表")))
    plan.count_existing(ChainEnterprise, ("enterprise_id", "segment_id"))
    report(90, _("校验完成"))
    return plan


def apply_import(
    source: str | Path | IO[bytes], *, actor: Any, reason: str, progress: Progress | None = None
) -> ImportPlan:
    """Validate again; without errors create or update every row in one transaction, a history row each."""
    require_perm(actor, "chains.add_chainenterprise")
    plan = plan_import(source, actor=actor, progress=progress)
    if not plan.ok:
        return plan
    with transaction.atomic():
        write_rows(
            ChainEnterprise, plan.rows, key=("enterprise_id", "segment_id"), fields=("role", "products"),
            create_fields=("chain_id",), actor=actor, reason=reason,
        )  # fmt: skip
    return plan
