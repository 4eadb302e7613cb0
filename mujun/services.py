"""Business rules of the 亩均 evaluation (domain.md §7): each service one transaction, validated, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import clock
from core.actors import user_of
from core.history import history_from_returning, history_from_rows, stamp
from core.scope import ensure_in_scope
from core.services import model_perm, require_perm
from enterprises.choices import IndustryLevel
from jobs.models import Job
from jobs.services import job_start

from . import runstore, selectors
from .choices import (
    ADJUST,
    COMPUTE,
    FINALISE,
    OBJECTION_MACHINE,
    PUBLISH,
    RECTIFICATION_ENDED,
    RECTIFICATION_MACHINE,
    RECTIFY_LAND_MU,
    RECTIFY_TAX_PER_MU,
    REJECT,
    RUN_ADJUSTABLE,
    RUN_MACHINE,
    UPHOLD,
    Group,
    Klass,
    ObjectionStatus,
    RectificationStatus,
    RuleSetStatus,
    RunStatus,
)
from .jobs import RUN
from .models import (
    Adjustment,
    EvaluationResult,
    EvaluationRun,
    IndustryOverride,
    Objection,
    Rectification,
    RectificationMilestone,
    RectificationProgress,
    RuleIndicator,
    RuleItem,
    RuleSet,
)
from .scoring import evaluate

Progress = Callable[[str], None]


# --- generic create / update / delete of the simple models (rules, lists, data, milestones) ----------


def _parent_ids(obj: models.Model, field: str, stored: dict[str, Any]) -> set[int]:
    """The parent ids (`rule_set`, `rectification`) the object belongs to now and in its stored row: moving a
    part between parents must respect both."""
    ids = {getattr(obj, f"{field}_id", None), stored.get(f"{field}_id")}
    return {i for i in ids if i is not None}


def _stored(obj: models.Model, *fields: str) -> dict[str, Any]:
    """The stored row's values of `fields` (none for a new object)."""
    if obj.pk is None or not fields:
        return {}
    row = type(obj)._default_manager.filter(pk=obj.pk).values(*fields).first()
    return row or {}


def _check_editable(obj: models.Model, stored: dict[str, Any]) -> None:
    """A frozen rule set (used by a run) never changes, nor do its parts move in or out of it: revise it into a
    new version instead. The stored rows decide (the caller's copy may predate the freezing run)."""
    if isinstance(obj, RuleSet):
        ids = {obj.pk} if obj.pk else set()
    elif isinstance(obj, (RuleIndicator, IndustryOverride, RuleItem)):
        ids = _parent_ids(obj, "rule_set", stored)
    else:
        return
    if ids and RuleSet.objects.select_for_update().filter(pk__in=ids, status=RuleSetStatus.FROZEN).exists():
        raise ValidationError(_("该评价规则已被评价批次使用并冻结，请修订为新版本后再修改。"))


def _check_plan_open(obj: models.Model, stored: dict[str, Any]) -> None:
    """Milestones and monthly progress belong to a plan under way: none is added, changed or removed once the
    rectification is closed (销号) or dismissed."""
    if not isinstance(obj, (RectificationMilestone, RectificationProgress)):
        return
    ids = _parent_ids(obj, "rectification", stored)
    if ids and Rectification.objects.filter(pk__in=ids, status__in=RECTIFICATION_ENDED).exists():
        raise ValidationError(_("该整治已销号或不纳入整治，不能再修改整治节点或月度进展。"))


def _check_rules(obj: models.Model) -> None:
    """分行业评价 is per GB/T 4754 division (大类): an override on a section or a finer class is refused (an
    enterprise on a 中类/小类 code takes its division's override, see selectors.group_rules)."""
    if isinstance(obj, IndustryOverride) and obj.industry.level != IndustryLevel.DIVISION:
        raise ValidationError({"industry": _("分行业参数须设在国民经济行业大类上。")})


