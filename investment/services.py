"""Business rules of investment promotion (domain.md §11b): leads and their stages, signing into the key-project
library, the visit log, platforms, exchange rates and targets.

Every write runs in one transaction, validates with `full_clean`, names its actor in the history and checks that
the object stays in the actor's scope. Stage moves follow LEAD_MACHINE (choices.py); signing creates the key
project through the projects services, once: the lead row is locked, a lead with a project is refused, and the
database keeps a project to one lead (one-to-one) and a signed lead to its project (check constraint).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import clock
from core.services import (
    access_for_update,
    create_audited,
    delete_audited,
    require_perm,
    save_audited,
    update_audited,
)
from projects.choices import Node, ProjectType
from projects.services import project_create, project_nodes_set

from . import calculations as calc
from .choices import LEAD_MACHINE, SIGN, TERMINATE, InvestorKind, LeadStage
from .models import ExchangeRate, Lead, LeadVisit, Platform, ProjectPlatform, SigningTarget

LEAD_FIELDS = (
    "name", "region", "platform", "investor", "investor_kind", "investor_country", "fortune500", "industry_leader",
    "chain", "segment", "industry", "amount", "amount_usd", "land_mu", "leader", "contact", "first_contact", "note",
)  # fmt: skip
SIGNED_LOCKED = ("region", "amount", "amount_usd")  # fixed at signing: the project and the figures rest on them
VISIT_FIELDS = ("lead", "date", "kind", "leader", "participants", "content", "next_step")
PLATFORM_FIELDS = ("name", "kind", "region", "area_km2", "target_year", "investment_target", "signing_target", "note")
RATE_FIELDS = ("date", "usd_cny")
TARGET_FIELDS = ("region", "year", "tier", "count", "amount")
PROJECT_PLATFORM_FIELDS = ("project", "platform")


# --- leads ---------------------------------------------------------------------------------------------


def _check_lead(lead: Lead, changed: list[str]) -> None:
    """A lead's segment is one of its chain (the chain follows from the segment), a foreign lead names its
    country, and its platform lies in its unit's area."""
    errors: dict[str, str] = {}
    if lead.segment_id and lead.chain_id and lead.segment.chain_id != lead.chain_id:  # type: ignore[union-attr]
        errors["segment"] = _("补链环节不属于所选产业链")
    if lead.segment_id and not lead.chain_id:
        lead.chain_id = lead.segment.chain_id  # type: ignore[union-attr]
    if "segment" in changed and lead.pk is not None:
        changed.append("chain")
    if lead.investor_kind == InvestorKind.FOREIGN and not lead.investor_country:
        errors["investor_country"] = _("外资项目须填写投资方国家或地区")
    if lead.platform_id and lead.region_id:
        a, b = lead.platform.region.path, lead.region.path  # type: ignore[union-attr]
        if not (a.startswith(b) or b.startswith(a)):
            errors["platform"] = _("平台不属于该项目所属单位")
    if errors:
        raise ValidationError(errors)


def lead_create(*, data: Mapping[str, Any], actor: Any) -> Lead:
    """A new lead of a unit, in stage 线索."""
    return create_audited(Lead, data=data, fields=LEAD_FIELDS, actor=actor, reason=_("新增招商项目"), check=_check_lead)


@transaction.atomic
def lead_update(*, lead: Lead, data: Mapping[str, Any], actor: Any) -> Lead:
    """Edit a lead; once signed its unit and amounts stay as signed (the key project and the figures rest on them)."""
    require_perm(actor, "investment.change_lead")
    if lead.stage in (LeadStage.SIGNED, LeadStage.TRANSFERRED):
        moved = [f for f in SIGNED_LOCKED if f in data and data[f] != getattr(lead, f)]
        if moved:
            raise ValidationError(_("已签约的招商项目不能修改所属单位和金额；请在重点项目中维护。"))
    return update_audited(lead, data=data, fields=LEAD_FIELDS, actor=actor, reason=_("修改招商项目"), check=_check_lead)


@transaction.atomic
def lead_delete(*, lead: Lead, actor: Any) -> None:
    """Only a lead without a key project is deleted (a signed one is kept, or 终止 with a reason)."""
    require_perm(actor, "investment.delete_lead")
    if lead.project_id:
        raise ValidationError(_("该招商项目已签约并生成重点项目，不能删除。"))
    delete_audited(lead, actor=actor, reason=_("删除招商项目"))


