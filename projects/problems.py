"""Problems to coordinate (协调事项, domain.md §6): raising, answering, closing and escalating them.

A unit raises a problem on one of its projects and names the responsible department and a
deadline; the department's handler takes it up (accept) and answers it with a resolution
(resolve); the unit confirms the answer (close) or sends it back (reopen). Open items whose
deadline has passed escalate: a daily scheduled job raises their 督办级别 one level per week
overdue (level 1 on the first day overdue), so running it twice a day changes nothing.

The moves are a table (PROBLEM_TRANSITIONS) that the service looks up itself; who may make a move
is part of the table: the department's own handler ("department") or the unit ("unit").
Every service is one transaction and records the actor in the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import Role
from core.history import bulk_update_audited, stamp
from core.scope import ensure_in_scope

from .choices import ProblemStatus as PS
from .models import Project, ProjectProblem

PROBLEM_FIELDS = ("kind", "text", "department", "deadline")
OPEN_STATUSES = (PS.OPEN, PS.IN_PROGRESS)  # the statuses that still wait for the department
ESCALATION_STEP_DAYS = 7  # one more 督办级别 for every further week overdue
MAX_ESCALATION_LEVEL = 3  # 1 科室督办, 2 分管领导督办, 3 主要领导督办

ACCEPT, RESOLVE, CLOSE, REOPEN = "accept", "resolve", "close", "reopen"
DEPARTMENT, UNIT = "department", "unit"


@dataclass(frozen=True)
class ProblemTransition:
    """One allowed move of a problem: from `source` to `target`, made by `by` (the department or the unit)."""

    action: str
    source: str
    target: str
    by: str
    label: Any
    resolution_required: bool = False


PROBLEM_TRANSITIONS: tuple[ProblemTransition, ...] = (
    ProblemTransition(ACCEPT, PS.OPEN, PS.IN_PROGRESS, DEPARTMENT, gettext_lazy("受理")),
    ProblemTransition(RESOLVE, PS.OPEN, PS.RESOLVED, DEPARTMENT, gettext_lazy("办结"), resolution_required=True),
    ProblemTransition(RESOLVE, PS.IN_PROGRESS, PS.RESOLVED, DEPARTMENT, gettext_lazy("办结"), resolution_required=True),
    ProblemTransition(CLOSE, PS.RESOLVED, PS.CLOSED, UNIT, gettext_lazy("销号")),
    ProblemTransition(REOPEN, PS.RESOLVED, PS.IN_PROGRESS, UNIT, gettext_lazy("退回重办")),
)


def find_problem_transition(action: str, source: str) -> ProblemTransition | None:
    """The table's row for `action` from `source`, or None when the move is not allowed."""
    for transition in PROBLEM_TRANSITIONS:
        if transition.action == action and transition.source == source:
            return transition
    return None


def acts_as(problem: ProjectProblem, actor: Any) -> set[str]:
    """Which side of the problem the actor speaks for: its department's handler, the unit, or (city) both."""
    if actor is None or not actor.has_perm("projects.change_projectproblem"):
        return set()
    if actor.role == Role.DEPARTMENT_HANDLER:
        return {DEPARTMENT} if actor.department_id == problem.department_id else set()
    if actor.is_city_admin or actor.role == Role.CITY_STAFF:
        return {DEPARTMENT, UNIT}  # the city coordinates: it may record either side's move
    return {UNIT}


def available_problem_actions(problem: ProjectProblem, actor: Any) -> list[ProblemTransition]:
    """The moves the actor may make on the problem now (the buttons of the detail page)."""
    sides = acts_as(problem, actor)
    return [t for t in PROBLEM_TRANSITIONS if t.source == problem.status and t.by in sides]