def _parents_of(obj: models.Model) -> tuple[str, ...]:
    return tuple(f"{f}_id" for f in ("rule_set", "rectification") if hasattr(obj, f"{f}_id"))


def object_save(*, obj: models.Model, data: dict[str, Any], actor: Any, reason: str = "") -> models.Model:
    """Create (a new `obj`) or update one of the simple models (rules, prices, lists, data, milestones, progress) with the
    rules that guard them: frozen rule sets, divisions for overrides, open plans for milestones and progress."""
    require_perm(actor, model_perm(obj, "change" if obj.pk else "add"))
    with transaction.atomic():
        stored = _stored(obj, *_parents_of(obj))
        for name, value in data.items():
            setattr(obj, name, value)
        _check_editable(obj, stored)
        _check_plan_open(obj, stored)
        obj.full_clean()
        _check_rules(obj)
        stamp(obj, actor=actor, reason=reason)
        obj.save()
        ensure_in_scope(obj, actor)
    return obj


def object_delete(*, obj: models.Model, actor: Any) -> None:
    """Delete one of the simple models, refused where a change would be (a frozen rule set, an ended plan)."""
    require_perm(actor, model_perm(obj, "delete"))
    with transaction.atomic():
        stored = _stored(obj, *_parents_of(obj))
        _check_editable(obj, stored)
        _check_plan_open(obj, stored)
        stamp(obj, actor=actor)
        obj.delete()


def rule_set_revise(*, rule_set: RuleSet, actor: Any) -> RuleSet:
    """A new draft version of a rule set, copying its indicators, overrides and items (the old one stays)."""
    require_perm(actor, "mujun.add_ruleset")
    with transaction.atomic():
        latest = RuleSet.objects.filter(year=rule_set.year, group=rule_set.group).order_by("-version").first()
        copy = RuleSet(
            **{
                f.name: getattr(rule_set, f.name)
                for f in RuleSet._meta.concrete_fields
                if f.name not in ("id", "created_at", "updated_at", "version", "status", "based_on")
            },
            version=(latest.version if latest else 0) + 1,
            status=RuleSetStatus.DRAFT,
            based_on=rule_set,
        )
        copy.full_clean()
        stamp(copy, actor=actor, reason=_("修订自 %s") % rule_set)
        copy.save()
        for child_model in (RuleIndicator, IndustryOverride, RuleItem):
            for child in child_model.objects.filter(rule_set=rule_set):
                child.pk = None
                child.rule_set = copy
                stamp(child, actor=actor, reason=_("修订自 %s") % rule_set)
                child.save()
    return copy


# --- the run ------------------------------------------------------------------------------------------


# The move of the run's table that leads to each status.
_RUN_MOVE: dict[str, str] = {
    RunStatus.COMPUTED: COMPUTE,
    RunStatus.ADJUSTED: ADJUST,
    RunStatus.PUBLISHED: PUBLISH,
    RunStatus.FINAL: FINALISE,
}


def _transition(run: EvaluationRun, to: str) -> None:
    move = RUN_MACHINE.find(_RUN_MOVE[to], run.status)
    if move is None or move.target != to:
        raise ValidationError(
            _("评价批次当前状态为“%(now)s”，不能转为“%(to)s”。")
            % {"now": run.get_status_display(), "to": RunStatus(to).label}
        )


def evaluation_run_create(*, year: int, name: str, rule_sets: list[RuleSet], actor: Any) -> EvaluationRun:
    """A run of a year with one rule set per group (each of that year); computing happens in a job."""
    require_perm(actor, "mujun.run_evaluation")
    groups = [rs.group for rs in rule_sets]
    if not rule_sets or len(set(groups)) != len(groups):
        raise ValidationError(_("每个评价组别选择且仅选择一套评价规则。"))
    if any(rs.year != year for rs in rule_sets):
        raise ValidationError(_("评价规则的年度与评价年度不一致。"))
    with transaction.atomic():
        run = EvaluationRun(year=year, name=name)
        run.full_clean()
        stamp(run, actor=actor, reason=_("新建评价批次"))
        run.save()
        run.rule_sets.set(rule_sets)
    return run