@transaction.atomic
def lead_advance(*, lead: Lead, to: str, actor: Any, reason: str = "") -> Lead:
    """Move a lead to the stage `to` along LEAD_MACHINE: 线索 → 洽谈, → 终止 (a reason is required), 签约 → 转入项目库
    (once the key project has been filed, 备案赋码). 签约 itself is lead_sign, which creates the project."""
    require_perm(actor, "investment.change_lead")
    locked = access_for_update(Lead, actor, lead.pk)
    action = LEAD_MACHINE.action_to(locked.stage, to)
    if action == SIGN:
        raise ValidationError(_("签约请使用“签约”操作：签约时生成重点项目。"))
    if action == TERMINATE and not reason.strip():
        raise ValidationError({"reason": _("终止须填写原因。")})
    LEAD_MACHINE.check(locked, action, actor, comment=reason)
    changed = ["stage"]
    if to == LeadStage.TERMINATED:
        locked.terminated_reason = reason.strip()[:200]
        changed.append("terminated_reason")
    if to == LeadStage.TRANSFERRED:
        filed = (
            locked.project is not None
            and locked.project.nodes.filter(node=Node.FILED, actual_date__isnull=False).exists()
        )
        if not filed:
            raise ValidationError(_("重点项目尚未备案赋码，暂不能转入项目库。"))
    locked.stage = to
    save_audited(locked, actor=actor, reason=reason or _("招商项目转为“%s”") % LeadStage(to).label, changed=changed)
    return locked


def rate_on(day: dt.date) -> ExchangeRate | None:
    """The USD rate of the signing date: the latest published on or before it."""
    return ExchangeRate.objects.filter(date__lte=day).order_by("-date").first()  # type: ignore[no-any-return]


@transaction.atomic
def lead_sign(
    *,
    lead: Lead,
    signed_on: dt.date,
    actor: Any,
    amount: Decimal | None = None,
    amount_usd: Decimal | None = None,
    enterprise: Any = None,
    project_type: str = ProjectType.NEW,
) -> Lead:
    """Sign a lead in talks: one action creates the key project (stage 签约服务, its 签约 node on the signing date)
    through the projects services, and keeps the link. Refused for a lead already signed or with a project.

    A foreign lead is converted at the signing date's rate: 万美元 from 万元 or the other way round.
    """
    require_perm(actor, "investment.change_lead")
    require_perm(actor, "projects.add_project")
    locked = access_for_update(Lead, actor, lead.pk, related=("region", "platform"))
    if locked.project_id is not None or locked.stage in (LeadStage.SIGNED, LeadStage.TRANSFERRED):
        raise ValidationError(_("该招商项目已签约，并已生成重点项目，不能重复签约。"))
    LEAD_MACHINE.check(locked, SIGN, actor)
    if signed_on > clock.today():
        raise ValidationError({"signed_on": _("签约日期不能晚于今天。")})
    changed = ["stage", "signed_on", "project"]
    if amount is not None:
        locked.amount = amount
        changed.append("amount")
    if amount_usd is not None:
        locked.amount_usd = amount_usd
        changed.append("amount_usd")
    if locked.investor_kind == InvestorKind.FOREIGN:
        rate = rate_on(signed_on)
        if rate is None:
            raise ValidationError({"signed_on": _("没有签约日期（或之前）的美元汇率，请先在“美元汇率”中登记。")})
        locked.exchange_rate = rate.usd_cny
        changed.append("exchange_rate")
        if locked.amount_usd is None or (amount is not None and amount_usd is None):
            locked.amount_usd = calc.usd_from_cny(locked.amount, rate.usd_cny)
            changed.append("amount_usd")
        elif not locked.amount:
            locked.amount = calc.cny_from_usd(locked.amount_usd, rate.usd_cny)
            changed.append("amount")
    if not locked.amount:
        raise ValidationError({"amount": _("签约须有计划总投资。")})
    project = project_create(
        data={
            "name": locked.name, "region": locked.region, "enterprise": enterprise, "industry": locked.industry,
            "project_type": project_type, "total_investment": locked.amount, "land_mu": locked.land_mu,
            "description": _("招商引资签约项目，投资方：%s") % locked.investor,
        },
        actor=actor,
    )  # fmt: skip
    project_nodes_set(
        project=project, nodes={Node.SIGNED: {"actual_date": signed_on}}, actor=actor, reason=_("招商签约")
    )
    if locked.platform_id:
        ProjectPlatform.objects.create(project=project, platform_id=locked.platform_id)
    locked.project, locked.signed_on, locked.stage = project, signed_on, LeadStage.SIGNED
    try:
        with transaction.atomic():
            save_audited(locked, actor=actor, reason=_("签约并生成重点项目"), changed=list(dict.fromkeys(changed)))
    except IntegrityError as exc:  # a second signing that got past the lock: the database refuses it
        raise ValidationError(_("该招商项目已签约，并已生成重点项目，不能重复签约。")) from exc
    return locked


