"""A small monitoring scenario: the 2019 plan of 嘉兴市 with three units, and two earlier years of 工业投资.

Money is stored in 万元 (1 亿元 = 10000 万元). 海宁市 has done 41.9 % of its 161 亿元 after April,
the published example (8.6 pp ahead of 序时); its earlier years had reached 45 % and 47 % by April,
so the year-end forecast misses the target although it is on schedule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D
from typing import Any

import pytest

from regions.models import Region
from reporting.models import MonthlyReport, ReportValue
from targets.models import Indicator, Plan, Target

HAINING, PINGHU, JIASHAN, CITY = "330481", "330482", "330421", "330400"
EXTRA_UNITS = ("330402", "330411", "330424", "330483", "330400-ETDZ")


@dataclass
class Scenario:
    plan: Plan
    investment: Indicator
    growth: Indicator
    share: Indicator
    regions: dict[str, Region]
    earlier: dict[int, Indicator]


def make_plan(year: int, city: Region) -> Plan:
    return Plan.objects.create(title=f"{year}年工业投资目标任务", year_start=year, year_end=year, scope_region=city)


def make_indicator(plan: Plan, name: str, unit: str, kind: str, order: int, series: str = "") -> Indicator:
    return Indicator.objects.create(plan=plan, name=name, unit=unit, kind=kind, order=order, series=series or name)


def make_target(indicator: Indicator, region: Region, value: D | None, year: int = 2019) -> Target:
    return Target.objects.create(
        indicator=indicator,
        region=region,
        period_kind="year",
        year_start=year,
        year_end=year,
        status="number" if value is not None else "not_decomposed",
        comparator="eq" if value is not None else "",
        value=value,
        raw_text=str(value) if value is not None else "——",
    )


def report(region: Region, year: int, month: int, status: str = "accepted") -> MonthlyReport:
    found = MonthlyReport.objects.filter(region=region, year=year, month=month).first()
    if found:
        return found
    return MonthlyReport.objects.create(
        region=region, year=year, month=month, status=status, deadline=dt.date(year, min(month + 1, 12), 5)
    )


def value(
    region: Region, year: int, month: int, indicator: Indicator, status: str = "accepted", **figures: Any
) -> None:
    ReportValue.objects.create(report=report(region, year, month, status), indicator=indicator, **figures)


def add_unit(s: Scenario, code: str, completion_april: D = D("35"), completion_march: D = D("25")) -> None:
    """Another unit with the same shape of figures (for query counts)."""
    region = s.regions[code]
    target = D(500000)
    make_target(s.investment, region, target)
    make_target(s.growth, region, D(12))
    make_target(s.share, region, D(18))
    value(region, 2019, 4, s.investment, value=target * completion_april / 100, base_value=D(100000))
    value(region, 2019, 3, s.investment, value=target * completion_march / 100, base_value=D(90000))
    value(region, 2019, 4, s.growth, value=D(105), base_value=D(100))
    value(region, 2019, 4, s.share, numerator=D(1), denominator=D(10))
    for year, (april, december) in {2017: (D(100000), D(400000)), 2018: (D(110000), D(420000))}.items():
        value(region, year, 4, s.earlier[year], value=april)
        value(region, year, 12, s.earlier[year], value=december)


@pytest.fixture
def scenario(regions: dict[str, Region]) -> Scenario:
    city = regions[CITY]
    plan = make_plan(2019, city)
    inv = make_indicator(plan, "工业投资", "亿元", "flow_amount", 1)
    growth = make_indicator(plan, "技术改造投资增速", "%", "growth_rate", 2)
    share = make_indicator(plan, "数字经济核心产业投资占比", "%", "share", 3)
    earlier = {y: make_indicator(make_plan(y, city), "工业投资", "亿元", "flow_amount", 1) for y in (2017, 2018)}
    haining, pinghu, jiashan = regions[HAINING], regions[PINGHU], regions[JIASHAN]
    for region, amount in ((haining, D(1610000)), (pinghu, D(1550000)), (jiashan, D(1000000)), (city, D(7800000))):
        make_target(inv, region, amount)
        make_target(growth, region, D(12))
        make_target(share, region, D(18))

    # 1—4月: 海宁 41.9 % (the published example), 平湖 30 %, 嘉善 20 % (submitted only: provisional).
    value(haining, 2019, 4, inv, value=D(674590), base_value=D(600000))
    value(pinghu, 2019, 4, inv, "locked", value=D(465000), base_value=D(400000))
    value(jiashan, 2019, 4, inv, "submitted", value=D(200000), base_value=D(190000))
    # 1—3月: 平湖 first, 海宁 second.
    value(haining, 2019, 3, inv, value=D(322000), base_value=D(300000))
    value(pinghu, 2019, 3, inv, value=D(387500), base_value=D(300000))
    value(jiashan, 2019, 3, inv, value=D(100000), base_value=D(90000))
    # Growth-rate indicator: the YTD amount and its comparable base; shares: numerator and denominator.
    value(haining, 2019, 4, growth, value=D(110), base_value=D(100))
    value(pinghu, 2019, 4, growth, "locked", value=D(120), base_value=D(100))
    value(jiashan, 2019, 4, growth, "submitted", value=D(95), base_value=D(100))
    value(haining, 2019, 4, share, numerator=D(18), denominator=D(100))
    value(pinghu, 2019, 4, share, "locked", numerator=D(2), denominator=D(10))
    # 海宁's earlier years (another plan's indicator of the same series): 2017 April × 1.091 = 2019 April.
    value(haining, 2017, 4, earlier[2017], value=D(674590) / D("1.091"))
    value(haining, 2017, 12, earlier[2017], value=D(674590) / D("1.091") / D("0.45"))
    value(haining, 2018, 4, earlier[2018], value=D(640000))
    value(haining, 2018, 12, earlier[2018], value=D(640000) / D("0.47"))
    return Scenario(plan, inv, growth, share, regions, earlier)