def evaluation_run_start(*, run: EvaluationRun, actor: Any) -> Job:
    """Compute a run as a background job with progress (the page and the API both start it here). Only a run
    not yet adjusted, published or final may be (re)computed: the check is made now, not when the job runs."""
    require_perm(actor, "mujun.run_evaluation")
    with transaction.atomic():
        run = EvaluationRun.objects.select_for_update().get(pk=run.pk)
        if RUN_MACHINE.find(COMPUTE, run.status) is None:
            raise ValidationError(
                _("评价批次当前状态为“%s”，已调整、公示或确定的评价批次不能重新计算。") % run.get_status_display()
            )
        job = job_start(kind=RUN, title=_("亩均评价计算：%s") % run.name, actor=actor, params={"run": run.pk})
        run.job = job
        stamp(run, actor=actor, reason=_("发起计算任务 #%s") % job.pk)
        run.save(update_fields=["job", "updated_at"])
    return job


def evaluation_run_compute(*, run: EvaluationRun, actor: Any, progress: Progress | None = None) -> EvaluationRun:
    """Compute every enterprise's values, scores and classes with the run's rule sets (frozen from now on),
    replacing the run's previous results. Only a run not yet adjusted or published may be (re)computed."""
    require_perm(actor, "mujun.run_evaluation")
    say = progress or (lambda text: None)
    _transition(run, RunStatus.COMPUTED)
    rule_sets = list(run.rule_sets.prefetch_related("items"))
    rules = {rs.group: selectors.group_rules(rs) for rs in rule_sets}
    say(_("读取 %s 年度数据") % run.year)
    frame = runstore.read_input(run.year)
    frame = runstore.item_points(frame, selectors.rule_items(rule_sets))
    say(_("计算 %(n)s 家企业的得分与类别") % {"n": frame.height})
    evaluation = evaluate(frame, rules)
    codes = list(dict.fromkeys(r.code for g in rules.values() for r in g.indicators))
    say(_("写入评价结果"))
    with transaction.atomic():
        locked = EvaluationRun.objects.select_for_update().get(pk=run.pk)
        _transition(locked, RunStatus.COMPUTED)
        written = runstore.write_results(run.pk, runstore.with_regions(evaluation.results, frame), codes)
        for rs in rule_sets:
            if rs.status != RuleSetStatus.FROZEN:
                rs.status = RuleSetStatus.FROZEN
                stamp(rs, actor=actor, reason=_("被评价批次 %s 使用，冻结") % run)
                rs.save(update_fields=["status", "updated_at"])
        run.status = RunStatus.COMPUTED
        run.computed_at = timezone.now()
        run.result_count = written
        run.thresholds = evaluation.groups
        run.codes = codes
        stamp(run, actor=actor, reason=_("计算评价结果（%s 家）") % written)
        run.save(update_fields=["status", "computed_at", "result_count", "thresholds", "codes", "updated_at"])
    say(_("完成：%s 家企业") % written)
    return run


def evaluation_run_delete(*, run: EvaluationRun, actor: Any) -> None:
    """Delete a run that was never published (computed or adjusted: the bureau's draft) with its results and
    their adjustments; a published or final run is what the enterprises were shown and stays. The results go
    with their table on PostgreSQL (`runstore.drop_results` drops the run's partition), not row by row."""
    require_perm(actor, "mujun.delete_evaluationrun")
    with transaction.atomic():
        locked = EvaluationRun.objects.select_for_update().get(pk=run.pk)
        if locked.status not in (RunStatus.COMPUTED, RunStatus.ADJUSTED):
            raise ValidationError(_("评价批次已公示或已确定，不能删除。"))
        # the results' own dependants first, so that Django's cascade finds no result to load one by one
        Adjustment.objects.filter(result__run=locked).delete()
        Objection.objects.filter(result__run=locked).delete()
        runstore.drop_results(locked.pk)
        stamp(locked, actor=actor, reason=_("删除评价批次"))
        locked.delete()