def escalation_level_due(*, deadline: dt.date | None, today: dt.date) -> int:
    """The 督办级别 an open problem should have today: 0 until overdue, then 1 + one per further week, capped."""
    if deadline is None or today <= deadline:
        return 0
    days_overdue = (today - deadline).days
    return min(MAX_ESCALATION_LEVEL, 1 + (days_overdue - 1) // ESCALATION_STEP_DAYS)


def is_overdue(problem: ProjectProblem, today: dt.date) -> bool:
    """Still waiting for the department and past its deadline."""
    return problem.status in OPEN_STATUSES and problem.deadline is not None and problem.deadline < today


# --- services ------------------------------------------------------------------------------------


def _fetch(problem: ProjectProblem, actor: Any) -> ProjectProblem:
    """The problem's current row, locked, if the actor may see it (else the same 404)."""
    manager = ProjectProblem.objects
    queryset = manager.visible_to(actor) if actor is not None else manager.all()
    try:
        return queryset.select_for_update().get(pk=problem.pk)
    except ProjectProblem.DoesNotExist:
        raise Http404(_("对象不存在")) from None


def _require(actor: Any, permission: str) -> None:
    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied(_("您没有执行此操作的权限"))


def _assign(obj: ProjectProblem, data: Mapping[str, Any]) -> list[str]:
    changed = []
    for name in PROBLEM_FIELDS:
        if name in data and (obj.pk is None or getattr(obj, name) != data[name]):
            setattr(obj, name, data[name])
            changed.append(name)
    return changed


@transaction.atomic
def problem_raise(*, project: Project, data: Mapping[str, Any], actor: Any) -> ProjectProblem:
    """A unit raises a problem on one of its projects for a department to coordinate."""
    _require(actor, "projects.add_projectproblem")
    if not Project.objects.visible_to(actor).filter(pk=project.pk).exists():
        raise Http404(_("对象不存在"))
    problem = ProjectProblem(project=project, raised_by=actor, status=PS.OPEN)
    _assign(problem, data)
    problem.full_clean()
    stamp(problem, actor=actor, reason=_("提出协调事项"))
    problem.save()
    ensure_in_scope(problem, actor)
    return problem


@transaction.atomic
def problem_update(*, problem: ProjectProblem, data: Mapping[str, Any], actor: Any) -> ProjectProblem:
    """Correct a problem's type, text, department or deadline while the department has not answered it."""
    _require(actor, "projects.change_projectproblem")
    problem = _fetch(problem, actor)
    changed = _assign(problem, data)
    if not changed:
        return problem  # nothing asked: nothing to refuse
    if UNIT not in acts_as(problem, actor):
        raise PermissionDenied(_("只有提出单位或市局可以修改协调事项"))
    if problem.status not in OPEN_STATUSES:
        raise ValidationError(_("已办结的协调事项不能修改"))
    if "deadline" in changed:  # a new deadline starts the escalation afresh
        problem.escalation_level, problem.escalated_at = 0, None
        changed += ["escalation_level", "escalated_at"]
    problem.full_clean()
    stamp(problem, actor=actor, reason=_("修改协调事项"))
    problem.save(update_fields=[*changed, "updated_at"])
    ensure_in_scope(problem, actor)
    return problem


@transaction.atomic
def problem_delete(*, problem: ProjectProblem, actor: Any) -> None:
    """Withdraw a problem raised by mistake; only while nobody has taken it up."""
    _require(actor, "projects.delete_projectproblem")
    problem = _fetch(problem, actor)
    if problem.status != PS.OPEN:
        raise ValidationError(_("已受理的协调事项不能删除"))
    stamp(problem, actor=actor, reason=_("删除协调事项"))
    problem.delete()


@transaction.atomic
def problem_transition(
    *, problem: ProjectProblem, action: str, actor: Any, resolution: str = "", now: dt.datetime | None = None
) -> ProjectProblem:
    """Make one move of the table: accept, resolve (with the resolution), close or reopen."""
    problem = _fetch(problem, actor)
    transition = find_problem_transition(action, problem.status)
    if transition is None:
        raise ValidationError(
            _("协调事项当前状态为“%(status)s”，不能执行该操作") % {"status": problem.get_status_display()}
        )
    if transition.by not in acts_as(problem, actor):
        if transition.by == DEPARTMENT:
            raise PermissionDenied(_("只有责任部门的经办人可以受理和办结"))
        raise PermissionDenied(_("只有提出单位或市局可以销号或退回"))
    changed = ["status"]
    resolution = (resolution or "").strip()
    if transition.resolution_required:
        if not resolution:
            raise ValidationError({"resolution": _("请填写办理结果")})
        problem.resolution = resolution
        problem.resolved_at = now or timezone.now()
        changed += ["resolution", "resolved_at"]
    elif action == REOPEN and resolution:
        # The unit's reason for sending it back is kept with the answer it refused.
        problem.resolution = f"{problem.resolution}\n【{_('退回意见')}】{resolution}".strip()
        changed.append("resolution")
    problem.status = transition.target
    problem.full_clean()
    stamp(problem, actor=actor, reason=str(transition.label))
    problem.save(update_fields=[*changed, "updated_at"])
    return problem


@transaction.atomic
def problems_escalate(*, today: dt.date, actor: Any = None, now: dt.datetime | None = None) -> list[ProjectProblem]:
    """Raise the 督办级别 of every overdue open problem to the level due today (the daily scheduled job).

    Idempotent within a day: a problem already at its due level is left alone. Audited as one
    history record per escalated problem (the actor is None when the scheduler runs it).
    """
    now = now or timezone.now()
    candidates = list(
        ProjectProblem.objects.select_for_update()
        .filter(status__in=OPEN_STATUSES, deadline__lt=today, escalation_level__lt=MAX_ESCALATION_LEVEL)
        .order_by("pk")
    )
    escalated = []
    for problem in candidates:
        due = escalation_level_due(deadline=problem.deadline, today=today)
        if due > problem.escalation_level:
            problem.escalation_level = due
            problem.escalated_at = now
            problem.updated_at = now
            escalated.append(problem)
    bulk_update_audited(
        ProjectProblem,
        escalated,
        ["escalation_level", "escalated_at", "updated_at"],
        actor=actor,
        reason=_("逾期自动督办"),
    )
    return escalated


# --- the generic views' and viewsets' service signatures -------------------------------------------------


def projectproblem_create(*, data: Mapping[str, Any], actor: Any) -> ProjectProblem:
    return problem_raise(project=data["project"], data=data, actor=actor)


def projectproblem_update(*, projectproblem: ProjectProblem, data: Mapping[str, Any], actor: Any) -> ProjectProblem:
    return problem_update(problem=projectproblem, data=data, actor=actor)


def projectproblem_delete(*, projectproblem: ProjectProblem, actor: Any) -> None:
    problem_delete(problem=projectproblem, actor=actor)
