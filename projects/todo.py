"""Key projects' to-do items (core/todo.py): updates due or returned, updates to review, problems to handle.

A fixed number of queries: one aggregate over the projects, one over the updates, one over the problems.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.todo import DANGER, INFO, WARNING, TodoItem

from .calculations import month_end
from .choices import Flag, Stage, UpdateStatus
from .models import Project, ProjectProblem, ProjectUpdate
from .problems import OPEN_STATUSES
from .updates import PERM_EDIT, PERM_REVIEW

PROJECTS = "projects:project_list"
UPDATES = "projects:projectupdate_list"
PROBLEMS = "projects:projectproblem_list"


def updates_todo(user: Any, today: dt.date) -> list[TodoItem]:
    """Units: the month's updates not yet sent (projects short of 达产) and the returned ones. City: updates to review."""
    if not user.has_perm("projects.view_projectupdate"):
        return []
    items: list[TodoItem] = []
    counts = ProjectUpdate.objects.visible_to(user).aggregate(
        returned=Count("pk", filter=Q(status=UpdateStatus.RETURNED)),
        submitted=Count("pk", filter=Q(status=UpdateStatus.SUBMITTED)),
    )
    if user.has_perm(PERM_EDIT) and user.has_perm("projects.add_projectupdate"):
        this_month = today.year * 100 + today.month
        due = (
            Project.objects.visible_to(user)
            .filter(active=True)
            .exclude(stage=Stage.OPERATING)
            .filter(Q(last_update_year_month__isnull=True) | Q(last_update_year_month__lt=this_month))
            .count()
        )
        if due:
            items.append(
                TodoItem(
                    _("本月待报送进展的项目"),
                    due,
                    reverse(PROJECTS) + f"?flag={Flag.NO_UPDATE}&active=true",
                    WARNING,
                    deadline=month_end(today.year, today.month),
                    detail=_("%(year)d年%(month)d月") % {"year": today.year, "month": today.month},
                    nav=UPDATES,
                )
            )
        if counts["returned"]:
            url = reverse(UPDATES) + "?status=returned"
            items.append(TodoItem(_("被退回的月度进展"), counts["returned"], url, DANGER, nav=UPDATES))
    if user.has_perm(PERM_REVIEW) and counts["submitted"]:
        url = reverse(UPDATES) + "?status=submitted"
        items.append(TodoItem(_("待审核的月度进展"), counts["submitted"], url, WARNING, nav=UPDATES))
    return items


def problems_todo(user: Any, today: dt.date) -> list[TodoItem]:
    """Department handlers: the department's open problems (nearest deadline, overdue first). Units: answers to
    confirm (销号). Leaders and the city: overdue problems."""
    if not user.has_perm("projects.view_projectproblem"):
        return []
    counts = ProjectProblem.objects.visible_to(user).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, deadline__lt=today)),
        resolved=Count("pk", filter=Q(status="resolved")),
        nearest=Min("deadline", filter=Q(status__in=OPEN_STATUSES, deadline__gte=today)),
    )
    items: list[TodoItem] = []
    base = reverse(PROBLEMS)
    handles = user.role == Role.DEPARTMENT_HANDLER and user.has_perm("projects.change_projectproblem")
    if handles and counts["open"]:
        items.append(
            TodoItem(
                _("本部门待办理的协调事项"),
                counts["open"],
                base + "?status=open",
                WARNING,
                deadline=counts["nearest"],
                nav=PROBLEMS,
            )
        )
    if counts["overdue"] and (handles or user.role in (Role.LEADER, Role.CITY_STAFF, Role.CITY_ADMIN)):
        items.append(TodoItem(_("已逾期的协调事项"), counts["overdue"], base + "?overdue=true", DANGER, nav=PROBLEMS))
    unit_side = user.role in (Role.UNIT_REPORTER, Role.UNIT_REVIEWER) and user.has_perm(
        "projects.change_projectproblem"
    )
    if unit_side and counts["resolved"]:
        items.append(
            TodoItem(_("已办结待销号的协调事项"), counts["resolved"], base + "?status=resolved", INFO, nav=PROBLEMS)
        )
    if unit_side and counts["overdue"]:
        items.append(
            TodoItem(_("部门逾期未办的协调事项"), counts["overdue"], base + "?overdue=true", DANGER, nav=PROBLEMS)
        )
    return items


PROVIDERS = [updates_todo, problems_todo]
