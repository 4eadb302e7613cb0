"""Business rules of the assessment: schemes and their rules, computing and publishing the year's scores,
duties and their quarterly progress.

Every write names its actor in the history, runs in one transaction, checks that the object stays
in the actor's scope, and leaves nothing behind when a rule refuses it. A published scheme is
frozen: its rules, bonus/penalty items and results no longer change (domain.md §5, §12: a
published result stays reproducible).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.actors import user_of
from core.history import bulk_create_audited, stamp
from core.services import assign, create_audited, delete_audited, require_perm, save_audited, update_audited

from .models import (
    AssessmentResult,
    Duty,
    DutyAttachment,
    DutyProgress,
    ScoreAdjustment,
    ScoringRule,
    ScoringScheme,
)
from .scoring import score_units
from .selectors import scheme_inputs

SCHEME_FIELDS = ("plan", "name", "year", "total_points", "notes")
# A rule's or an adjustment's scheme is given when it is added and never changes.
RULE_FIELDS = ("indicator", "kind", "base_points", "bonus_per_pp", "cap", "floor", "order")
ADJUSTMENT_FIELDS = ("region", "points", "reason")
DUTY_FIELDS = ("plan", "department", "text", "role", "order")
PROGRESS_FIELDS = ("duty", "year", "quarter", "note", "status")


def _ensure_open(scheme: ScoringScheme) -> None:
    if scheme.is_published:
        raise ValidationError(_("考核结果已发布，方案、规则和加减分不能再修改"))


def _check_scheme_open(item: ScoringRule | ScoreAdjustment, changed: list[str]) -> None:
    """Rules and adjustments are added, changed and deleted only in an unpublished scheme."""
    if item.scheme_id:
        _ensure_open(item.scheme)


# --- schemes ---------------------------------------------------------------------------------------


def scoringscheme_create(*, data: dict[str, Any], actor: Any) -> ScoringScheme:
    """A plan's scoring scheme for one year (one per plan and year)."""
    return create_audited(ScoringScheme, data=data, fields=SCHEME_FIELDS, actor=actor, reason=_("新增考核方案"))


@transaction.atomic
def scoringscheme_update(*, scoringscheme: ScoringScheme, data: dict[str, Any], actor: Any) -> ScoringScheme:
    require_perm(actor, "assessment.change_scoringscheme")
    _ensure_open(scoringscheme)
    changed = assign(scoringscheme, data, SCHEME_FIELDS)
    save_audited(scoringscheme, actor=actor, reason=_("修改考核方案"), changed=changed)
    return scoringscheme


@transaction.atomic
def scoringscheme_delete(*, scoringscheme: ScoringScheme, actor: Any) -> None:
    require_perm(actor, "assessment.delete_scoringscheme")
    _ensure_open(scoringscheme)
    stamp(scoringscheme, actor=actor, reason=_("删除考核方案"))
    scoringscheme.delete()


@transaction.atomic
def scoringscheme_compute(*, scoringscheme: ScoringScheme, actor: Any) -> list[AssessmentResult]:
    """The year's scores and ranking from the accepted December reports, stored per unit with every line.

    Recomputing replaces the earlier (unpublished) results; a published scheme is refused.
    """
    require_perm(actor, "assessment.change_scoringscheme")
    scheme = ScoringScheme.objects.select_for_update().get(pk=scoringscheme.pk)
    _ensure_open(scheme)
    inputs = scheme_inputs(scheme)
    if not inputs.rules:
        raise ValidationError(_("考核方案还没有计分规则"))
    if not inputs.units:
        raise ValidationError(_("计划在 %s 年没有分解到单位的目标") % scheme.year)
    scores = score_units(inputs.units, inputs.rules, inputs.adjustments)
    now = timezone.now()
    reason = _("计算考核结果")
    scheme.results.all().delete()
    results = [
        AssessmentResult(
            scheme=scheme,
            region_id=unit,
            total=score.total,
            max_points=sum((line.max_points for line in score.lines), Decimal(0)),
            rank=score.rank,
            lines=[line.as_dict() for line in score.lines],
            inputs={"report": inputs.reports.get(unit), "year": scheme.year, "month": 12},
            computed_at=now,
        )
        for unit, score in scores.items()
    ]
    created = bulk_create_audited(AssessmentResult, results, actor=actor, reason=reason)
    scheme.computed_at = now
    stamp(scheme, actor=actor, reason=reason)
    scheme.save(update_fields=["computed_at", "updated_at"])
    scoringscheme.computed_at = now
    return created


@transaction.atomic
def scoringscheme_publish(*, scoringscheme: ScoringScheme, actor: Any) -> ScoringScheme:
    """Publish the computed results: from now on the scheme and its results are frozen."""
    require_perm(actor, "assessment.publish_scoringscheme")
    scheme = ScoringScheme.objects.select_for_update().get(pk=scoringscheme.pk)
    _ensure_open(scheme)
    if not scheme.results.exists():
        raise ValidationError(_("请先计算考核结果再发布"))
    scheme.published_at = timezone.now()
    scheme.published_by = user_of(actor)
    stamp(scheme, actor=actor, reason=_("发布考核结果"))
    scheme.save(update_fields=["published_at", "published_by", "updated_at"])
    scoringscheme.published_at, scoringscheme.published_by = scheme.published_at, actor
    return scheme


# --- rules and bonus/penalty items ------------------------------------------------------------------


