"""The computed indicator source of the key projects (core/sources.py registry, domain.md §4).

"重点项目本年累计完成投资": for a unit and month, the sum over the unit's projects of the year-to-date
investment in their latest reviewed monthly update of that year up to the month (万元, exact). And the figures
the notices set targets on: 开工率, 竣工率, 投产率 with their numerators and denominators, and counts of
projects by investment tier (≥ 1/5/10/20 亿元; all, started, completed), read as the library stood at the
month end (the month's snapshot, or reconstructed from node dates: snapshots.month_rows).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.asof import id_list, ids_as_of, month_end
from core.sources import register_source

from . import calculations as calc
from .models import Project, ProjectUpdate
from .rates import Counts, count_rows
from .snapshots import RANK_COMPLETED, RANK_STARTED, month_rows
from .updates import COUNTED

KEY = "projects_investment_ytd"


def projects_investment_ytd(region: Any, year: int, month: int) -> Decimal:
    """Sum of the projects' reviewed year-to-date investment as of the month (the latest update ≤ month counts), over
    the projects the unit had at the month's end (a project moved since counts where it was: core.asof)."""
    projects = ids_as_of(Project, month_end(year, month), Q(region__path__startswith=region.path, active=True))
    latest: dict[int, Decimal] = {}
    for project_id, value in (
        ProjectUpdate.objects.filter(
            project_id__in=id_list(sorted(projects)),
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


# --- 开工率, 竣工率, 投产率 and counts by investment tier, as the library stood at the month end --------------
# For a unit the rows are its subtree's projects; for the city the counts are summed over all of them and the
# rate recomputed from the sums (a share, never an average of the units' rates). rates.count_rows gives the
# counts, calculations.*_rate the rate; each rate has its numerator and denominator as sources of their own.


def _counts(region: Any, year: int, month: int) -> Counts:
    _snapshot, rows = month_rows(region=region, year=year, month=month)
    return count_rows(rows, year)


def _rate(pick: Callable[[Counts], calc.Rate]) -> Callable[[Any, int, int], Decimal]:
    def func(region: Any, year: int, month: int) -> Decimal:
        percent = pick(_counts(region, year, month)).percent
        return percent if percent is not None else Decimal(0)

    return func


def _count(field: str) -> Callable[[Any, int, int], Decimal]:
    return lambda region, year, month: Decimal(getattr(_counts(region, year, month), field))


RATE_SOURCES: tuple[tuple[str, Any, Callable[[Any, int, int], Decimal]], ...] = (
    ("projects_start_rate", _("重点项目：开工率（%）"),
     _rate(lambda c: calc.start_rate(signed=c.signed, started=c.started))),
    ("projects_started", _("重点项目：已开工项目数（开工率分子）"), _count("started")),
    ("projects_signed", _("重点项目：签约项目数（开工率、投产率分母）"), _count("signed")),
    ("projects_completion_rate", _("重点项目：竣工率（%）"),
     _rate(lambda c: calc.completion_rate(planned_to_complete=c.completion_due, completed=c.completed))),
    ("projects_completed", _("重点项目：本年计划竣工中已竣工数（竣工率分子）"), _count("completed")),
    ("projects_completion_due", _("重点项目：本年计划竣工项目数（竣工率分母）"), _count("completion_due")),
    ("projects_production_rate", _("重点项目：投产率（%）"),
     _rate(lambda c: calc.production_rate(signed=c.signed, producing=c.producing))),
    ("projects_producing", _("重点项目：已投产项目数（投产率分子）"), _count("producing")),
)  # fmt: skip
for _key, _label, _func in RATE_SOURCES:
    register_source(_key, _label, _func)


# Investment tiers (总投资, 万元): "10亿元以上项目" is ≥ 100,000 万元.
TIERS: tuple[tuple[str, int], ...] = (("1yi", 10_000), ("5yi", 50_000), ("10yi", 100_000), ("20yi", 200_000))


def tier_count(region: Any, year: int, month: int, *, threshold: int, reached: int = 0) -> int:
    """Projects of at least `threshold` 万元 total investment that had reached node rank `reached` (0: all in the
    library, RANK_STARTED: started, RANK_COMPLETED: completed) at the month end."""
    _snapshot, rows = month_rows(region=region, year=year, month=month)
    return sum(1 for r in rows if r.total_investment >= threshold and r.reached >= reached)


def _tier(threshold: int, reached: int) -> Callable[[Any, int, int], Decimal]:
    return lambda region, year, month: Decimal(tier_count(region, year, month, threshold=threshold, reached=reached))


for _code, _threshold in TIERS:
    _yi = _threshold // 10_000
    register_source(f"projects_tier_{_code}", _("重点项目：%s亿元以上项目数") % _yi, _tier(_threshold, 0))
    register_source(
        f"projects_tier_{_code}_started", _("重点项目：%s亿元以上已开工项目数") % _yi, _tier(_threshold, RANK_STARTED)
    )
    register_source(
        f"projects_tier_{_code}_completed",
        _("重点项目：%s亿元以上已竣工项目数") % _yi,
        _tier(_threshold, RANK_COMPLETED),
    )
