"""Matching both ways (一键直达): the enterprises a policy reaches, and the policies of one enterprise, each
criterion shown met or missed; the 免申即享 proposal with amounts; the figures per unit and department."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, gettext_lazy

from enterprises.models import Enterprise

from .choices import AmountKind, GrantSource, GrantStatus
from .criteria import as_flag, criterion_q, describe, policy_q
from .matching import criterion_met, enterprise_facts
from .models import Disbursement, Policy, PolicyCriterion, PolicyGrant


def active_policies(today: dt.date) -> QuerySet[Policy]:
    return Policy.objects.filter(valid_from__lte=today).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))


def eligible_enterprises(policy: Policy, queryset: QuerySet[Enterprise] | None = None) -> QuerySet[Enterprise]:
    """The enterprises meeting the policy's criteria (one query; the criteria are compiled, not evaluated in Python)."""
    queryset = queryset if queryset is not None else Enterprise.objects.all()
    return queryset.filter(policy_q(list(policy.criteria.all()), policy.combine))


def with_flags(queryset: QuerySet[Enterprise], criteria: list[PolicyCriterion]) -> QuerySet[Enterprise]:
    """Each criterion as a boolean column `c<id>` (met/missed for the rows shown)."""
    from regions.models import Region

    paths = dict(Region.objects.values_list("code", "path"))  # one query for every region criterion
    return queryset.annotate(**{f"c{c.pk}": as_flag(criterion_q(c, paths)) for c in criteria})


@dataclass(frozen=True)
class PolicyMatch:
    policy: Policy
    matched: bool
    checks: list[tuple[str, bool]]  # (criterion described, met)

    @property
    def line(self) -> str:
        """ "2019 亩均 A类 ✓ · 规上 ✓ · 行业 C34 ✗" """
        return " · ".join(f"{text} {'✓' if ok else '✗'}" for text, ok in self.checks)


def policies_for(enterprise: Enterprise, policies: QuerySet[Policy]) -> list[PolicyMatch]:
    """The policies of one enterprise, matched or not, with each criterion met or missed: the policies and their
    criteria (two queries; the criteria grouped here, not by `prefetch_related`, which builds a queryset per
    policy), the enterprise's facts (one small query per kind of fact the criteria read), each criterion checked
    by the pure `matching.criterion_met`."""
    policies_list = list(policies)
    by_policy: dict[int, list[PolicyCriterion]] = {}
    for criterion in PolicyCriterion.objects.filter(policy__in=policies.order_by().values("pk")):
        by_policy.setdefault(criterion.policy_id, []).append(criterion)
    facts = enterprise_facts(enterprise.pk, [c for group in by_policy.values() for c in group])
    found = []
    for policy in policies_list:
        checks = [(describe(c), criterion_met(c, facts)) for c in by_policy.get(policy.pk, [])]
        oks = [ok for _t, ok in checks]
        matched = (all(oks) if policy.combine == "all" else any(oks)) if oks else True
        found.append(PolicyMatch(policy, matched, checks))
    return sorted(found, key=lambda m: (not m.matched, m.policy.pk))


def investment_total() -> Any:
    from projects.models import Project

    total = (
        Project.objects.filter(enterprise=OuterRef("pk"))
        .values("enterprise")
        .annotate(t=Sum("total_investment"))
        .values("t")
    )
    return Coalesce(Subquery(total, output_field=DecimalField(max_digits=16, decimal_places=2)), Value(Decimal(0)))


