"""Monthly reporting's to-do items (core/todo.py): reports to fill or returned, to approve, to accept, months to publish.

Each provider runs a fixed number of queries: the units in scope, their reports of the month due
(one query), and counts by status (one aggregate).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.todo import DANGER, INFO, WARNING, TodoItem
from targets.models import Plan

from . import workflow
from .choices import EDITABLE, ReportStatus
from .models import MonthlyReport, MonthPublication
from .periods import due_month, month_label
from .selectors import deadline_for, home_city, reporting_units

LIST = "reporting:monthlyreport_list"
OVERVIEW = "reporting:month_overview"


def _list_url(**params: Any) -> str:
    return reverse(LIST) + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def _overview_url(year: int, month: int) -> str:
    return reverse(OVERVIEW) + f"?year={year}&month={month}"


def _due(today: dt.date) -> tuple[int, int] | None:
    """The month now due, when a plan covers its year (a system with past years only has nothing due)."""
    due = due_month(today)
    if due is None or not Plan.objects.filter(year_start__lte=due[0], year_end__gte=due[0]).exists():
        return None
    return due


def status_counts(user: Any) -> dict[str, int]:
    """Reports in the user's scope per status that asks someone to act (one aggregate query)."""
    wanted = (ReportStatus.RETURNED, ReportStatus.SUBMITTED, ReportStatus.APPROVED)
    rows = (
        MonthlyReport.objects.visible_to(user)
        .filter(status__in=wanted)
        .aggregate(**{status.value: Count("pk", filter=Q(status=status)) for status in wanted})
    )
    return {key: value or 0 for key, value in rows.items()}


def reports_todo(user: Any, today: dt.date) -> list[TodoItem]:
    """Reporter: the month's reports still to fill, and returned ones. Reviewer: to approve. City: to accept, to publish, overdue units."""
    if not user.has_perm("reporting.view_monthlyreport"):
        return []
    items: list[TodoItem] = []
    counts = status_counts(user)
    can_fill = user.has_perm(workflow.PERM_SUBMIT)
    if can_fill and counts[ReportStatus.RETURNED]:
        items.append(
            TodoItem(_("被退回的月报"), counts[ReportStatus.RETURNED], _list_url(status="returned"), DANGER, nav=LIST)
        )
    if user.has_perm(workflow.PERM_APPROVE) and counts[ReportStatus.SUBMITTED]:
        items.append(
            TodoItem(
                _("待审核的月报"), counts[ReportStatus.SUBMITTED], _list_url(status="submitted"), WARNING, nav=LIST
            )
        )
    if user.has_perm(workflow.PERM_ACCEPT) and counts[ReportStatus.APPROVED]:
        items.append(
            TodoItem(
                _("待市局确认的月报"), counts[ReportStatus.APPROVED], _list_url(status="approved"), WARNING, nav=LIST
            )
        )
    due = _due(today)
    city = home_city(user) if due else None
    if due is None or city is None:
        return items
    year, month = due
    units = reporting_units(city, user)
    reports = {
        r.region_id: r.status
        for r in MonthlyReport.objects.filter(region__in=units, year=year, month=month).only("region", "status")
    }
    deadline = deadline_for(city, year, month)
    missing = [u for u in units if reports.get(u.pk, ReportStatus.DRAFT) in EDITABLE]
    period = month_label(year, month)
    url = _overview_url(year, month)
    if can_fill and missing:
        level = DANGER if today > deadline else WARNING
        items.append(
            TodoItem(_("待填报的月报"), len(missing), url, level, deadline=deadline, detail=period, nav=OVERVIEW)
        )
    if user.has_perm(workflow.PERM_ACCEPT) and missing and today > deadline:
        items.append(
            TodoItem(_("逾期未报的单位"), len(missing), url, DANGER, deadline=deadline, detail=period, nav=OVERVIEW)
        )
    ready = units and all(reports.get(u.pk) == ReportStatus.ACCEPTED for u in units)
    if (
        user.has_perm(workflow.PERM_PUBLISH)
        and ready
        and not MonthPublication.objects.filter(region=city, year=year, month=month).exists()
    ):
        items.append(TodoItem(_("可发布的月份"), 1, url, INFO, detail=period, nav=OVERVIEW))
    return items


PROVIDERS = [reports_todo]