def _change_class(
    *, run: EvaluationRun, result: EvaluationResult, klass: str, reason: str, audit: str, actor: Any
) -> Adjustment:
    """Change a result's final class (both locked by the caller) and record the adjustment. A computed run
    becomes adjusted; a run in 公示 stays published, so its window and open objections go on."""
    if run.status not in RUN_ADJUSTABLE:
        raise ValidationError(_("评价结果已确定，不能再调整类别。"))
    if klass == result.final_class:
        raise ValidationError({"klass": _("调整后类别与当前类别相同。")})
    adjustment = Adjustment(result=result, before=result.final_class, after=klass, reason=reason, actor=user_of(actor))
    adjustment.full_clean()
    stamp(adjustment, actor=actor, reason=audit)
    adjustment.save()
    result.final_class = klass
    result.save(update_fields=["final_class"])
    if run.status == RunStatus.COMPUTED:
        _transition(run, RunStatus.ADJUSTED)
        run.status = RunStatus.ADJUSTED
        stamp(run, actor=actor, reason=_("人工调整：%s") % reason)
        run.save(update_fields=["status", "updated_at"])
    return adjustment


def result_adjust(*, result: EvaluationResult, klass: str, reason: str, actor: Any) -> Adjustment:
    """Change a result's final class by hand with a written reason: while computed, adjusted or in 公示, never
    once final."""
    require_perm(actor, "mujun.add_adjustment")
    if not reason.strip():
        raise ValidationError({"reason": _("请填写调整理由。")})
    if klass not in Klass.values:
        raise ValidationError({"klass": _("类别无效。")})
    with transaction.atomic():
        run = EvaluationRun.objects.select_for_update().get(pk=result.run_id)
        result = EvaluationResult.objects.select_for_update().get(pk=result.pk)
        adjustment = _change_class(run=run, result=result, klass=klass, reason=reason, audit=reason, actor=actor)
        ensure_in_scope(adjustment, actor)
    return adjustment


def evaluation_run_publish(*, run: EvaluationRun, start: dt.date, end: dt.date, actor: Any) -> EvaluationRun:
    """Open the 公示 window for objections: 3 to 7 days (domain.md §7), starting today at the earliest (a window
    in the past would let the run be finalised at once, without any chance to object)."""
    require_perm(actor, "mujun.publish_evaluationrun")
    if start < clock.today():
        raise ValidationError({"start": _("公示开始日期不能早于今天。")})
    days = (end - start).days + 1
    if days < 3 or days > 7:
        raise ValidationError({"end": _("公示期应为3至7天。")})
    with transaction.atomic():
        run = EvaluationRun.objects.select_for_update().get(pk=run.pk)
        _transition(run, RunStatus.PUBLISHED)
        run.status, run.publish_start, run.publish_end = RunStatus.PUBLISHED, start, end
        stamp(run, actor=actor, reason=_("公示 %(s)s 至 %(e)s") % {"s": start, "e": end})
        run.save(update_fields=["status", "publish_start", "publish_end", "updated_at"])
    return run


def objection_create(
    *, result: EvaluationResult, text: str, actor: Any, evidence: Any = None, requested_class: str = ""
) -> Objection:
    """An enterprise (or its unit) objects to a published result within the 公示 window, with evidence."""
    require_perm(actor, "mujun.add_objection")
    run = result.run
    today = clock.today()
    if run.status != RunStatus.PUBLISHED or not (run.publish_start and run.publish_end):
        raise ValidationError(_("该评价结果不在公示期，不能提出异议。"))
    if not run.publish_start <= today <= run.publish_end:
        raise ValidationError(
            _("公示期为 %(s)s 至 %(e)s，当前不能提出异议。") % {"s": run.publish_start, "e": run.publish_end}
        )
    with transaction.atomic():
        objection = Objection(result=result, text=text, requested_class=requested_class or "")
        if evidence is not None:
            objection.evidence = evidence
        objection.full_clean()
        stamp(objection, actor=actor, reason=_("提出异议"))
        objection.save()
        ensure_in_scope(objection, actor)
    return objection