def grant_amount(policy: Policy, investment: Decimal) -> Decimal | None:
    """The amount a policy gives (万元): fixed, or a percentage of the key-project investment with a cap; None if not computable."""
    if policy.amount_kind == AmountKind.FIXED and policy.amount is not None:
        return policy.amount
    if policy.amount_kind == AmountKind.PERCENT and policy.percent is not None:
        amount = (investment * policy.percent / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return min(amount, policy.cap) if policy.cap is not None else amount
    return None


def automatic_proposal(policy: Policy) -> list[tuple[Enterprise, Decimal]]:
    """For a 免申即享 policy: the eligible enterprises not yet granted, each with its computed amount."""
    if not policy.no_application or policy.amount_kind == AmountKind.NONE:
        return []
    granted = PolicyGrant.objects.filter(policy=policy).values("enterprise_id")
    rows = (
        eligible_enterprises(policy)
        .exclude(pk__in=granted)
        .annotate(investment=investment_total())
        .select_related("region")
    )
    proposal: list[tuple[Enterprise, Decimal]] = []
    for enterprise in rows.order_by("region__path", "pk"):
        amount = grant_amount(policy, enterprise.investment)
        if amount is not None and amount > 0:
            proposal.append((enterprise, amount))
    return proposal


# The groupings of the figures page and its Excel: key → (the grant's field, the payment's field, the label).
# The payments are the one ledger's (grants' and other apps' sources alike), grouped by the row's own policy and unit.
FIGURE_GROUPS: dict[str, tuple[str, str, Any]] = {
    "policy": ("policy__title", "policy__title", gettext_lazy("政策")),
    "department": ("policy__department__name", "policy__department__name", gettext_lazy("发布部门")),
    "unit": ("region__name", "region__name", gettext_lazy("属地单位")),
}


@dataclass(frozen=True)
class PolicyFigures:
    """One row of the figures: a policy, department or unit (or the total) in a year; amounts in 万元."""

    key: str
    applications: int  # applications filed in the year
    approved: int  # grants approved in the year (by review or 免申即享)
    policies: int  # distinct policies approved
    enterprises: int  # distinct enterprises reached
    granted: Decimal  # amount approved
    paid: Decimal  # amount paid in the year

    def as_dict(self) -> dict[str, Any]:
        """For the API: amounts as exact decimal text (never a float)."""
        return {**asdict(self), "granted": f"{self.granted:.2f}", "paid": f"{self.paid:.2f}"}


def _grant_counts(year: int) -> dict[str, Any]:
    approved = Q(status=GrantStatus.GRANTED, decided_on__year=year)
    return {
        "a": Count("pk", filter=Q(source=GrantSource.APPLICATION, created_at__year=year)),
        "n": Count("pk", filter=approved),
        "p": Count("policy", distinct=True, filter=approved),
        "e": Count("enterprise", distinct=True, filter=approved),
        "g": Sum("amount", filter=approved),
    }


def _row(key: str, r: dict[str, Any], paid: Decimal | None) -> PolicyFigures:
    return PolicyFigures(key or "—", r["a"], r["n"], r["p"], r["e"], r["g"] or Decimal(0), paid or Decimal(0))


def figures(
    grants: QuerySet[PolicyGrant], payments: QuerySet[Disbursement], *, by: str, year: int
) -> list[PolicyFigures]:
    """Per policy, department or unit (`FIGURE_GROUPS`): applications filed, grants approved, policies and
    enterprises reached, amounts approved and paid in the year, from the querysets the user may see. Two queries."""
    field, pay_field, _label = FIGURE_GROUPS[by]
    in_year = grants.filter(Q(created_at__year=year) | Q(decided_on__year=year)).order_by()
    rows = {r[field]: r for r in in_year.values(field).annotate(**_grant_counts(year))}
    paid = {
        r[pay_field]: r["s"]
        for r in payments.filter(paid_on__year=year).order_by().values(pay_field).annotate(s=Sum("amount"))
    }
    empty = {"a": 0, "n": 0, "p": 0, "e": 0, "g": None}
    return [_row(k, rows.get(k, empty), paid.get(k)) for k in sorted(rows.keys() | paid.keys(), key=str)]


def figures_total(grants: QuerySet[PolicyGrant], payments: QuerySet[Disbursement], *, year: int) -> PolicyFigures:
    """The total row: distinct policies and enterprises over all groups (not the sum of the rows)."""
    counts = grants.filter(Q(created_at__year=year) | Q(decided_on__year=year)).aggregate(**_grant_counts(year))
    paid = payments.filter(paid_on__year=year).aggregate(s=Sum("amount"))["s"]
    return _row(gettext("合计"), counts, paid)


def summary_sentence(grants: QuerySet[PolicyGrant], payments: QuerySet[Disbursement], year: int) -> str:
    """The notice's sentence: "全年共兑现惠企政策 249 项，涉及 38 个部门，惠及企业 … 家，兑付资金 6.00 亿元。" """
    granted = grants.filter(status=GrantStatus.GRANTED, decided_on__year=year)
    counts = granted.aggregate(
        p=Count("policy", distinct=True),
        d=Count("policy__department", distinct=True),
        e=Count("enterprise", distinct=True),
    )
    paid = payments.filter(paid_on__year=year).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    yi = (paid / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return gettext(
        "%(year)s年共兑现惠企政策%(policies)s项，涉及%(departments)s个部门，惠及企业%(enterprises)s家，"
        "兑付资金%(amount)s亿元。"
    ) % {"year": year, "policies": counts["p"], "departments": counts["d"], "enterprises": counts["e"], "amount": yi}
