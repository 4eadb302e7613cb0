"""Computed indicator sources of investment promotion (core/sources.py registry, domain.md §4, §11b).

For a unit and month, over the leads of the unit signed from 1 January to the month's end (year to date):
"引进世界500强（行业龙头）项目（个）", "实际利用外资（万美元）" (the signed foreign amount at the signing date's
rate) and "亿元以上项目（个）" (signed with a total investment of at least 10,000 万元).
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from core.sources import register_source

from .calculations import TIER_MIN
from .choices import InvestorKind
from .selectors import signed_between


def _ytd(region: Any, year: int, month: int) -> Any:
    return signed_between(region, dt.date(year, 1, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))


def fortune500_projects(region: Any, year: int, month: int) -> Decimal:
    return Decimal(_ytd(region, year, month).filter(Q(fortune500=True) | Q(industry_leader=True)).count())


def foreign_investment_usd(region: Any, year: int, month: int) -> Decimal:
    total = _ytd(region, year, month).filter(investor_kind=InvestorKind.FOREIGN).aggregate(s=Sum("amount_usd"))["s"]
    return total or Decimal(0)


def projects_over_100m(region: Any, year: int, month: int) -> Decimal:
    return Decimal(_ytd(region, year, month).filter(amount__gte=TIER_MIN["ge1"]).count())


register_source("investment_fortune500", _("招商引资：引进世界500强（行业龙头）项目（个）"), fortune500_projects)
register_source("investment_foreign_usd", _("招商引资：实际利用外资（万美元）"), foreign_investment_usd)
register_source("investment_over_100m", _("招商引资：亿元以上签约项目（个）"), projects_over_100m)
