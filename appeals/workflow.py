"""The moves of a request (属地为主、分级分办, domain.md §10) as a table, and the one service that makes them.

A request lands at the enterprise's unit. Its current holder (the unit, the city, or a department)
accepts and answers it, passes it up (unit → city) or across (unit → a department) with a reason;
the city assigns departments. The holder may ask the enterprise for material (the clock stops until
it is supplied) and extend the deadline once with a reason. The enterprise rates the answer;
不满意 reopens the request once, one level up. Every move writes an AppealHop (who, when, from, to, why).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import Role
from core import clock
from core.actors import user_of
from core.services import access_for_update, require_perm, save_audited
from core.workflow import Machine, Transition, register
from workdays.calendar import UnknownYearError
from workdays.selectors import workday_calendar

from .choices import OPEN_STATUSES, HopAction, Level, Rating, Status
from .deadlines import CategoryDays, due_dates, working_days_taken
from .models import Appeal, AppealHop

HOLDER, ENTERPRISE = "holder", "enterprise"
S = Status


OPEN = tuple(OPEN_STATUSES)
EITHER = "either"  # a move the holder or the enterprise may make
# Where a move may be made (the holder's level); a move not named here may be made at every level.
LEVELS: dict[str, tuple[str, ...]] = {
    HopAction.PASS_UP: (Level.UNIT,),
    HopAction.PASS_ACROSS: (Level.UNIT,),
    HopAction.ASSIGN: (Level.CITY,),
}
DEPARTMENT_REQUIRED = (HopAction.PASS_ACROSS, HopAction.ASSIGN)  # the move names the department that takes it
HOLDER_SUPPLY_LABEL = gettext_lazy("材料已补充")  # the holder records material the enterprise brought in


def _rows(
    action: str, sources: tuple[str, ...], target: str, by: str, label: Any, reason: bool = False
) -> list[Transition]:
    return [Transition(action, str(source), str(target), by, reason, label) for source in sources]


# `permission` names the side that makes the move (HOLDER, ENTERPRISE or EITHER); `comment_required`: a reason
# (or the answer's text) is required. 评价 lands at 已办结 unless 不满意 reopens it (the service decides).
TRANSITIONS: tuple[Transition, ...] = (
    *_rows(HopAction.ACCEPT, (S.SUBMITTED,), S.IN_PROGRESS, HOLDER, gettext_lazy("受理")),
    *_rows(HopAction.ANSWER, (S.IN_PROGRESS,), S.ANSWERED, HOLDER, gettext_lazy("答复"), True),
    *_rows(HopAction.PASS_UP, (S.SUBMITTED, S.IN_PROGRESS), S.SUBMITTED, HOLDER, gettext_lazy("上报市级"), True),
    *_rows(HopAction.PASS_ACROSS, (S.SUBMITTED, S.IN_PROGRESS), S.SUBMITTED, HOLDER, gettext_lazy("转交部门"), True),
    *_rows(HopAction.ASSIGN, (S.SUBMITTED, S.IN_PROGRESS), S.SUBMITTED, HOLDER, gettext_lazy("交办部门"), True),
    *_rows(HopAction.REQUEST_MATERIAL, (S.IN_PROGRESS,), S.WAITING, HOLDER, gettext_lazy("要求补充材料"), True),
    *_rows(HopAction.SUPPLY, (S.WAITING,), S.IN_PROGRESS, EITHER, gettext_lazy("补充材料")),
    *_rows(HopAction.EXTEND, (S.IN_PROGRESS,), S.IN_PROGRESS, HOLDER, gettext_lazy("延期"), True),
    *_rows(HopAction.RATE, (S.ANSWERED,), S.CLOSED, ENTERPRISE, gettext_lazy("评价")),
)


def holder_label(appeal: Appeal) -> str:
    """Who holds the request now, as the hop record names it."""
    if appeal.level == Level.DEPARTMENT and appeal.department is not None:
        return appeal.department.name
    if appeal.level == Level.CITY:
        return _("市级")
    return appeal.region.name


def acts_as(appeal: Appeal, actor: Any) -> set[str]:
    """Which sides the actor speaks for on this request now: its holder, its enterprise, or (city) any holder."""
    if actor is None:
        return set()
    if actor.role == Role.ENTERPRISE_USER:
        return {ENTERPRISE} if actor.enterprise_id == appeal.enterprise_id else set()
    if not actor.has_perm("appeals.change_appeal"):
        return set()
    if actor.is_city_admin or actor.role == Role.CITY_STAFF:
        return {HOLDER}  # the city coordinates: it may act for whoever holds the request
    if actor.role == Role.DEPARTMENT_HANDLER:
        ok = appeal.level == Level.DEPARTMENT and actor.department_id == appeal.department_id
        return {HOLDER} if ok else set()
    if actor.role in (Role.UNIT_REPORTER, Role.UNIT_REVIEWER) and appeal.level == Level.UNIT:
        return {HOLDER} if appeal.region_id in actor.scope_region_ids else set()
    return set()


def may_move(transition: Transition, appeal: Appeal, actor: Any) -> bool:
    """Whether the actor speaks for the side that makes the move, at a level where it may be made (a deadline
    is extended once only)."""
    sides = acts_as(appeal, actor)
    by = {HOLDER, ENTERPRISE} if transition.permission == EITHER else {transition.permission}
    if not sides & by or appeal.level not in LEVELS.get(transition.action, tuple(Level.values)):
        return False
    return not (transition.action == HopAction.EXTEND and appeal.extended)


APPEAL_MACHINE = register(Machine("appeals.appeal", TRANSITIONS, may=may_move))


def labelled(transition: Transition, appeal: Appeal, actor: Any) -> Transition:
    """The move as the actor's button and the history name it (the holder records material as 材料已补充)."""
    if transition.action == HopAction.SUPPLY and ENTERPRISE not in acts_as(appeal, actor):
        return replace(transition, label=HOLDER_SUPPLY_LABEL)
    return transition


