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
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import Role
from core.actors import user_of
from core.history import bulk_update_audited, stamp
from core.scope import access_object
from core.services import access_for_update, assign, require_perm, save_audited
from core.workflow import Machine, Transition, register

from .choices import ProblemStatus as PS
from .models import Project, ProjectProblem

PROBLEM_FIELDS = ("kind", "text", "department", "deadline")
OPEN_STATUSES = (PS.OPEN, PS.IN_PROGRESS)  # the statuses that still wait for the department
ESCALATION_STEP_DAYS = 7  # one more 督办级别 for every further week overdue
MAX_ESCALATION_LEVEL = 3  # 1 科室督办, 2 分管领导督办, 3 主要领导督办

ACCEPT, RESOLVE, CLOSE, REOPEN = "accept", "resolve", "close", "reopen"
DEPARTMENT, UNIT = "department", "unit"


# The "permission" of a move is the side that makes it; `acts_as` says which sides a user speaks for.
# A resolution is the required comment of 办结.
PROBLEM_TRANSITIONS: tuple[Transition, ...] = (
    Transition(ACCEPT, PS.OPEN, PS.IN_PROGRESS, DEPARTMENT, label=gettext_lazy("受理")),
    Transition(RESOLVE, PS.OPEN, PS.RESOLVED, DEPARTMENT, comment_required=True, label=gettext_lazy("办结")),
    Transition(RESOLVE, PS.IN_PROGRESS, PS.RESOLVED, DEPARTMENT, comment_required=True, label=gettext_lazy("办结")),
    Transition(CLOSE, PS.RESOLVED, PS.CLOSED, UNIT, label=gettext_lazy("销号")),
    Transition(REOPEN, PS.RESOLVED, PS.IN_PROGRESS, UNIT, label=gettext_lazy("退回重办")),
)


def acts_as(problem: ProjectProblem, actor: Any) -> set[str]:
    """Which side of the problem the actor speaks for: its department's handler, the unit, or (city) both."""
    if actor is None or not actor.has_perm("projects.change_projectproblem"):
        return set()
    if actor.role == Role.DEPARTMENT_HANDLER:
        return {DEPARTMENT} if actor.department_id == problem.department_id else set()
    if actor.is_city_admin or actor.role == Role.CITY_STAFF:
        return {DEPARTMENT, UNIT}  # the city coordinates: it may record either side's move
    return {UNIT}


# The buttons of a problem's page: core.workflow.available_actions(problem, user).
PROBLEM_MACHINE = register(
    Machine(
        "projects.projectproblem",
        PROBLEM_TRANSITIONS,
        may=lambda transition, problem, actor: transition.permission in acts_as(problem, actor),
    )
)


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


@transaction.atomic
def problem_raise(*, project: Project, data: Mapping[str, Any], actor: Any) -> ProjectProblem:
    """A unit raises a problem on one of its projects for a department to coordinate."""
    require_perm(actor, "projects.add_projectproblem")
    access_object(Project, actor, project.pk)
    problem = ProjectProblem(project=project, raised_by=user_of(actor), status=PS.OPEN)
    assign(problem, data, PROBLEM_FIELDS)
    save_audited(problem, actor=actor, reason=_("提出协调事项"))
    return problem


@transaction.atomic
def problem_update(*, problem: ProjectProblem, data: Mapping[str, Any], actor: Any) -> ProjectProblem:
    """Correct a problem's type, text, department or deadline while the department has not answered it."""
    require_perm(actor, "projects.change_projectproblem")
    problem = access_for_update(ProjectProblem, actor, problem.pk)
    changed = assign(problem, data, PROBLEM_FIELDS)
    if not changed:
        return problem  # nothing asked: nothing to refuse
    if UNIT not in acts_as(problem, actor):
        raise PermissionDenied(_("只有提出单位或市局可以修改协调事项"))
    if problem.status not in OPEN_STATUSES:
        raise ValidationError(_("已办结的协调事项不能修改"))
    if "deadline" in changed:  # a new deadline starts the escalation afresh
        problem.escalation_level, problem.escalated_at = 0, None
        changed += ["escalation_level", "escalated_at"]
    save_audited(problem, actor=actor, reason=_("修改协调事项"), changed=changed)
    return problem


@transaction.atomic
def problem_delete(*, problem: ProjectProblem, actor: Any) -> None:
    """Withdraw a problem raised by mistake; only while nobody has taken it up."""
    require_perm(actor, "projects.delete_projectproblem")
    problem = access_for_update(ProjectProblem, actor, problem.pk)
    if problem.status != PS.OPEN:
        raise ValidationError(_("已受理的协调事项不能删除"))
    stamp(problem, actor=actor, reason=_("删除协调事项"))
    problem.delete()


@transaction.atomic
def problem_transition(
    *, problem: ProjectProblem, action: str, actor: Any, resolution: str = "", now: dt.datetime | None = None
) -> ProjectProblem:
    """Make one move of the table: accept, resolve (with the resolution), close or reopen."""
    problem = access_for_update(ProjectProblem, actor, problem.pk)
    transition = PROBLEM_MACHINE.find(action, problem.status)
    if transition is None:
        raise ValidationError(
            _("协调事项当前状态为“%(status)s”，不能执行该操作") % {"status": problem.get_status_display()}
        )
    if not PROBLEM_MACHINE.may(transition, problem, actor):
        if transition.permission == DEPARTMENT:
            raise PermissionDenied(_("只有责任部门的经办人可以受理和办结"))
        raise PermissionDenied(_("只有提出单位或市局可以销号或退回"))
    changed = ["status"]
    resolution = (resolution or "").strip()
    if transition.comment_required:
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
    save_audited(problem, actor=actor, reason=str(transition.label), changed=changed)
    return problem


@transaction.atomic
def problems_escalate(*, today: dt.date, actor: Any, now: dt.datetime | None = None) -> list[ProjectProblem]:
    """Raise the 督办级别 of every overdue open problem to the level due today (the daily scheduled job).

    Idempotent within a day: a problem already at its due level is left alone. Audited as one
    history record per escalated problem (the scheduler runs it as `core.actors.SYSTEM`).
    """
    require_perm(actor, "projects.change_projectproblem")
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
