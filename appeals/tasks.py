"""The daily job of the requests: reminders one working day before a deadline, escalation of overdue
requests (unit → city → the leader's list), and 未评价 for answers not rated within 10 working days.

Idempotent: the escalation level is the level due today (deadlines.escalation_level_due), a reminder is
sent once per day (`reminded_on`), so running it twice a day changes nothing. Huey's crontab is UTC:
18:40 UTC is 02:40 in Beijing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from core import clock
from core.actors import SYSTEM, user_of
from core.history import bulk_update_audited
from core.services import require_perm

from .choices import HopAction, Rating, Status
from .deadlines import escalation_level_due, rating_expired, remind_today
from .models import Appeal, AppealHop
from .notify import holder_users, leaders
from .workflow import holder_label


@dataclass
class DailyResult:
    reminded: int = 0
    escalated: int = 0
    expired: int = 0


@transaction.atomic
def appeals_daily(*, actor: Any, today: dt.date | None = None) -> DailyResult:
    """Remind, escalate and expire the open requests of the day (the nightly task runs it as `SYSTEM`)."""
    require_perm(actor, "appeals.change_appeal")
    from notifications.services import notify
    from workdays.selectors import workday_calendar

    today = today or clock.today()
    calendar = workday_calendar()
    result = DailyResult()
    active = Appeal.objects.filter(status__in=(Status.SUBMITTED, Status.IN_PROGRESS)).select_related(
        "region", "department", "category"
    )
    reminded, escalated, hops = [], [], []
    for appeal in active.iterator(chunk_size=2000):
        due = appeal.accept_due if appeal.status == Status.SUBMITTED else appeal.answer_due
        if appeal.reminded_on != today and remind_today(calendar, due=due, today=today):
            notify(
                users=holder_users(appeal),
                title=_("诉求明天到期：%s") % appeal,
                url=appeal.get_absolute_url(),
                kind="appeal_due",
            )
            appeal.reminded_on = today
            reminded.append(appeal)
        level = escalation_level_due(calendar, answer_due=appeal.answer_due, today=today)
        if level > appeal.escalation_level:
            appeal.escalation_level = level
            escalated.append(appeal)
            to = _("领导督办清单") if level >= 2 else _("市级督办")
            hops.append(
                AppealHop(
                    appeal=appeal,
                    action=HopAction.ESCALATE,
                    actor=user_of(actor),
                    from_holder=holder_label(appeal),
                    to_holder=to,
                    reason=_("超过答复期限"),
                )
            )
            recipients = leaders() if level >= 2 else _city()
            notify(
                users=recipients,
                title=_("超期诉求督办：%s") % appeal,
                url=appeal.get_absolute_url(),
                kind="appeal_overdue",
            )
    expired = []
    for appeal in Appeal.objects.filter(status=Status.ANSWERED).iterator(chunk_size=2000):
        if appeal.answered_on and rating_expired(calendar, answered_on=appeal.answered_on, today=today):
            appeal.status, appeal.rating = Status.CLOSED, Rating.UNRATED
            expired.append(appeal)
            hops.append(
                AppealHop(
                    appeal=appeal,
                    action=HopAction.EXPIRE,
                    actor=user_of(actor),
                    from_holder="",
                    reason=_("10个工作日内未评价"),
                )
            )
    reason = _("每日诉求提醒与督办")
    bulk_update_audited(Appeal, reminded, ["reminded_on"], actor=actor, reason=reason)
    bulk_update_audited(
        Appeal, [a for a in escalated if a not in reminded], ["escalation_level"], actor=actor, reason=reason
    )
    bulk_update_audited(
        Appeal, [a for a in escalated if a in reminded], ["escalation_level", "reminded_on"], actor=actor, reason=reason
    )
    bulk_update_audited(Appeal, expired, ["status", "rating"], actor=actor, reason=reason)
    AppealHop.objects.bulk_create(hops)
    result.reminded, result.escalated, result.expired = len(reminded), len(escalated), len(expired)
    return result


def _city() -> Any:
    from accounts.choices import Role
    from accounts.models import User

    return User.objects.filter(is_active=True, role=Role.CITY_STAFF)


@db_periodic_task(crontab(hour="18", minute="40"))
def appeals_daily_task() -> None:
    """Every night at 02:40 Beijing time."""
    appeals_daily(actor=SYSTEM)