def available_actions(appeal: Appeal, actor: Any) -> list[Transition]:
    """The moves the actor may make now (the buttons of the request page), one per action."""
    return [labelled(t, appeal, actor) for t in APPEAL_MACHINE.available(appeal, actor)]


def category_days(appeal: Appeal) -> CategoryDays:
    c = appeal.category
    return CategoryDays(c.accept_days, c.simple_days, c.complex_days, c.extended_days)


def record_hop(
    appeal: Appeal, *, action: str, actor: Any, from_holder: str, to_holder: str = "", reason: str = ""
) -> AppealHop:
    return AppealHop.objects.create(
        appeal=appeal,
        action=action,
        actor=user_of(actor),
        from_holder=from_holder,
        to_holder=to_holder or from_holder,
        reason=reason,
    )


@transaction.atomic
def appeal_move(
    *,
    appeal: Appeal,
    action: str,
    actor: Any,
    reason: str = "",
    department: Any = None,
    rating: str = "",
    today: dt.date | None = None,
) -> Appeal:
    """Make one move of the table (the service checks the table and who may, never trusting the caller)."""
    require_perm(actor, "appeals.change_appeal")  # every side that moves (enterprise, unit, city, department) holds it
    appeal = access_for_update(Appeal, actor, appeal.pk, related=("category", "region", "department"))
    transition = APPEAL_MACHINE.find(action, appeal.status)
    if transition is None or not APPEAL_MACHINE.may(transition, appeal, actor):
        raise ValidationError(_("当前状态下不能执行该操作"))
    transition = labelled(transition, appeal, actor)
    reason = (reason or "").strip()
    if transition.comment_required and not reason:
        raise ValidationError({"reason": _("请填写理由或答复内容")})
    if transition.action in DEPARTMENT_REQUIRED and department is None:
        raise ValidationError({"department": _("请选择承办部门")})
    today = today or clock.today()
    try:
        calendar = workday_calendar()
        changed = _apply(
            appeal,
            transition,
            calendar=calendar,
            actor=actor,
            reason=reason,
            department=department,
            rating=rating,
            today=today,
        )
    except UnknownYearError as exc:
        raise ValidationError(
            _("%(years)s年的节假日安排尚未录入，无法计算期限，请联系管理员录入。") % {"years": exc}
        ) from exc
    save_audited(appeal, actor=actor, reason=str(transition.label), changed=changed)
    from .notify import after_move

    after_move(appeal, action=str(action), actor=actor)
    return appeal


