"""Computed indicator sources of smart transformation (core/sources.py registry; domain.md §4, §8), read as
the records stood at the month's end (core/asof.py): an enterprise counts in the unit it belonged to then, a
recognition or diagnosis dated later does not count, a company's level is the one it had then.

- `smart_robots_in_service` / `smart_robots_added`: the year's figures of the unit's enterprises (台);
- `smart_robot_density`: robots ÷ manufacturing employees in 万人, from the sums;
- `smart_demonstrations_recognised` (this year to the month) and `smart_demonstrations_total` (all recognised by
  the month's end: the plan's three-year count);
- `smart_companies_province` / `smart_companies_city`: listed service companies of the unit (家);
- `smart_diagnoses`: diagnoses done this year to the month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.asof import as_of, month_end
from core.sources import register_source
from enterprises.models import Enterprise

from . import subsidies
from .choices import CompanyLevel, DemoStage
from .models import Demonstration, Diagnosis, EquipmentFigure, ServiceCompany


def _inside(region: Any, cutoff: dt.datetime, enterprise_ids: set[int]) -> set[int]:
    if not enterprise_ids:
        return set()
    rows = as_of(Enterprise, cutoff, id__in=enterprise_ids).filter(region__path__startswith=region.path)
    return set(rows.values_list("id", flat=True))


def _equipment(region: Any, year: int, month: int) -> dict[str, int]:
    cutoff = month_end(year, month)
    rows = list(
        as_of(EquipmentFigure, cutoff, year=year).values_list(
            "enterprise_id", "robots_in_service", "robots_added", "employees"
        )
    )
    inside = _inside(region, cutoff, {r[0] for r in rows})
    sums = {"robots_in_service": 0, "robots_added": 0, "employees": 0}
    for enterprise_id, stock, added, employees in rows:
        if enterprise_id in inside:
            sums["robots_in_service"] += stock
            sums["robots_added"] += added
            sums["employees"] += employees
    return sums


def robots_in_service(region: Any, year: int, month: int) -> Decimal:
    return Decimal(_equipment(region, year, month)["robots_in_service"])


def robots_added(region: Any, year: int, month: int) -> Decimal:
    return Decimal(_equipment(region, year, month)["robots_added"])


def robot_density(region: Any, year: int, month: int) -> Decimal:
    s = _equipment(region, year, month)
    return subsidies.robot_density(s["robots_in_service"], s["employees"]) or Decimal(0)


def _dated(model: Any, field: str, since: dt.date | None, **extra: Any) -> Callable[[Any, int, int], Decimal]:
    def func(region: Any, year: int, month: int) -> Decimal:
        cutoff = month_end(year, month)
        lookups = {f"{field}__lt": cutoff.date(), **extra}
        lookups[f"{field}__gte"] = since or dt.date(year, 1, 1)
        owners = list(as_of(model, cutoff).filter(**lookups).values_list("enterprise_id", flat=True))
        inside = _inside(region, cutoff, set(owners))
        return Decimal(sum(1 for o in owners if o in inside))

    return func


def _companies(level: str) -> Callable[[Any, int, int], Decimal]:
    def func(region: Any, year: int, month: int) -> Decimal:
        cutoff = month_end(year, month)
        rows = as_of(ServiceCompany, cutoff).filter(level=level, active=True, region__path__startswith=region.path)
        listed = Q(listed_on__isnull=True) | Q(listed_on__lt=cutoff.date())  # listed by the month's end
        return Decimal(rows.filter(listed).count())

    return func


register_source("smart_robots_in_service", _("智能化改造：在役工业机器人（台）"), robots_in_service)
register_source("smart_robots_added", _("智能化改造：新增工业机器人（台）"), robots_added)
register_source("smart_robot_density", _("智能化改造：工业机器人密度（台/万人）"), robot_density)
register_source(
    "smart_demonstrations_recognised", _("智能化改造：本年认定智能工厂（数字化车间）示范（个）"),
    _dated(Demonstration, "recognised_on", None, stage=DemoStage.RECOGNISED),
)  # fmt: skip
register_source(
    "smart_demonstrations_total", _("智能化改造：累计认定智能工厂（数字化车间）示范（个）"),
    _dated(Demonstration, "recognised_on", dt.date(2000, 1, 1), stage=DemoStage.RECOGNISED),
)  # fmt: skip
register_source("smart_diagnoses", _("智能化改造：本年完成诊断（家次）"), _dated(Diagnosis, "diagnosed_on", None))
register_source("smart_companies_province", _("智能化改造：省级工程服务公司（家）"), _companies(CompanyLevel.PROVINCE))
register_source("smart_companies_city", _("智能化改造：市级工程服务公司（家）"), _companies(CompanyLevel.CITY))
