"""The requests' figures (domain.md §10): received, answered, on time, overdue, mean working days to answer,
feedback rate and satisfaction rate, per month, category, unit or department; trend, heat map, oldest open.

One GROUP BY over stored columns per table (deadlines and working days are stored at each move), so a
province year of 500,000 requests is counted by the database, not in Python. Rates are computed by
`rates()` (pure), shown with one decimal: feedback = rated / answered, satisfaction = (满意 + 基本满意) / rated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext, gettext_lazy

from core.excel import Column

from .choices import Rating, Status

DIMENSIONS = {
    "month": ("filed_month", gettext_lazy("月份")),
    "category": ("category__name", gettext_lazy("诉求类别")),
    "unit": ("region__name", gettext_lazy("属地单位")),
    "department": ("department__name", gettext_lazy("承办部门")),
}
ANSWERED = (Status.ANSWERED, Status.CLOSED)
RATED = (Rating.SATISFIED, Rating.BASICALLY, Rating.UNSATISFIED)


def month_label(month: int) -> str:
    """A month of the figures as the reader's language writes it (3月, Month 3)."""
    return gettext("%(month)s月") % {"month": month}


@dataclass(frozen=True)
class Col:
    """An Excel column whose header is translated when the file is written (not at import time)."""

    header: str
    value: Callable[[Any], Any]
    width: int = 14
    number_format: str | None = None

    def column(self) -> Column:
        return Column(gettext(self.header), self.value, self.width, self.number_format)


@dataclass(frozen=True)
class FigureRow:
    key: Any
    received: int
    answered: int
    on_time: int
    overdue: int
    mean_workdays: Decimal | None
    rated: int
    satisfied: int
    feedback_rate: Decimal | None
    satisfaction_rate: Decimal | None
    on_time_rate: Decimal | None


def percent(numerator: int, denominator: int) -> Decimal | None:
    """A rate in per cent with one decimal (domain.md §13), None when there is nothing to divide by."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rates(key: Any, counts: dict[str, Any]) -> FigureRow:
    """One row of the table from the database's counts (pure)."""
    mean = counts.get("n_mean_workdays")
    return FigureRow(
        key=key,
        received=counts["n_received"],
        answered=counts["n_answered"],
        on_time=counts["n_on_time"],
        overdue=counts["n_overdue"],
        mean_workdays=Decimal(str(mean)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if mean is not None else None,
        rated=counts["n_rated"],
        satisfied=counts["n_satisfied"],
        feedback_rate=percent(counts["n_rated"], counts["n_answered"]),
        satisfaction_rate=percent(counts["n_satisfied"], counts["n_rated"]),
        on_time_rate=percent(counts["n_on_time"], counts["n_answered"]),
    )


def _aggregates(today: dt.date) -> dict[str, Any]:
    open_late = Q(status__in=(Status.SUBMITTED, Status.IN_PROGRESS), answer_due__lt=today)
    return {
        "n_received": Count("pk", filter=~Q(status=Status.MERGED)),
        "n_answered": Count("pk", filter=Q(status__in=ANSWERED)),
        "n_on_time": Count("pk", filter=Q(status__in=ANSWERED, on_time=True)),
        "n_overdue": Count("pk", filter=Q(status__in=ANSWERED, on_time=False) | open_late),
        "n_mean_workdays": Avg("workdays_to_answer", filter=Q(status__in=ANSWERED)),
        "n_rated": Count("pk", filter=Q(rating__in=RATED)),
        "n_satisfied": Count("pk", filter=Q(rating__in=(Rating.SATISFIED, Rating.BASICALLY))),
    }


def figure_table(queryset: QuerySet[Any], *, by: str, today: dt.date) -> list[FigureRow]:
    """The figures grouped by month, category, unit or department; the last row is the total."""
    field, _label = DIMENSIONS[by]
    qs = queryset.order_by()
    if by == "month":
        qs = qs.annotate(filed_month=ExtractMonth("filed_on"))
    grouped = qs.values(field).annotate(**_aggregates(today)).order_by(field)
    rows = [rates(r[field] if r[field] is not None else "—", r) for r in grouped]
    total = queryset.order_by().aggregate(**_aggregates(today))
    rows.append(rates(gettext("合计"), total))
    return rows


def heat_map(queryset: QuerySet[Any]) -> dict[str, Any]:
    """Requests received per category × unit (for leaders): {categories, units, cells: [[x, y, n]]}."""
    counts = list(
        queryset.order_by()
        .exclude(status=Status.MERGED)
        .values_list("category__name", "region__name")
        .annotate(n=Count("pk"))
    )
    categories = sorted({c for c, _u, _n in counts})
    units = sorted({u for _c, u, _n in counts})
    cells = [[categories.index(c), units.index(u), n] for c, u, n in counts]
    return {"categories": categories, "units": units, "cells": cells, "max": max((n for *_x, n in counts), default=0)}


def oldest_open(queryset: QuerySet[Any], *, limit: int = 10) -> list[Any]:
    return list(
        queryset.filter(status__in=(Status.SUBMITTED, Status.IN_PROGRESS, Status.WAITING))
        .select_related("enterprise", "region", "category", "department")
        .order_by("filed_on", "pk")[:limit]
    )