def _apply(
    appeal: Appeal,
    t: Transition,
    *,
    calendar: Any,
    actor: Any,
    reason: str,
    department: Any,
    rating: str,
    today: dt.date,
) -> list[str]:
    """Change the request for the move and record the hop; returns the changed fields."""
    before = holder_label(appeal)
    days = category_days(appeal)
    complex_ = appeal.complexity == "complex"
    changed = ["status"]
    action = t.action
    if action == HopAction.ACCEPT:
        appeal.status = S.IN_PROGRESS
        appeal.accepted_on = today
        changed.append("accepted_on")
    elif action == HopAction.ANSWER:
        appeal.status = S.ANSWERED
        appeal.answer = reason
        appeal.answered_on = today
        appeal.workdays_to_answer = working_days_taken(
            calendar, start=appeal.filed_on, end=today, paused=appeal.paused_workdays
        )
        appeal.on_time = today <= appeal.answer_due
        changed += ["answer", "answered_on", "workdays_to_answer", "on_time"]
    elif action in (HopAction.PASS_UP, HopAction.PASS_ACROSS, HopAction.ASSIGN):
        appeal.status = S.SUBMITTED
        if action == HopAction.PASS_UP:
            appeal.level = Level.CITY
        else:
            appeal.level, appeal.department = Level.DEPARTMENT, department
        appeal.accept_due = calendar.add_workdays(today, days.accept)  # the new holder has to accept it in time
        changed += ["level", "department", "accept_due"]
    elif action == HopAction.REQUEST_MATERIAL:
        appeal.status, appeal.paused_on = S.WAITING, today
        changed.append("paused_on")
    elif action == HopAction.SUPPLY:
        paused = calendar.workdays_between(appeal.paused_on or today, today)
        appeal.status, appeal.paused_on = S.IN_PROGRESS, None
        appeal.paused_workdays += paused
        appeal.accept_due = calendar.add_workdays(appeal.accept_due, paused)
        appeal.answer_due = calendar.add_workdays(appeal.answer_due, paused)
        changed += ["paused_on", "paused_workdays", "accept_due", "answer_due"]
        reason = reason or _("暂停 %(n)s 个工作日") % {"n": paused}
    elif action == HopAction.EXTEND:
        appeal.extended, appeal.extension_reason = True, reason[:200]
        _accept, appeal.answer_due = due_dates(
            calendar, start=appeal.filed_on, days=days, complex_=complex_, extended=True, paused=appeal.paused_workdays
        )
        changed += ["extended", "extension_reason", "answer_due"]
    elif action == HopAction.RATE:
        return _rate(appeal, actor=actor, rating=rating, comment=reason, calendar=calendar, today=today, before=before)
    record_hop(appeal, action=action, actor=actor, from_holder=before, to_holder=holder_label(appeal), reason=reason)
    return changed


def _rate(
    appeal: Appeal, *, actor: Any, rating: str, comment: str, calendar: Any, today: dt.date, before: str
) -> list[str]:
    """The enterprise's rating; 不满意 reopens the request once, one level up (unit → city; city/department → city)."""
    if rating not in (Rating.SATISFIED, Rating.BASICALLY, Rating.UNSATISFIED):
        raise ValidationError({"rating": _("请选择满意、基本满意或不满意")})
    appeal.rating, appeal.rating_comment, appeal.rated_on = rating, comment[:300], today
    changed = ["status", "rating", "rating_comment", "rated_on"]
    record_hop(
        appeal,
        action=HopAction.RATE,
        actor=actor,
        from_holder=before,
        reason=f"{Rating(rating).label} {comment}".strip(),
    )
    if rating == Rating.UNSATISFIED and not appeal.reopened:
        days = category_days(appeal)
        appeal.status, appeal.level, appeal.reopened = S.SUBMITTED, Level.CITY, True
        appeal.accept_due = calendar.add_workdays(today, days.accept)
        appeal.answer_due = calendar.add_workdays(
            today, days.complex if appeal.complexity == "complex" else days.simple
        )
        appeal.answered_on, appeal.on_time, appeal.workdays_to_answer = None, None, None
        changed += ["level", "reopened", "accept_due", "answer_due", "answered_on", "on_time", "workdays_to_answer"]
        record_hop(
            appeal, action=HopAction.REOPEN, actor=actor, from_holder=before, to_holder=_("市级"), reason=comment
        )
    else:
        appeal.status = S.CLOSED
    return changed


def is_overdue(appeal: Appeal, today: dt.date) -> bool:
    return appeal.status in OPEN and appeal.status != S.WAITING and appeal.answer_due < today
