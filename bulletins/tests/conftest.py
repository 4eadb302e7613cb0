"""A published month for the bulletins: the 2019 plan of 嘉兴市, three units, three indicators.

Money is stored in 万元. 1—4月: 海宁 has done 41.9 % of its 161 亿元 (the published example: 8.6 pp
ahead of 序时 33.3 %), 平湖 30.0 % of 155 亿元 (3.3 pp behind: yellow), 嘉善 10.0 % of 100 亿元
(23.3 pp behind: red). The month is published by the reporting service, so the bulletin reads it
from the publication snapshot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D
from typing import Any

import pytest

from accounts.choices import Role
from regions.models import Region
from reporting.models import MonthlyReport, MonthPublication, ReportValue
from reporting.services import month_publish
from targets.models import Indicator, Plan, Target

HAINING, PINGHU, JIASHAN, CITY = "330481", "330482", "330421", "330400"


@dataclass
class Published:
    plan: Plan
    investment: Indicator
    growth: Indicator
    count: Indicator
    publication: MonthPublication
    regions: dict[str, Region]
    reports: dict[str, MonthlyReport]


def target(indicator: Indicator, region: Region, value: D) -> None:
    Target.objects.create(
        indicator=indicator,
        region=region,
        period_kind="year",
        year_start=2019,
        year_end=2019,
        status="number",
        comparator="eq",
        value=value,
        raw_text=str(value),
    )


def make_published(regions: dict[str, Region], admin: Any, *, month: int = 4) -> Published:
    city = regions[CITY]
    plan = Plan.objects.create(
        title="2019年全市工业投资目标任务",
        document_number="嘉经信投资〔2019〕15号",
        year_start=2019,
        year_end=2019,
        scope_region=city,
    )
    inv = Indicator.objects.create(
        plan=plan, name="工业投资", unit="亿元", kind="flow_amount", order=1, series="工业投资"
    )
    growth = Indicator.objects.create(
        plan=plan, name="技术改造投资增速", unit="%", kind="growth_rate", order=2, series="技改增速"
    )
    count = Indicator.objects.create(
        plan=plan, name="新增工业机器人", unit="台", kind="flow_count", order=3, series="机器人"
    )
    figures = {  # code → (investment target, YTD, base; robots target, YTD)
        HAINING: (D(1610000), D(674590), D(600000), D(400), D(200)),
        PINGHU: (D(1550000), D(465000), D(400000), D(300), D(60)),
        JIASHAN: (D(1000000), D(100000), D(110000), D(200), D(70)),
    }
    target(inv, city, D(7800000))
    reports = {}
    for code, (t, ytd, base, robots_target, robots) in figures.items():
        region = regions[code]
        target(inv, region, t)
        target(growth, region, D(12))
        target(count, region, robots_target)
        report = MonthlyReport.objects.create(
            region=region, year=2019, month=month, status="accepted", deadline=dt.date(2019, month + 1, 5)
        )
        ReportValue.objects.create(report=report, indicator=inv, value=ytd, base_value=base)
        ReportValue.objects.create(report=report, indicator=growth, value=ytd, base_value=base)
        ReportValue.objects.create(report=report, indicator=count, value=robots)
        reports[code] = report
    publication = month_publish(
        region=city, year=2019, month=month, actor=admin, incomplete_reason="其余六个单位逾期未报"
    )
    return Published(plan, inv, growth, count, publication, regions, reports)


@pytest.fixture
def admin(make_user: Any) -> Any:
    return make_user(Role.CITY_ADMIN, CITY, username="bulletin_admin")


@pytest.fixture
def published(regions: dict[str, Region], admin: Any) -> Published:
    return make_published(regions, admin)
