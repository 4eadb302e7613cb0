"""Smart-transformation rules (domain.md §8, the 2019–2021 plan). Each service: one transaction, validated,
stamped with the actor and reason, re-checked against the actor's scope."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import stamp
from core.services import assign, model_perm, require_perm, save_audited
from policies.models import Disbursement
from policies.services import disbursement_record

from . import selectors, subsidies
from .choices import APPROVE, AWARD_MACHINE, PAY, AwardKind, AwardStatus, DemoStage, Kind, Outcome
from .models import (
    Demonstration,
    Diagnosis,
    EquipmentFigure,
    RankingRule,
    Recommendation,
    ServiceCompany,
    SubsidyAward,
    SubsidyRule,
)


def _check(obj: models.Model) -> None:
    """The rules of the simple records beyond field validation."""
    if isinstance(obj, Demonstration) and obj.stage == DemoStage.RECOGNISED and not (obj.level and obj.recognised_on):
        raise ValidationError(_("已认定的示范须填写认定层级和认定日期。"))
    if isinstance(obj, Diagnosis) and obj.level_after is not None and obj.level_after < obj.level_before:
        raise ValidationError({"level_after": _("改造后成熟度不能低于诊断前成熟度。")})


M = TypeVar("M", bound=models.Model)


def objectsave_audited(*, obj: M, data: Mapping[str, Any], actor: Any, reason: str = "") -> M:
    """Assign the data, check the record's rules, save with the actor and reason (one transaction); the actor needs
    `add_<model>` for a new record, `change_<model>` for an existing one."""
    require_perm(actor, model_perm(obj, "change" if obj.pk else "add"))
    with transaction.atomic():
        assign(obj, data, data.keys())
        _check(obj)
        save_audited(obj, actor=actor, reason=reason)
    return obj


def object_delete(*, obj: models.Model, actor: Any) -> None:
    require_perm(actor, model_perm(obj, "delete"))
    with transaction.atomic():
        stamp(obj, actor=actor)
        obj.delete()


# --- an engineering service company --------------------------------------------------------------------


def servicecompany_create(*, data: Mapping[str, Any], actor: Any) -> ServiceCompany:
    return objectsave_audited(obj=ServiceCompany(), data=data, actor=actor, reason=_("新增"))


def servicecompany_update(*, servicecompany: ServiceCompany, data: Mapping[str, Any], actor: Any) -> ServiceCompany:
    return objectsave_audited(obj=servicecompany, data=data, actor=actor, reason=_("修改"))


def servicecompany_delete(*, servicecompany: ServiceCompany, actor: Any) -> None:
    object_delete(obj=servicecompany, actor=actor)


# --- a year's ranking rule -----------------------------------------------------------------------------


def rankingrule_create(*, data: Mapping[str, Any], actor: Any) -> RankingRule:
    return objectsave_audited(obj=RankingRule(), data=data, actor=actor, reason=_("新增"))


def rankingrule_update(*, rankingrule: RankingRule, data: Mapping[str, Any], actor: Any) -> RankingRule:
    return objectsave_audited(obj=rankingrule, data=data, actor=actor, reason=_("修改"))


def rankingrule_delete(*, rankingrule: RankingRule, actor: Any) -> None:
    object_delete(obj=rankingrule, actor=actor)


# --- a diagnosis of an enterprise by a service company -------------------------------------------------


def diagnosis_create(*, data: Mapping[str, Any], actor: Any) -> Diagnosis:
    return objectsave_audited(obj=Diagnosis(), data=data, actor=actor, reason=_("新增"))


def diagnosis_update(*, diagnosis: Diagnosis, data: Mapping[str, Any], actor: Any) -> Diagnosis:
    return objectsave_audited(obj=diagnosis, data=data, actor=actor, reason=_("修改"))


def diagnosis_delete(*, diagnosis: Diagnosis, actor: Any) -> None:
    object_delete(obj=diagnosis, actor=actor)


# --- a project a diagnosis recommends ------------------------------------------------------------------


def recommendation_create(*, data: Mapping[str, Any], actor: Any) -> Recommendation:
    return objectsave_audited(obj=Recommendation(), data=data, actor=actor, reason=_("新增"))


def recommendation_update(*, recommendation: Recommendation, data: Mapping[str, Any], actor: Any) -> Recommendation:
    return objectsave_audited(obj=recommendation, data=data, actor=actor, reason=_("修改"))


def recommendation_delete(*, recommendation: Recommendation, actor: Any) -> None:
    object_delete(obj=recommendation, actor=actor)


# --- a demonstration workshop or factory ---------------------------------------------------------------


def demonstration_create(*, data: Mapping[str, Any], actor: Any) -> Demonstration:
    return objectsave_audited(obj=Demonstration(), data=data, actor=actor, reason=_("新增"))


def demonstration_update(*, demonstration: Demonstration, data: Mapping[str, Any], actor: Any) -> Demonstration:
    return objectsave_audited(obj=demonstration, data=data, actor=actor, reason=_("修改"))


def demonstration_delete(*, demonstration: Demonstration, actor: Any) -> None:
    object_delete(obj=demonstration, actor=actor)


# --- an enterprise's equipment figures of a year -------------------------------------------------------


def equipmentfigure_create(*, data: Mapping[str, Any], actor: Any) -> EquipmentFigure:
    return objectsave_audited(obj=EquipmentFigure(), data=data, actor=actor, reason=_("新增"))


def equipmentfigure_update(*, equipmentfigure: EquipmentFigure, data: Mapping[str, Any], actor: Any) -> EquipmentFigure:
    return objectsave_audited(obj=equipmentfigure, data=data, actor=actor, reason=_("修改"))


def equipmentfigure_delete(*, equipmentfigure: EquipmentFigure, actor: Any) -> None:
    object_delete(obj=equipmentfigure, actor=actor)


# --- recommended project → key project -------------------------------------------------------------------


def recommendation_promote(*, recommendation: Recommendation, actor: Any) -> Any:
    """Turn a diagnosis's recommended project into a key project of the enterprise's unit (projects' own service,
    so the library's rules apply); the diagnosis's outcome becomes 已立项."""
    require_perm(actor, "smart.change_recommendation")
    from projects.choices import ProjectType
    from projects.services import project_create

    if recommendation.project_id:
        raise ValidationError(_("该建议项目已转为重点项目。"))
    diagnosis = recommendation.diagnosis
    with transaction.atomic():
        project = project_create(
            data={
                "name": recommendation.name,
                "region": diagnosis.enterprise.region,
                "enterprise": diagnosis.enterprise,
                "industry": diagnosis.enterprise.industry,
                "project_type": ProjectType.TECH,
                "total_investment": recommendation.investment,
                "description": recommendation.description or _("来自智能化诊断（%s）的建议项目") % diagnosis,
            },
            actor=actor,
        )
        recommendation.project = project
        save_audited(recommendation, actor=actor, reason=_("转为重点项目"))
        if diagnosis.outcome == Outcome.PENDING:
            diagnosis.outcome = Outcome.PLANNED
            save_audited(diagnosis, actor=actor, reason=_("建议项目转为重点项目"))
    return project


# --- subsidy rules: versioned --------------------------------------------------------------------------


RULE_FIELDS = ("year", "name", "policy", "equipment_rate", "it_rate", "demo_cap", "demo_min_investment", "workshop_award",
               "factory_award", "top_n", "top_award")  # fmt: skip


def subsidyrule_create(*, data: Mapping[str, Any], actor: Any) -> SubsidyRule:
    require_perm(actor, "smart.add_subsidyrule")
    with transaction.atomic():
        year = data["year"]
        latest = SubsidyRule.objects.filter(year=year).order_by("-version").first()
        rule = SubsidyRule(**{k: v for k, v in data.items() if k in RULE_FIELDS})
        rule.version = (latest.version + 1) if latest else 1
        SubsidyRule.objects.filter(year=year, superseded=False).update(superseded=True)
        save_audited(rule, actor=actor, reason=_("新增补助规则"))
    return rule


def subsidyrule_update(*, subsidyrule: SubsidyRule, data: Mapping[str, Any], actor: Any) -> SubsidyRule:
    """Edit the rule in place while no award it gave is paid; afterwards the change becomes the next version
    (the old one is marked superseded and keeps its paid awards)."""
    require_perm(actor, "smart.change_subsidyrule")
    if subsidyrule.awards.filter(status=AwardStatus.PAID).exists():
        changes = {k: getattr(subsidyrule, k) for k in RULE_FIELDS}
        changes.update({k: v for k, v in data.items() if k in RULE_FIELDS})
        return subsidyrule_create(data=changes, actor=actor)
    with transaction.atomic():
        for name, value in data.items():
            if name in RULE_FIELDS:
                setattr(subsidyrule, name, value)
        save_audited(subsidyrule, actor=actor, reason=_("修改补助规则"))
    return subsidyrule


def subsidyrule_delete(*, subsidyrule: SubsidyRule, actor: Any) -> None:
    if subsidyrule.awards.exists():
        raise ValidationError(_("已据此测算补助的规则不能删除。"))
    object_delete(obj=subsidyrule, actor=actor)


def current_rule(year: int) -> SubsidyRule:
    rule = SubsidyRule.objects.filter(year=year, superseded=False).order_by("-version").first()
    if rule is None:
        raise ValidationError(_("%s 年没有补助规则。") % year)
    return rule


# --- awards -----------------------------------------------------------------------------------------------


def subsidies_compute(*, year: int, actor: Any) -> dict[str, Any]:
    """The year's awards by its current rule: recognised demonstrations, pilots served per company (the year's
    diagnosis pilots), the top companies of the ranking. Computed awards are replaced; approved and paid ones
    stay as they are and their subjects are not awarded twice."""
    require_perm(actor, "smart.add_subsidyaward")
    rule = current_rule(year)
    params = rule.params()
    with transaction.atomic():
        SubsidyAward.objects.filter(year=year, status=AwardStatus.COMPUTED).delete()
        kept = set(SubsidyAward.objects.filter(year=year).values_list("kind", "demonstration_id", "company_id"))
        new: list[SubsidyAward] = []
        demos = Demonstration.objects.filter(stage=DemoStage.RECOGNISED, recognised_on__year=year).select_related(
            "enterprise"
        )  # the award's region is the enterprise's region_id: no query per row
        for demo in demos:
            if (AwardKind.DEMONSTRATION, demo.pk, None) in kept:
                continue
            award = subsidies.demonstration_award(params, equipment=demo.equipment_investment, it=demo.it_investment)
            if award.amount:
                new.append(SubsidyAward(year=year, rule=rule, kind=AwardKind.DEMONSTRATION, demonstration=demo,
                                        region_id=demo.enterprise.region_id, amount=award.amount, basis=award.basis))  # fmt: skip
        pilots: dict[int, dict[str, int]] = defaultdict(lambda: {Kind.WORKSHOP: 0, Kind.FACTORY: 0})
        for company_id, kind in Diagnosis.objects.filter(pilot=True, diagnosed_on__year=year).values_list(
            "company_id", "kind"
        ):
            pilots[company_id][kind] += 1
        ranked = _ranking(year)  # read once (three queries)
        companies = {c.pk: c for c in selectors.companies_by_id(set(pilots) | {c for c, _s, _r in ranked})}
        for company_id, counts in pilots.items():
            if (AwardKind.PILOT_SERVICE, None, company_id) in kept:
                continue
            award = subsidies.pilot_service_award(
                params, workshops=counts[Kind.WORKSHOP], factories=counts[Kind.FACTORY]
            )
            new.append(SubsidyAward(year=year, rule=rule, kind=AwardKind.PILOT_SERVICE, company_id=company_id,
                                    region_id=companies[company_id].region_id, amount=award.amount, basis=award.basis))  # fmt: skip
        ranking = [(c, r) for c, _score, r in ranked]
        for company_id, award in subsidies.top_company_awards(params, ranking).items():
            if (AwardKind.TOP_COMPANY, None, company_id) in kept:
                continue
            new.append(SubsidyAward(year=year, rule=rule, kind=AwardKind.TOP_COMPANY, company_id=company_id,
                                    region_id=companies[company_id].region_id, amount=award.amount, basis=award.basis))  # fmt: skip
        from core.history import bulk_create_audited

        bulk_create_audited(SubsidyAward, new, actor=actor, reason=_("按%s测算补助") % rule)
    total = sum((a.amount for a in new), Decimal(0))
    return {"rule": rule.pk, "awards": len(new), "total": total}


def _ranking(year: int) -> list[tuple[int, Decimal, int]]:
    return selectors.company_ranking(year)


def subsidyaward_approve(*, subsidyaward: SubsidyAward, actor: Any) -> SubsidyAward:
    """The bureau approves a computed award: it is no longer replaced by a recomputation."""
    with transaction.atomic():
        subsidyaward.status = AWARD_MACHINE.check(subsidyaward, APPROVE, actor).target
        subsidyaward.approved_at = timezone.now()
        save_audited(subsidyaward, actor=actor, reason=_("审定补助"))
    return subsidyaward


def subsidyaward_pay(
    *, subsidyaward: SubsidyAward, paid_on: dt.date, amount: Decimal, voucher: str = "", actor: Any
) -> Disbursement:
    """Record a payment of an approved award in the one ledger (policies' disbursements, source = the award):
    payee the demonstration's enterprise or the service company, under the rule's policy; the payments never
    pass the award and a voucher is recorded once. Once they reach its amount the award is 已拨付 and the rule
    version it used is kept for it (a later change makes a new version)."""
    final = AWARD_MACHINE.check(subsidyaward, PAY, actor).target
    with transaction.atomic():
        award = (
            SubsidyAward.objects.select_for_update(of=("self",))
            .select_related("rule", "demonstration__enterprise", "company")
            .get(pk=subsidyaward.pk)
        )
        enterprise = award.demonstration.enterprise if award.demonstration is not None else None
        payee = enterprise.name if enterprise is not None else str(award.company)
        payment = disbursement_record(
            source=award, limit=award.amount, payee=payee, region=award.region, enterprise=enterprise,
            policy=award.rule.policy, amount=amount, paid_on=paid_on, voucher_no=voucher,
            fund_source=str(_("智能化技术改造专项资金")), batch=f"{award.year}", actor=actor, reason=_("拨付补助"),
        )  # fmt: skip
        if award.payments.aggregate(s=Sum("amount"))["s"] == award.amount:
            award.status = final
            save_audited(award, actor=actor, reason=_("补助已全额拨付"), changed=["status"])
            subsidyaward.status = final
    return payment
