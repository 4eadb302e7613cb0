"""Who is told what after a move of a request: the new holder, or the enterprise (bell, and e-mail if configured)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.models import User
from notifications.services import notify

from .choices import HopAction, Level
from .models import Appeal


def holder_users(appeal: Appeal) -> QuerySet[User]:
    """The users who hold the request now: the unit's staff, the city's staff, or the department's handlers."""
    users = User.objects.filter(is_active=True)
    if appeal.level == Level.DEPARTMENT:
        return users.filter(role=Role.DEPARTMENT_HANDLER, department_id=appeal.department_id)
    if appeal.level == Level.CITY:
        return users.filter(role=Role.CITY_STAFF)
    return users.filter(role__in=(Role.UNIT_REPORTER, Role.UNIT_REVIEWER), region_id=appeal.region_id)


def enterprise_users(appeal: Appeal) -> QuerySet[User]:
    return User.objects.filter(is_active=True, role=Role.ENTERPRISE_USER, enterprise_id=appeal.enterprise_id)


def leaders() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role=Role.LEADER)


def after_move(appeal: Appeal, *, action: str, actor: Any) -> None:
    url = appeal.get_absolute_url()
    if action in (HopAction.PASS_UP, HopAction.PASS_ACROSS, HopAction.ASSIGN, HopAction.REOPEN, HopAction.RATE):
        if appeal.status == "submitted":
            notify(users=holder_users(appeal), title=_("新的诉求待受理：%s") % appeal, url=url, kind="appeal")
    elif action == HopAction.ANSWER:
        notify(users=enterprise_users(appeal), title=_("您的诉求已答复，请评价：%s") % appeal, url=url, kind="appeal")
    elif action == HopAction.REQUEST_MATERIAL:
        notify(users=enterprise_users(appeal), title=_("请补充诉求材料：%s") % appeal, url=url, kind="appeal")
    elif action == HopAction.SUPPLY:
        notify(users=holder_users(appeal), title=_("企业已补充材料：%s") % appeal, url=url, kind="appeal")


def after_file(appeal: Appeal) -> None:
    notify(
        users=holder_users(appeal), title=_("新的诉求待受理：%s") % appeal, url=appeal.get_absolute_url(), kind="appeal"
    )
