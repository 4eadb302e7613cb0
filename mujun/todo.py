"""亩均 to-do items (core/todo.py): runs in 公示 waiting for decisions (open objections, or 公示 ended, to finalise).

One query: the runs in 公示 with their open objections counted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.todo import DANGER, WARNING, TodoItem

from .choices import ObjectionStatus, RunStatus
from .models import EvaluationRun


def runs_todo(user: Any, today: dt.date) -> list[TodoItem]:
    """For whoever decides objections or finalises runs: each run in 公示 with open objections or an ended window."""
    decides = user.has_perm("mujun.change_objection")
    finalises = user.has_perm("mujun.publish_evaluationrun")
    if not (decides or finalises):
        return []
    runs = (
        EvaluationRun.objects.visible_to(user)
        .filter(status=RunStatus.PUBLISHED)
        .annotate(
            open_objections=Count("results__objections", filter=Q(results__objections__status=ObjectionStatus.OPEN))
        )
        .order_by("publish_end", "pk")
    )
    items: list[TodoItem] = []
    for run in runs:
        url = reverse("mujun:evaluationrun_detail", args=[run.pk])
        if decides and run.open_objections:
            objections = reverse("mujun:objection_list") + f"?status=open&result__run={run.pk}"
            items.append(
                TodoItem(
                    _("公示中待处理的异议"),
                    run.open_objections,
                    objections,
                    WARNING,
                    deadline=run.publish_end,
                    detail=run.name,
                    nav="mujun:objection_list",
                )
            )
        if finalises and run.publish_end is not None and run.publish_end < today:
            items.append(
                TodoItem(_("公示期满待确定的评价批次"), 1, url, DANGER, detail=run.name, nav="mujun:evaluationrun_list")
            )
    return items


PROVIDERS = [runs_todo]