def objection_decide(*, objection: Objection, upheld: bool, decision: str, actor: Any, klass: str = "") -> Objection:
    """Decide an objection once (rows locked, so two reviewers cannot both decide it); an upheld one changes the
    class (an adjustment with the decision as its reason), so it must name another class than the current one."""
    require_perm(actor, "mujun.change_objection")
    if not decision.strip():
        raise ValidationError({"decision": _("请填写处理意见。")})
    with transaction.atomic():
        run_id = EvaluationResult.objects.filter(pk=objection.result_id).values_list("run_id", flat=True).get()
        run = EvaluationRun.objects.select_for_update().get(pk=run_id)
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if OBJECTION_MACHINE.find(UPHOLD if upheld else REJECT, objection.status) is None:
            raise ValidationError(_("该异议已处理。"))
        if run.status != RunStatus.PUBLISHED:
            raise ValidationError(_("评价批次不在公示阶段，不能处理异议。"))
        objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
        objection.decision, objection.decided_by, objection.decided_at = decision, user_of(actor), timezone.now()
        stamp(objection, actor=actor, reason=decision)
        objection.save(update_fields=["status", "decision", "decided_by", "decided_at", "updated_at"])
        if upheld:
            target = klass or objection.requested_class
            if not target:
                raise ValidationError({"klass": _("异议成立时请选择调整后的类别。")})
            result = EvaluationResult.objects.select_for_update().get(pk=objection.result_id)
            if target == result.final_class:
                raise ValidationError({"klass": _("异议成立须调整为其他类别；类别不变请选择异议不成立。")})
            _change_class(
                run=run, result=result, klass=target, reason=_("异议成立：%s") % decision, audit=decision, actor=actor
            )
        ensure_in_scope(objection, actor)
    return objection


def evaluation_run_finalise(*, run: EvaluationRun, actor: Any) -> EvaluationRun:
    """The final result: after the 公示 window has closed and every objection has been decided. The price rules
    of the year after are copied onto the run (`prices`), so the run's surcharges never change afterwards."""
    require_perm(actor, "mujun.publish_evaluationrun")
    with transaction.atomic():
        run = EvaluationRun.objects.select_for_update().get(pk=run.pk)
        _transition(run, RunStatus.FINAL)
        if run.publish_end and clock.today() <= run.publish_end:
            raise ValidationError(_("公示期尚未结束（至 %s）。") % run.publish_end)
        if Objection.objects.filter(result__run=run, status=ObjectionStatus.OPEN).exists():
            raise ValidationError(_("仍有未处理的异议。"))
        run.status, run.finalised_at = RunStatus.FINAL, timezone.now()
        run.prices = selectors.price_snapshot(run.year + 1)
        stamp(run, actor=actor, reason=_("确定最终结果"))
        run.save(update_fields=["status", "finalised_at", "prices", "updated_at"])
    return run


# --- rectification of 高耗低效 firms ------------------------------------------------------------------