def scoringrule_create(*, data: dict[str, Any], actor: Any) -> ScoringRule:
    return create_audited(
        ScoringRule,
        data=data,
        fields=("scheme", *RULE_FIELDS),
        actor=actor,
        reason=_("新增计分规则"),
        check=_check_scheme_open,
    )


def scoringrule_update(*, scoringrule: ScoringRule, data: dict[str, Any], actor: Any) -> ScoringRule:
    return update_audited(
        scoringrule, data=data, fields=RULE_FIELDS, actor=actor, reason=_("修改计分规则"), check=_check_scheme_open
    )


def scoringrule_delete(*, scoringrule: ScoringRule, actor: Any) -> None:
    delete_audited(scoringrule, actor=actor, reason=_("删除计分规则"), check=_check_scheme_open)


def scoreadjustment_create(*, data: dict[str, Any], actor: Any) -> ScoreAdjustment:
    return create_audited(
        ScoreAdjustment,
        data=data,
        fields=("scheme", *ADJUSTMENT_FIELDS),
        actor=actor,
        reason=_("新增加减分项"),
        check=_check_scheme_open,
    )


def scoreadjustment_update(*, scoreadjustment: ScoreAdjustment, data: dict[str, Any], actor: Any) -> ScoreAdjustment:
    return update_audited(
        scoreadjustment,
        data=data,
        fields=ADJUSTMENT_FIELDS,
        actor=actor,
        reason=_("修改加减分项"),
        check=_check_scheme_open,
    )


def scoreadjustment_delete(*, scoreadjustment: ScoreAdjustment, actor: Any) -> None:
    delete_audited(scoreadjustment, actor=actor, reason=_("删除加减分项"), check=_check_scheme_open)


# --- duties ------------------------------------------------------------------------------------------


@transaction.atomic
def duty_create(*, data: dict[str, Any], actor: Any) -> Duty:
    """A department's duty under a plan; its indicators must belong to the same plan."""
    duty = create_audited(Duty, data=data, fields=DUTY_FIELDS, actor=actor, reason=_("新增部门责任"))
    _set_indicators(duty, data)
    return duty


@transaction.atomic
def duty_update(*, duty: Duty, data: dict[str, Any], actor: Any) -> Duty:
    update_audited(duty, data=data, fields=DUTY_FIELDS, actor=actor, reason=_("修改部门责任"))
    _set_indicators(duty, data)
    return duty


def _set_indicators(duty: Duty, data: dict[str, Any]) -> None:
    if "indicators" not in data:
        return
    indicators = list(data["indicators"] or [])
    if any(i.plan_id != duty.plan_id for i in indicators):
        raise ValidationError({"indicators": _("相关指标必须属于同一计划")})
    duty.indicators.set(indicators)


@transaction.atomic
def duty_delete(*, duty: Duty, actor: Any) -> None:
    delete_audited(duty, actor=actor, reason=_("删除部门责任"))


def _ensure_own_department(duty: Duty, actor: Any) -> None:
    """A department handler reports for their own department's duties only (the scope also hides the others)."""
    if actor.role == Role.DEPARTMENT_HANDLER and duty.department_id != actor.department_id:
        raise ValidationError({"duty": _("只能填报本部门的责任事项")})


@transaction.atomic
def dutyprogress_create(*, data: dict[str, Any], actor: Any) -> DutyProgress:
    """A department's progress on a duty for one quarter (one per duty and quarter)."""
    require_perm(actor, "assessment.add_dutyprogress")
    progress = DutyProgress(submitted_by=user_of(actor))
    assign(progress, data, PROGRESS_FIELDS)
    if progress.duty_id:
        _ensure_own_department(progress.duty, actor)
    save_audited(progress, actor=actor, reason=_("填报季度进展"))
    _attach(progress, data, actor)
    return progress


@transaction.atomic
def dutyprogress_update(*, dutyprogress: DutyProgress, data: dict[str, Any], actor: Any) -> DutyProgress:
    require_perm(actor, "assessment.change_dutyprogress")
    _ensure_own_department(dutyprogress.duty, actor)
    changed = assign(dutyprogress, {k: v for k, v in data.items() if k != "duty"}, PROGRESS_FIELDS)
    if changed:
        dutyprogress.submitted_by = user_of(actor)
        changed.append("submitted_by")
    save_audited(dutyprogress, actor=actor, reason=_("修改季度进展"), changed=changed)
    _attach(dutyprogress, data, actor)
    return dutyprogress


@transaction.atomic
def dutyprogress_delete(*, dutyprogress: DutyProgress, actor: Any) -> None:
    require_perm(actor, "assessment.delete_dutyprogress")
    _ensure_own_department(dutyprogress.duty, actor)
    stamp(dutyprogress, actor=actor, reason=_("删除季度进展"))
    dutyprogress.delete()


def _attach(progress: DutyProgress, data: dict[str, Any], actor: Any) -> None:
    for upload in data.get("attachments") or []:
        dutyattachment_create(progress=progress, file=upload, actor=actor)


@transaction.atomic
def dutyattachment_create(*, progress: DutyProgress, file: Any, actor: Any) -> DutyAttachment:
    """Evidence attached to a quarter's progress, by someone who may report for that duty."""
    require_perm(actor, "assessment.add_dutyattachment")
    _ensure_own_department(progress.duty, actor)
    attachment = DutyAttachment(
        progress=progress, file=file, name=str(getattr(file, "name", ""))[:200], uploaded_by=user_of(actor)
    )
    save_audited(attachment, actor=actor, reason=_("上传进展附件"))
    return attachment