# --- the visit log ------------------------------------------------------------------------------------------


def leadvisit_create(*, data: Mapping[str, Any], actor: Any) -> LeadVisit:
    return create_audited(LeadVisit, data=data, fields=VISIT_FIELDS, actor=actor, reason=_("新增走访洽谈记录"))


def leadvisit_update(*, leadvisit: LeadVisit, data: Mapping[str, Any], actor: Any) -> LeadVisit:
    return update_audited(leadvisit, data=data, fields=VISIT_FIELDS, actor=actor, reason=_("修改走访洽谈记录"))


def leadvisit_delete(*, leadvisit: LeadVisit, actor: Any) -> None:
    delete_audited(leadvisit, actor=actor, reason=_("删除走访洽谈记录"))


# --- reference data and platforms (plain create / update / delete) ----------------------------------------------


def platform_create(*, data: Mapping[str, Any], actor: Any) -> Platform:
    return create_audited(Platform, data=data, fields=PLATFORM_FIELDS, actor=actor, reason=_("新增%s") % _("平台"))


def exchangerate_create(*, data: Mapping[str, Any], actor: Any) -> ExchangeRate:
    return create_audited(ExchangeRate, data=data, fields=RATE_FIELDS, actor=actor, reason=_("新增%s") % _("美元汇率"))


def signingtarget_create(*, data: Mapping[str, Any], actor: Any) -> SigningTarget:
    return create_audited(
        SigningTarget, data=data, fields=TARGET_FIELDS, actor=actor, reason=_("新增%s") % _("招商目标")
    )


def projectplatform_create(*, data: Mapping[str, Any], actor: Any) -> ProjectPlatform:
    return create_audited(
        ProjectPlatform, data=data, fields=PROJECT_PLATFORM_FIELDS, actor=actor, reason=_("新增%s") % _("项目所在平台")
    )


def platform_update(*, platform: Platform, data: Mapping[str, Any], actor: Any) -> Platform:
    return update_audited(platform, data=data, fields=PLATFORM_FIELDS, actor=actor, reason=_("修改%s") % _("平台"))


def exchangerate_update(*, exchangerate: ExchangeRate, data: Mapping[str, Any], actor: Any) -> ExchangeRate:
    return update_audited(exchangerate, data=data, fields=RATE_FIELDS, actor=actor, reason=_("修改%s") % _("美元汇率"))


def signingtarget_update(*, signingtarget: SigningTarget, data: Mapping[str, Any], actor: Any) -> SigningTarget:
    return update_audited(
        signingtarget, data=data, fields=TARGET_FIELDS, actor=actor, reason=_("修改%s") % _("招商目标")
    )


def projectplatform_update(*, projectplatform: ProjectPlatform, data: Mapping[str, Any], actor: Any) -> ProjectPlatform:
    return update_audited(
        projectplatform, data=data, fields=PROJECT_PLATFORM_FIELDS, actor=actor, reason=_("修改%s") % _("项目所在平台")
    )


def platform_delete(*, platform: Platform, actor: Any) -> None:
    delete_audited(platform, actor=actor, reason=_("删除%s") % _("平台"))


def exchangerate_delete(*, exchangerate: ExchangeRate, actor: Any) -> None:
    delete_audited(exchangerate, actor=actor, reason=_("删除%s") % _("美元汇率"))


def signingtarget_delete(*, signingtarget: SigningTarget, actor: Any) -> None:
    delete_audited(signingtarget, actor=actor, reason=_("删除%s") % _("招商目标"))


def projectplatform_delete(*, projectplatform: ProjectPlatform, actor: Any) -> None:
    delete_audited(projectplatform, actor=actor, reason=_("删除%s") % _("项目所在平台"))
