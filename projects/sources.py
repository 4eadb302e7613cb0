"""The computed indicator source of the key projects (reporting/sources.py registry, domain.md §4).

"重点项目本年累计完成投资": for a unit and month, the sum over the unit's projects of the year-to-date
investment in their latest reviewed monthly update of that year up to the month (万元, exact).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from reporting.sources import register_source

from .models import ProjectUpdate
from .updates import COUNTED

KEY = "projects_investment_ytd"


def projects_investment_ytd(region: Any, year: int, month: int) -> Decimal:
    """Sum of the projects' reviewed year-to-date investment as of the month (the latest update ≤ month counts)."""
    latest: dict[int, Decimal] = {}
    for project_id, value in (
        ProjectUpdate.objects.filter(
            project__region__path__startswith=region.path,
            project__active=True,
            year=year,
            month__lte=month,
            status__in=COUNTED,
        )
        .order_by("project_id", "month")
        .values_list("project_id", "investment_ytd")
    ):
        latest[project_id] = value  # ordered by month: the latest wins
    return sum(latest.values(), Decimal(0))


register_source(KEY, _("重点项目：本年累计完成投资（万元）"), projects_investment_ytd)
