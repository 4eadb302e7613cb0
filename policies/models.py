"""Policies (惠企政策, domain.md §10): the policy, its eligibility criteria as data, grants and disbursements.

Criteria are rows (kind + values), compiled to ORM queries by `criteria.py`; no free code, no eval. A
policy marked 免申即享 whose criteria and amount are computable is granted by the city's confirmation of
the proposed list; other policies take applications (unit review → department review).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import actor_field
from core.models import AttachmentModel, AuditedModel
from core.scope import ScopeRule

from .choices import AmountKind, Combine, CriterionKind, GrantSource, GrantStatus


def _money(label: Any, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(label, max_digits=14, decimal_places=2, **kwargs)  # type: ignore[arg-type]


class Policy(AuditedModel):
    """One policy item: who issued it, its document, validity, benefit, amount rule and eligibility."""

    title = models.CharField(_("政策名称"), max_length=200)
    department = models.ForeignKey(
        "regions.Department", verbose_name=_("发布部门"), on_delete=models.PROTECT, related_name="policies"
    )
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    valid_from = models.DateField(_("有效期起"))
    valid_to = models.DateField(_("有效期止"), null=True, blank=True)
    benefit = models.TextField(_("政策内容"), blank=True)
    combine = models.CharField(_("条件组合"), max_length=4, choices=Combine.choices, default=Combine.ALL)
    no_application = models.BooleanField(_("免申即享"), default=False)
    amount_kind = models.CharField(_("金额规则"), max_length=8, choices=AmountKind.choices, default=AmountKind.NONE)
    amount = _money(_("固定金额（万元）"), null=True, blank=True)
    percent = models.DecimalField(_("比例（%）"), max_digits=6, decimal_places=2, null=True, blank=True)
    cap = _money(_("封顶（万元）"), null=True, blank=True)
    attachment = models.FileField(_("政策文件"), upload_to="policies/%Y/", blank=True)

    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("惠企政策")
        ordering = ["-valid_from", "pk"]


class PolicyAttachment(AttachmentModel):
    """A file published with a policy beside its document (申报指南, 申报表, 实施细则 …): public like the policy, added
    and removed by those who keep the policy library; served through the scoped file view."""

    policy = models.ForeignKey(Policy, verbose_name=_("政策"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to="policies/%Y/")

    shown_on = "policy"
    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("政策附件")
        ordering = ["policy", "pk"]


class PolicyCriterion(AuditedModel):
    """One eligibility condition: a kind and its values (codes, classes, titles) or a minimum, per kind."""

    policy = models.ForeignKey(Policy, verbose_name=_("政策"), on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField(_("条件类型"), max_length=12, choices=CriterionKind.choices)
    values = models.JSONField(_("取值"), default=list, blank=True, help_text=_("代码、类别或称号的列表"))
    minimum = models.DecimalField(_("下限"), max_digits=14, decimal_places=2, null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True, help_text=_("亩均评价类别的年度"))

    shown_on = "policy"
    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("政策条件")
        ordering = ["policy", "pk"]

    def __str__(self) -> str:
        from .criteria import describe

        return describe(self)


class PolicyGrant(AuditedModel):
    """A policy granted (or applied for) to one enterprise, with its amount and review."""

    policy = models.ForeignKey(Policy, verbose_name=_("政策"), on_delete=models.PROTECT, related_name="grants")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="policy_grants"
    )
    region = models.ForeignKey("regions.Region", verbose_name=_("属地单位"), on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("方式"), max_length=12, choices=GrantSource.choices, default=GrantSource.APPLICATION)
    status = models.CharField(_("状态"), max_length=14, choices=GrantStatus.choices, default=GrantStatus.APPLIED)
    amount = _money(_("核定金额（万元）"), default=Decimal(0))
    application_text = models.TextField(_("申报说明"), blank=True)
    reason = models.CharField(_("审核意见"), max_length=300, blank=True)
    decided_on = models.DateField(_("批准日期"), null=True, blank=True)
    applied_by = actor_field(_("申报人"))

    department_path = "policy__department"
    scope = ScopeRule(region="region", enterprise="enterprise")

    class Meta:
        verbose_name = _("政策兑现")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["policy", "enterprise"], name="policygrant_unique")]

    def __str__(self) -> str:
        return f"{self.policy} · {self.enterprise}"


class GrantAttachment(AttachmentModel):
    """A supporting file of an application (投资凭证, 审计报告, 申报表 …): uploaded by the enterprise or its unit while
    the application is under review, read by the reviewers; stored in media storage, served through the scope."""

    grant = models.ForeignKey(
        PolicyGrant, verbose_name=_("政策兑现"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to="policies/grants/%Y/%m/")

    scope = ScopeRule(region="grant__region", enterprise="grant__enterprise")

    class Meta:
        verbose_name = _("申报附件")
        ordering = ["grant", "pk"]

    def get_absolute_url(self) -> str:
        return reverse("policies:grantattachment_download", args=[self.pk])


class Disbursement(AuditedModel):
    """A payment (兑付) in the one ledger of the bureau's money paid out: amount, date, fund source, batch, voucher.

    What is paid is either a policy grant (`grant`) or a record of another app named by a neutral source
    (`source`: content type + id, e.g. a smart-transformation subsidy award), so the policy figures and the
    other apps' figures read the same ledger and the policies app imports none of them
    (docs/decisions.md, "One subsidy ledger"). The payee is stored on the row: its unit (`region`, the scope),
    the enterprise when there is one (a service company's award has none) and its name (`payee`), and the
    policy it is paid under (`policy`: the grant's, or the one the source's rule names).
    """

    grant = models.ForeignKey(
        PolicyGrant,
        verbose_name=_("政策兑现"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
    )
    source_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("来源类型"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(_("来源编号"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    policy = models.ForeignKey(
        Policy, verbose_name=_("政策"), on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    region = models.ForeignKey("regions.Region", verbose_name=_("属地单位"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disbursements",
    )
    payee = models.CharField(_("收款单位"), max_length=200)
    amount = _money(_("兑付金额（万元）"))
    paid_on = models.DateField(_("兑付日期"))
    fund_source = models.CharField(_("资金来源"), max_length=60, blank=True)
    batch = models.CharField(_("批次"), max_length=40, blank=True)
    voucher_no = models.CharField(
        _("凭证号"), max_length=60, blank=True, help_text=_("财政拨付凭证号；同一凭证号只能登记一次")
    )

    scope = ScopeRule(region="region", enterprise="enterprise")

    class Meta:
        verbose_name = _("资金兑付")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            # A voucher pays once: the finance export imported twice is refused, not paid twice.
            models.UniqueConstraint(
                fields=["voucher_no"],
                condition=~models.Q(voucher_no=""),
                name="disbursement_voucher_unique",
                violation_error_message=_("该凭证号已登记过兑付"),
            ),
            # A payment pays exactly one thing: a grant, or another app's record.
            models.CheckConstraint(
                condition=models.Q(grant__isnull=False, source_type__isnull=True, source_id__isnull=True)
                | models.Q(grant__isnull=True, source_type__isnull=False, source_id__isnull=False),
                name="disbursement_grant_or_source",
                violation_error_message=_("一笔兑付只能对应一项政策兑现或一条来源记录"),
            ),
        ]
        indexes = [models.Index(fields=["source_type", "source_id"], name="disbursement_source")]

    def __str__(self) -> str:
        return f"{self.payee} · {self.amount}万元"

    @classmethod
    def of_grant(cls, grant: PolicyGrant, **fields: Any) -> Disbursement:
        """A payment of a grant, its payee, unit and policy taken from the grant (`grant.enterprise` is read)."""
        return cls(grant=grant, policy_id=grant.policy_id, region_id=grant.region_id,
                   enterprise_id=grant.enterprise_id, payee=grant.enterprise.name, **fields)  # fmt: skip

    def get_absolute_url(self) -> str:
        """The page of what was paid: the grant, or the source's detail page (`<app>:<model>_detail`)."""
        if self.grant_id is not None:
            return reverse("policies:policygrant_detail", args=[self.grant_id])
        kind = ContentType.objects.get_for_id(int(self.source_type_id or 0))  # cached: no query per row
        return reverse(f"{kind.app_label}:{kind.model}_detail", args=[self.source_id])
