"""Monitoring's to-do item for leaders (core/todo.py): the red warnings of the latest month.

The newest plan's matrix in its fixed number of queries (monitoring_matrix: seven), whatever the data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.todo import DANGER, TodoItem
from reporting.periods import month_label
from targets.models import Plan

from .calculations import RED
from .selectors import monitoring_matrix
from .views import VIEW_PERMISSION, default_period


def red_warnings_todo(user: Any, today: dt.date) -> list[TodoItem]:
    """Leaders: how many unit × indicator cells of the latest month are red, linked to the dashboard."""
    if user.role != Role.LEADER or not user.has_perm(VIEW_PERMISSION):
        return []
    plan = Plan.objects.visible_to(user).order_by("-year_end", "-year_start", "-pk").first()
    if plan is None:
        return []
    region_ids = None if user.sees_everything else list(user.scope_region_ids)
    year, month = default_period(plan, region_ids)
    matrix = monitoring_matrix(plan=plan, year=year, month=month, user=user)
    red = sum(1 for cell in matrix.cells.values() if cell.evaluation.colour == RED)
    url = reverse("monitoring:plan_dashboard", args=[plan.pk]) + f"?year={year}&month={month}"
    detail = f"{plan.title} · {month_label(year, month)}"
    return [TodoItem(_("红色预警"), red, url, DANGER, detail=detail, nav="monitoring:index")]


PROVIDERS = [red_warnings_todo]
