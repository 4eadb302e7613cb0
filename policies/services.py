"""Policy rules: saving policies and criteria (unknown codes refused), applications and their review,
免申即享 grants confirmed by the city, disbursements. Each service is one transaction naming the actor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from accounts.choices import Role
from core import clock
from core.actors import user_of
from core.history import bulk_create_audited, stamp
from core.scope import access_object, ensure_in_scope
from core.services import access_for_update, assign, require_perm, save_audited
from core.workflow import Machine, Transition, register

from .choices import DEPARTMENT, GRANT_TRANSITIONS, UNIT, GrantSource, GrantStatus
from .criteria import validate
from .models import Disbursement, GrantAttachment, Policy, PolicyAttachment, PolicyCriterion, PolicyGrant
from .selectors import automatic_proposal, eligible_enterprises

POLICY_FIELDS = ("title", "department", "document_number", "valid_from", "valid_to", "benefit", "combine",
                 "no_application", "amount_kind", "amount", "percent", "cap", "attachment")  # fmt: skip
CRITERION_FIELDS = ("policy", "kind", "values", "minimum", "year")
DISBURSEMENT_FIELDS = ("grant", "amount", "paid_on", "fund_source", "batch", "voucher_no")


@transaction.atomic
def policy_create(*, data: Mapping[str, Any], actor: Any) -> Policy:
    require_perm(actor, "policies.add_policy")
    policy = Policy()
    assign(policy, data, POLICY_FIELDS)
    save_audited(policy, actor=actor, reason=_("新增惠企政策"))
    return policy


@transaction.atomic
def policy_update(*, policy: Policy, data: Mapping[str, Any], actor: Any) -> Policy:
    require_perm(actor, "policies.change_policy")
    changed = assign(policy, data, POLICY_FIELDS)
    save_audited(policy, actor=actor, reason=_("修改惠企政策"), changed=changed)
    return policy


@transaction.atomic
def policy_delete(*, policy: Policy, actor: Any) -> None:
    require_perm(actor, "policies.delete_policy")
    if policy.grants.exists():
        raise ValidationError(_("该政策已有兑现记录，不能删除"))
    stamp(policy, actor=actor, reason=_("删除惠企政策"))
    policy.delete()


def _criterionsave_audited(
    criterion: PolicyCriterion, data: Mapping[str, Any], actor: Any, reason: str
) -> PolicyCriterion:
    changed = assign(criterion, data, CRITERION_FIELDS)
    criterion.values = validate(criterion.kind, criterion.values, criterion.minimum, criterion.year)
    save_audited(criterion, actor=actor, reason=reason, changed=None if criterion.pk is None else [*changed, "values"])
    return criterion


@transaction.atomic
def policycriterion_create(*, data: Mapping[str, Any], actor: Any) -> PolicyCriterion:
    """A criterion naming an unknown region, industry code, class, title or tag is refused (criteria.validate)."""
    require_perm(actor, "policies.add_policycriterion")
    return _criterionsave_audited(PolicyCriterion(), data, actor, _("新增政策条件"))


@transaction.atomic
def policycriterion_update(*, policycriterion: PolicyCriterion, data: Mapping[str, Any], actor: Any) -> PolicyCriterion:
    require_perm(actor, "policies.change_policycriterion")
    return _criterionsave_audited(policycriterion, data, actor, _("修改政策条件"))


@transaction.atomic
def policycriterion_delete(*, policycriterion: PolicyCriterion, actor: Any) -> None:
    require_perm(actor, "policies.delete_policycriterion")
    stamp(policycriterion, actor=actor, reason=_("删除政策条件"))
    policycriterion.delete()


# --- applications ------------------------------------------------------------------------------------------


def _not_negative(amount: Any, field: str = "amount") -> None:
    """An amount asked, approved or paid is never below zero (a negative one would let later payments pass the
    approved amount)."""
    if amount is not None and amount < 0:
        raise ValidationError({field: _("金额不能为负数")})


@transaction.atomic
def policygrant_create(*, data: Mapping[str, Any], actor: Any) -> PolicyGrant:
    """An application: by the enterprise for itself, or by its unit on its behalf; only while the policy is valid."""
    require_perm(actor, "policies.add_policygrant")
    policy: Policy = data["policy"]
    enterprise = actor.enterprise if actor.role == Role.ENTERPRISE_USER else data.get("enterprise")
    if enterprise is None:
        raise ValidationError({"enterprise": _("请选择企业")})
    if policy.no_application:
        raise ValidationError(_("免申即享政策无需申报，由系统生成名单"))
    today = clock.today()
    if policy.valid_from > today or (policy.valid_to and policy.valid_to < today):
        raise ValidationError(_("政策不在有效期内"))
    _not_negative(data.get("amount"))
    grant = PolicyGrant(policy=policy, enterprise=enterprise, region=enterprise.region, applied_by=user_of(actor),
                        application_text=data.get("application_text", ""), amount=data.get("amount") or 0)  # fmt: skip
    if PolicyGrant.objects.filter(policy=policy, enterprise=enterprise).exists():
        raise ValidationError(_("该企业已申报过此政策"))
    save_audited(grant, actor=actor, reason=_("申报惠企政策"))
    ensure_in_scope(grant, actor)
    for upload in data.get("attachments") or []:
        _attach(grant, upload, actor)
    return grant


@transaction.atomic
def policygrant_update(*, policygrant: PolicyGrant, data: Mapping[str, Any], actor: Any) -> PolicyGrant:
    """The applicant's side corrects an application before the unit's review; files may be added while under review."""
    require_perm(actor, "policies.change_policygrant")
    policygrant = access_for_update(PolicyGrant, actor, policygrant.pk)
    uploads = data.get("attachments") or []
    data = {k: v for k, v in data.items() if k != "attachments"}
    for upload in uploads:
        grantattachment_create(data={"grant": policygrant, "file": upload}, actor=actor)
    if policygrant.status != GrantStatus.APPLIED:
        if (
            set(data) - {"application_text"}
            or data.get("application_text", policygrant.application_text) != policygrant.application_text
        ):
            raise ValidationError(_("已审核的申报不能修改"))
        return policygrant
    _not_negative(data.get("amount"))
    changed = assign(policygrant, data, ("application_text", "amount"))
    save_audited(policygrant, actor=actor, reason=_("修改申报"), changed=changed)
    return policygrant


# --- supporting files of an application -------------------------------------------------------------------

UNDER_REVIEW = (GrantStatus.APPLIED, GrantStatus.UNIT_REVIEWED)


def _attach(grant: PolicyGrant, upload: Any, actor: Any) -> GrantAttachment:
    return _store_upload(GrantAttachment, upload, actor, _("上传申报附件"), grant=grant)


def _store_upload(model: Any, upload: Any, actor: Any, reason: str, **parent: Any) -> Any:
    """An uploaded file saved as an attachment row of `parent` (its original name, who uploaded it), audited."""
    attachment = model(**parent, file=upload, name=str(getattr(upload, "name", ""))[:200], uploaded_by=user_of(actor))
    save_audited(attachment, actor=actor, reason=reason)
    return attachment


@transaction.atomic
def grantattachment_create(*, data: Mapping[str, Any], actor: Any) -> GrantAttachment:
    """A supporting file added to an application the actor may see, while it is under review: what the reviewers
    decide on is on file before they decide (a decided application takes no more files)."""
    require_perm(actor, "policies.add_grantattachment")
    grant = access_for_update(PolicyGrant, actor, data["grant"].pk)
    if grant.status not in UNDER_REVIEW:
        raise ValidationError(_("申报已审结，不能再上传附件"))
    attachment = _attach(grant, data["file"], actor)
    ensure_in_scope(attachment, actor)
    return attachment


@transaction.atomic
def grantattachment_delete(*, grantattachment: GrantAttachment, actor: Any) -> None:
    """A file is withdrawn by whoever may delete attachments, while its application is under review."""
    require_perm(actor, "policies.delete_grantattachment")
    attachment = access_for_update(GrantAttachment, actor, grantattachment.pk, related=("grant",))
    if attachment.grant.status not in UNDER_REVIEW:
        raise ValidationError(_("申报已审结，附件不能删除"))
    stamp(attachment, actor=actor, reason=_("删除申报附件"))
    attachment.delete()


@transaction.atomic
def policyattachment_create(*, data: Mapping[str, Any], actor: Any) -> PolicyAttachment:
    """A file published with a policy (申报指南, 申报表 …), by those who keep the policy library."""
    require_perm(actor, "policies.add_policyattachment")
    policy = access_for_update(Policy, actor, data["policy"].pk)
    return _store_upload(PolicyAttachment, data["file"], actor, _("上传政策附件"), policy=policy)


@transaction.atomic
def policyattachment_delete(*, policyattachment: PolicyAttachment, actor: Any) -> None:
    require_perm(actor, "policies.delete_policyattachment")
    attachment = access_for_update(PolicyAttachment, actor, policyattachment.pk)
    stamp(attachment, actor=actor, reason=_("删除政策附件"))
    attachment.delete()


def grant_sides(grant: PolicyGrant, actor: Any) -> set[str]:
    """The unit reviews its enterprises' applications; the issuing department's handler (or the city) decides."""
    if actor is None or not actor.has_perm("policies.change_policygrant") or actor.role == Role.ENTERPRISE_USER:
        return set()
    if actor.is_city_admin or actor.role == Role.CITY_STAFF:
        return {UNIT, DEPARTMENT}
    if actor.role == Role.DEPARTMENT_HANDLER:
        return {DEPARTMENT} if actor.department_id == grant.policy.department_id else set()
    if actor.role in (Role.UNIT_REPORTER, Role.UNIT_REVIEWER) and grant.region_id in actor.scope_region_ids:
        return {UNIT}
    return set()


def grant_may(transition: Transition, grant: PolicyGrant, actor: Any) -> bool:
    """A review move is made by its side (the row's `permission`: the unit or the issuing department)."""
    return transition.permission in grant_sides(grant, actor)


# The buttons of a grant's page: core.workflow.available_actions(grant, user).
GRANT_MACHINE = register(Machine("policies.policygrant", GRANT_TRANSITIONS, may=grant_may))


@transaction.atomic
def grant_review(*, grant: PolicyGrant, action: str, actor: Any, reason: str = "", amount: Any = None) -> PolicyGrant:
    """One step of the review table: unit review, then department review; a refusal needs a reason."""
    require_perm(actor, "policies.change_policygrant")
    grant = access_for_update(PolicyGrant, actor, grant.pk, related=("policy",))
    row = GRANT_MACHINE.find(action, grant.status)
    if row is not None and row.comment_required and not reason.strip():
        raise ValidationError({"reason": _("不予通过须说明理由")})
    _not_negative(amount)
    row = GRANT_MACHINE.check(grant, action, actor, comment=reason)
    grant.status, grant.reason = row.target, reason.strip()[:300]
    changed = ["status", "reason"]
    if row.target == GrantStatus.GRANTED:
        grant.decided_on = clock.today()
        changed.append("decided_on")
        if amount is not None:
            grant.amount = amount
            changed.append("amount")
    save_audited(grant, actor=actor, reason=str(row.action), changed=changed)
    return grant


# --- 免申即享 ----------------------------------------------------------------------------------------------


@transaction.atomic
def automatic_grants_confirm(
    *, policy: Policy, actor: Any, progress: Callable[[int, str], None] | None = None, today: dt.date | None = None
) -> int:
    """The city confirms the proposed list of a 免申即享 policy: every grant recorded at once, without application."""
    require_perm(actor, "policies.add_policygrant")
    if not (actor.is_city_admin or actor.role == Role.CITY_STAFF):
        raise PermissionDenied(_("免申即享名单由市级确认"))
    if not policy.no_application:
        raise ValidationError(_("该政策不是免申即享政策"))
    proposal = automatic_proposal(policy)
    if progress:
        progress(30, _("已生成名单：%(n)s 家") % {"n": len(proposal)})
    today = today or clock.today()
    grants = [
        PolicyGrant(
            policy=policy,
            enterprise=e,
            region_id=e.region_id,
            source=GrantSource.AUTOMATIC,
            status=GrantStatus.GRANTED,
            amount=amount,
            decided_on=today,
            applied_by=user_of(actor),
        )
        for e, amount in proposal
    ]
    created = bulk_create_audited(PolicyGrant, grants, actor=actor, reason=_("免申即享名单确认：%s") % policy.title)
    if progress:
        progress(95, _("已写入 %(n)s 条兑现记录") % {"n": len(created)})
    return len(created)


# --- disbursements -----------------------------------------------------------------------------------------


@transaction.atomic
def disbursement_create(*, data: Mapping[str, Any], actor: Any) -> Disbursement:
    """A payment of a granted item: more than zero, never more than what is left of the granted amount (the grant
    row is locked, so two payments at once cannot both take the same remainder)."""
    require_perm(actor, "policies.add_disbursement")
    if data.get("grant") is None:
        raise ValidationError({"grant": _("请选择政策兑现记录")})
    grant: PolicyGrant = access_for_update(PolicyGrant, actor, data["grant"].pk)
    if grant.status != GrantStatus.GRANTED:
        raise ValidationError({"grant": _("只能兑付已批准的政策")})
    if data.get("amount") is None or data["amount"] <= 0:
        raise ValidationError({"amount": _("兑付金额须大于零")})
    paid = sum((p.amount for p in grant.payments.all()), start=0)
    if paid + data["amount"] > grant.amount:
        raise ValidationError({"amount": _("兑付金额超过核定金额（已兑付 %(p)s 万元）") % {"p": paid}})
    payment = Disbursement.of_grant(grant)
    assign(payment, {k: v for k, v in data.items() if k != "grant"}, DISBURSEMENT_FIELDS)
    save_audited(payment, actor=actor, reason=_("登记兑付"))
    ensure_in_scope(payment, actor)
    return payment


@transaction.atomic
def disbursement_record(
    *,
    source: models.Model,
    limit: Decimal,
    payee: str,
    region: Any,
    enterprise: Any = None,
    policy: Policy | None = None,
    amount: Decimal,
    paid_on: dt.date,
    voucher_no: str = "",
    fund_source: str = "",
    batch: str = "",
    actor: Any,
    reason: str = "",
) -> Disbursement:
    """A payment of another app's record (a subsidy award …) in the one ledger: `source` names what is paid and
    `limit` what it grants; the payments of that source never pass it, and a voucher is recorded once. The
    caller has checked the record may be paid (its own workflow) and locked it; the payee (an enterprise, or a
    service company with no enterprise: `payee` and `region` alone) and the policy come from the source."""
    require_perm(actor, "policies.add_disbursement")
    if amount <= 0:
        raise ValidationError({"amount": _("兑付金额须大于零")})
    kind = ContentType.objects.get_for_model(source)
    earlier = Disbursement.objects.filter(source_type=kind, source_id=source.pk)
    paid = earlier.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if paid + amount > limit:
        raise ValidationError({"amount": _("兑付合计超过核定金额（已兑付 %(paid)s 万元，核定 %(total)s 万元）") % {
            "paid": paid, "total": limit}})  # fmt: skip
    payment = Disbursement(source_type=kind, source_id=source.pk, payee=payee[:200], region=region,
                           enterprise=enterprise, policy=policy, amount=amount, paid_on=paid_on,
                           voucher_no=voucher_no.strip(), fund_source=fund_source, batch=batch)  # fmt: skip
    save_audited(payment, actor=actor, reason=reason or _("登记兑付"))
    ensure_in_scope(payment, actor)
    return payment


def source_payments(source: models.Model) -> QuerySet[Disbursement]:
    """The ledger's payments of another app's record."""
    return Disbursement.objects.filter(source_type=ContentType.objects.get_for_model(source), source_id=source.pk)


@transaction.atomic
def disbursement_update(*, disbursement: Disbursement, data: Mapping[str, Any], actor: Any) -> Disbursement:
    """Date, fund source, batch and voucher of a payment the actor may see (the amount is paid: not edited here)."""
    require_perm(actor, "policies.change_disbursement")
    disbursement = access_for_update(Disbursement, actor, disbursement.pk)
    changed = assign(disbursement, data, ("paid_on", "fund_source", "batch", "voucher_no"))
    save_audited(disbursement, actor=actor, reason=_("修改兑付"), changed=changed)
    return disbursement


@transaction.atomic
def disbursement_delete(*, disbursement: Disbursement, actor: Any) -> None:
    """A grant's payment recorded in error is deleted here; another app's payment (a subsidy award's) is not: its
    record's state (paid in full) rests on it."""
    require_perm(actor, "policies.delete_disbursement")
    disbursement = access_for_update(Disbursement, actor, disbursement.pk)
    if disbursement.grant_id is None:
        raise ValidationError(_("该笔兑付来自其他业务（如智能化改造补助），不能在此删除"))
    stamp(disbursement, actor=actor, reason=_("删除兑付"))
    disbursement.delete()


__all__ = ["access_object", "eligible_enterprises"]
