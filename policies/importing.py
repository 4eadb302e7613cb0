"""Importing the finance department's payment export (拨付明细, domain.md §10) into the disbursement ledger, on the
one import pipeline of core/imports.py.

A row names the policy (by 政策文号, or by 政策名称 when the file has no number), the enterprise (统一社会信用代码,
within the uploader's scope), the amount in 万元 (the unit of the policy figures), the date, the fund source, the
batch and the voucher number. Each is checked against the ledger: the enterprise must hold an approved grant of
the policy, the payments of the file together with those already recorded may not exceed the approved amount, and
a voucher pays once (in the file and in the ledger). Any error: nothing is written. Applying checks again with the
grants locked and writes every payment in one audited transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.db.models import Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import clock
from core.excel import ImportTemplate
from core.history import bulk_create_audited
from core.imports import Finding, ImportPlan, Progress, Record, Table, cell_text, find_tables
from core.services import require_perm
from enterprises.models import Enterprise
from tiers.importing import parse_date  # the one tolerant date reader of the imports (2021.6.30, 2021年6月30日 …)

from .choices import GrantStatus
from .models import Disbursement, Policy, PolicyGrant

COLUMNS: dict[str, str] = {
    "title": "政策名称",
    "document_number": "政策文号",
    "uscc": "统一社会信用代码",
    "name": "企业名称",
    "amount": "拨付金额（万元）",
    "paid_on": "拨付日期",
    "fund_source": "资金来源",
    "batch": "拨付批次",
    "voucher_no": "凭证号",
}
CENT = Decimal("0.01")

TEMPLATE = ImportTemplate(
    columns=COLUMNS,
    example=lambda: {
        "title": "智能化技术改造项目补助",
        "document_number": "嘉经信投资〔2019〕15号",
        "uscc": "91330400MA2B000000",
        "name": "嘉兴某某科技有限公司",
        "amount": 120.5,
        "paid_on": clock.today(),
        "fund_source": "市工业和信息化专项资金",
        "batch": f"{clock.today().year}年第一批",
        "voucher_no": f"CZ{clock.today():%Y%m}0001",
    },
    filename=format_lazy("{}.xlsx", gettext_lazy("政策资金拨付导入模板")),
    sheet=gettext_lazy("拨付明细"),
    title=gettext_lazy(
        "政策资金拨付导入模板：每行一笔拨付；政策按文号识别（无文号时按政策名称），企业按统一社会信用代码识别；"
        "金额单位为万元；企业须已获批该政策，累计拨付不得超过核定金额；凭证号不得重复。"
    ),
    widths={"title": 24, "document_number": 22, "uscc": 22, "name": 24, "fund_source": 20, "voucher_no": 18},
)


@dataclass
class DisbursementPlan(ImportPlan):
    """The preview of a payment file: its rows, and the total it would pay (万元)."""

    total: Decimal = Decimal(0)
    grants: set[int] = field(default_factory=set)

    def counts(self) -> dict[str, Any]:
        return {**super().counts(), "amount_total": f"{self.total:.2f}"}


def plan_import(
    source: str | Path | IO[bytes], *, actor: Any, progress: Progress | None = None, lock: bool = False
) -> DisbursementPlan:
    """Check the first sheet with a 统一社会信用代码 and a 拨付金额 header; nothing is written."""
    plan = DisbursementPlan()
    report = progress or (lambda p, m: None)
    sheets = plan.read(source)  # unreadable file, text that would run as a formula
    if not sheets:
        return plan
    table = next(find_tables(sheets, COLUMNS, [COLUMNS["uscc"], COLUMNS["amount"]]), None)
    if table is None:
        plan.findings.append(
            Finding("", 1, COLUMNS["amount"], _("没有找到含“统一社会信用代码”“拨付金额（万元）”表头的工作表"))
        )
        return plan
    plan.sheet = table.sheet
    plan.findings += table.missing(("uscc", "amount", "paid_on", "voucher_no"))
    if "title" not in table.index and "document_number" not in table.index:
        plan.findings += table.missing(("document_number",), _("须有“政策文号”或“政策名称”列"))
    if plan.ok:
        _check_rows(plan, table, actor, report, lock)
        report(90, _("校验完成"))
    return plan


class _Ledger:
    """What the check needs from the database, read once: policies, the uploader's enterprises, their approved
    grants (locked when applying), what each has been paid and the vouchers already recorded."""

    def __init__(self, table: Table, actor: Any, lock: bool) -> None:
        self.by_number: dict[str, list[Policy]] = defaultdict(list)
        self.by_title: dict[str, list[Policy]] = defaultdict(list)
        for policy in Policy.objects.only("pk", "title", "document_number"):
            self.by_title[policy.title.strip()].append(policy)
            if policy.document_number.strip():
                self.by_number[policy.document_number.strip()].append(policy)
        self.enterprises = dict(
            Enterprise.objects.visible_to(actor).filter(uscc__in=table.codes("uscc")).values_list("uscc", "pk")
        )
        grants = PolicyGrant.objects.filter(enterprise_id__in=self.enterprises.values())
        if lock:
            grants = grants.select_for_update(of=("self",))
        self.grants = {
            (g.policy_id, g.enterprise_id): g for g in grants.only("pk", "policy", "enterprise", "status", "amount")
        }
        self.paid: dict[int, Decimal] = {
            row["grant"]: row["s"]
            for row in Disbursement.objects.filter(grant_id__in=[g.pk for g in self.grants.values()])
            .values("grant")
            .annotate(s=Sum("amount"))
        }
        self.vouchers = set(
            Disbursement.objects.filter(voucher_no__in=_as_is(table, "voucher_no") - {""}).values_list(
                "voucher_no", flat=True
            )
        )

    def policy(self, number: str, title: str) -> tuple[Policy | None, str]:
        """The policy a row names, or why not: by its number (narrowed by the title when several share it)."""
        found = self.by_number.get(number, []) if number else self.by_title.get(title, [])
        if number and len(found) > 1 and title:
            found = [p for p in found if p.title.strip() == title]
        if not found:
            return None, _("未知的政策：%s") % (number or title or _("（空）"))
        if len(found) > 1:
            return None, _("“%s”对应多项政策，请同时填写政策名称") % (number or title)
        return found[0], ""


def _as_is(table: Table, key: str) -> set[str]:
    """Every value of a column as written (voucher numbers keep their case)."""
    i = table.index.get(key)
    return {cell_text(r[i]) for r in table.body if i is not None and len(r) > i}


def _amount(text: str) -> Decimal | None:
    """An amount in 万元: a positive number with at most two decimals (thousands separators allowed)."""
    try:
        value = Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None
    if not value.is_finite() or value <= 0 or value != value.quantize(CENT) or value >= Decimal("1e12"):
        return None
    return value


def _check_rows(plan: DisbursementPlan, table: Table, actor: Any, report: Progress, lock: bool) -> None:
    ledger = _Ledger(table, actor, lock)
    today = clock.today()
    running: dict[int, Decimal] = {}
    vouchers: dict[str, int] = {}
    for record in table.records(report):
        row = _check_row(record, ledger, plan, today)
        voucher = record.text("voucher_no")
        if not voucher:
            plan.findings.append(record.finding("voucher_no", _("须填写凭证号")))
        elif voucher in ledger.vouchers:
            plan.findings.append(record.finding("voucher_no", _("凭证号已登记过兑付：%s") % voucher))
        elif voucher in vouchers:
            plan.findings.append(record.finding("voucher_no", _("凭证号重复（与第 %(row)s 行相同）：%(no)s") % {
                "row": vouchers[voucher], "no": voucher}))  # fmt: skip
        vouchers.setdefault(voucher, record.row)
        grant: PolicyGrant | None = row.pop("grant")
        if grant is not None and row["amount"] is not None:
            paid = running.get(grant.pk, ledger.paid.get(grant.pk) or Decimal(0))
            if paid + row["amount"] > grant.amount:
                plan.findings.append(record.finding("amount", _(
                    "累计拨付将超过核定金额：核定 %(approved)s 万元，已拨付 %(paid)s 万元，本行 %(amount)s 万元") % {
                        "approved": f"{grant.amount:.2f}", "paid": f"{paid:.2f}", "amount": f"{row['amount']:.2f}"}))  # fmt: skip
            running[grant.pk] = paid + row["amount"]
            row["grant_id"] = grant.pk
            plan.grants.add(grant.pk)
        row["voucher_no"] = voucher[:60]
        plan.rows.append(row)
        plan.total += row["amount"] or 0
    plan.creates = len(plan.rows)


def _check_row(record: Record, ledger: _Ledger, plan: DisbursementPlan, today: dt.date) -> dict[str, Any]:
    """One row's policy, enterprise, grant, amount and date (the voucher and the totals are checked by the caller)."""

    def bad(key: str, message: str) -> None:
        plan.findings.append(record.finding(key, message))

    text = record.text
    row: dict[str, Any] = {"row": record.row, "grant": None, "grant_id": None}
    policy, why = ledger.policy(text("document_number"), text("title"))
    if policy is None:
        bad("document_number" if text("document_number") else "title", why)
    uscc = text("uscc").upper()
    enterprise_id = ledger.enterprises.get(uscc)
    if enterprise_id is None:
        bad("uscc", _("企业不存在或不在您的数据范围内：%s") % (uscc or _("（空）")))
    if policy is not None and enterprise_id is not None:
        grant = ledger.grants.get((policy.pk, enterprise_id))
        if grant is None or grant.status != GrantStatus.GRANTED:
            bad("uscc", _("该企业没有“%s”的已批准兑现记录") % policy.title)
        else:
            row["grant"] = grant
    row["amount"] = _amount(text("amount"))
    if row["amount"] is None:
        bad("amount", _("拨付金额应为大于 0 的数字（万元，最多两位小数）：%s") % (text("amount") or _("（空）")))
    row["paid_on"] = parse_date(record.cell("paid_on"))
    if row["paid_on"] is None:
        bad("paid_on", _("拨付日期应为日期，如 2021-06-30：%s") % (text("paid_on") or _("（空）")))
    elif row["paid_on"] > today:
        bad("paid_on", _("拨付日期晚于今天：%s") % row["paid_on"].isoformat())
    row["fund_source"] = text("fund_source")[:60]
    row["batch"] = text("batch")[:40]
    return row


def apply_import(
    source: str | Path | IO[bytes], *, actor: Any, reason: str, progress: Progress | None = None
) -> DisbursementPlan:
    """Check again with the grants locked; without errors record every payment in one transaction, one history row
    each naming the user and the file."""
    require_perm(actor, "policies.add_disbursement")
    with transaction.atomic():
        plan = plan_import(source, actor=actor, progress=progress, lock=True)
        if plan.ok:
            grants = PolicyGrant.objects.select_related("enterprise").in_bulk({r["grant_id"] for r in plan.rows})
            payments = [
                Disbursement.of_grant(grants[r["grant_id"]], amount=r["amount"], paid_on=r["paid_on"],
                                      fund_source=r["fund_source"], batch=r["batch"], voucher_no=r["voucher_no"])
                for r in plan.rows
            ]  # fmt: skip
            bulk_create_audited(Disbursement, payments, actor=actor, reason=reason)
    return plan