def rectification_identify(*, run: EvaluationRun, actor: Any) -> int:
    """查找: candidates from the final D class and the rule sets' thresholds (亩均税收 below the line; 规下
    firms on at least the land line), by default the domain's 6 / 3 万元/亩 and 10 亩 (domain.md §7). The land
    is that year's data, a shared parcel's combined land (as the run combined it), not the registry's.
    Firms already listed for the year are left alone. Set-based: one INSERT … SELECT over the run's results and
    one history record per new row (who, when, "+"), copied by the database; returns how many were listed."""
    require_perm(actor, "mujun.add_rectification")
    if run.status != RunStatus.FINAL:
        raise ValidationError(_("请在评价结果确定后再查找高耗低效企业。"))
    tax_lines: dict[str, tuple[Decimal, str]] = {}
    land_lines: dict[str, tuple[Decimal, str]] = {}
    for rs in run.rule_sets.all():
        tax_line = rs.rectify_tax_per_mu
        if tax_line is None:  # a rule set saved before the defaults existed
            tax_line = RECTIFY_TAX_PER_MU.get(rs.group)
        if tax_line is not None:
            tax_lines[rs.group] = (tax_line, _("亩均税收低于%s万元/亩") % tax_line)
        if rs.group != Group.ABOVE:
            land_line = rs.rectify_land_mu if rs.rectify_land_mu is not None else RECTIFY_LAND_MU
            land_lines[rs.group] = (land_line, _("用地%s亩以上仍为规下") % land_line)
    reason, now = _("查找高耗低效企业"), timezone.now()
    with transaction.atomic():
        count, ids = runstore.insert_rectifications(
            run_id=run.pk, year=run.year, codes=list(run.codes or []), d_reason=_("D类"), tax_lines=tax_lines,
            land_lines=land_lines, status=RectificationStatus.IDENTIFIED, now=now,
            listed=Rectification.objects.filter(year=run.year).exists(),
            history=history_from_returning(Rectification, "new", history_type="+", actor=actor, reason=reason, date=now),
        )  # fmt: skip
        history_from_rows(Rectification, ids, history_type="+", actor=actor, reason=reason, date=now)
    return count


def _rect_transition(item: Rectification, to: str) -> None:
    if not RECTIFICATION_MACHINE.allows(item.status, to):
        raise ValidationError(
            _("整治当前状态为“%(now)s”，不能转为“%(to)s”。")
            % {"now": item.get_status_display(), "to": RectificationStatus(to).label}
        )


def rectification_confirm(*, rectification: Rectification, path: str, plan: str, actor: Any) -> Rectification:
    """筛选: the unit confirms the firm and chooses a path with the plan (or dismisses it: path empty)."""
    require_perm(actor, "mujun.change_rectification")
    with transaction.atomic():
        to = RectificationStatus.CONFIRMED if path else RectificationStatus.DISMISSED
        _rect_transition(rectification, to)
        rectification.status, rectification.path, rectification.plan = to, path, plan
        rectification.full_clean()
        stamp(rectification, actor=actor, reason=plan or _("不纳入整治"))
        rectification.save(update_fields=["status", "path", "plan", "updated_at"])
        ensure_in_scope(rectification, actor)
    return rectification


def rectification_start(*, rectification: Rectification, actor: Any) -> Rectification:
    """整治: the plan is under way once it has at least one milestone."""
    require_perm(actor, "mujun.change_rectification")
    with transaction.atomic():
        _rect_transition(rectification, RectificationStatus.IN_PROGRESS)
        if not rectification.milestones.exists():
            raise ValidationError(_("请先填写整治节点。"))
        rectification.status = RectificationStatus.IN_PROGRESS
        stamp(rectification, actor=actor, reason=_("开始整治"))
        rectification.save(update_fields=["status", "updated_at"])
    return rectification


def rectification_close(
    *, rectification: Rectification, evidence: Any, land_freed_mu: Decimal, energy_freed_tce: Decimal, actor: Any
) -> Rectification:
    """销号: evidence and the freed land and energy, signed off by a reviewer (permission close_rectification)."""
    require_perm(actor, "mujun.close_rectification")
    if not evidence:
        raise ValidationError({"evidence": _("销号须上传证明材料。")})
    with transaction.atomic():
        _rect_transition(rectification, RectificationStatus.CLOSED)
        rectification.evidence = evidence
        rectification.land_freed_mu, rectification.energy_freed_tce = land_freed_mu, energy_freed_tce
        rectification.status, rectification.reviewer, rectification.closed_at = (
            RectificationStatus.CLOSED, actor, timezone.now(),
        )  # fmt: skip
        rectification.full_clean()
        stamp(rectification, actor=actor, reason=_("销号"))
        rectification.save()
        ensure_in_scope(rectification, actor)
    return rectification
