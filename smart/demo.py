"""Demo data of smart transformation, so that the 2019–2021 plan's indicators on the monitoring dashboard come
from records: service companies (省级 and 市级, listed over 2019–2021), the ranking rules, 2019 diagnoses with
pilots and recommendations, demonstrations recognised through the year (about the plan's yearly figure per
unit), equipment figures of the 规上 firms near the plan's robot targets, the subsidy rules (2019 and 2021 the
plan's, 2020 the Jiaxing variant), the 2019 awards computed, approved and paid. The plan's robot, demonstration
and provincial-company indicators become computed, and the demo's stored 2019 reports take those values.
Deterministic (seeded) and idempotent."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction

from core.actors import SYSTEM
from core.history import bulk_create_audited, bulk_update_audited
from enterprises.models import Enterprise
from regions.choices import COUNTY_LEVEL
from regions.models import Region

from . import services
from .models import Demonstration, Diagnosis, EquipmentFigure, RankingRule, Recommendation, ServiceCompany

SEED = "jingxin-smart-demo"
# 2019 plan figures per unit (the attachment): robots by the end of 2019, demonstrations in 2019, 省级 companies
ROBOTS_2019 = {"330402": 1200, "330411": 1300, "330421": 2200, "330482": 1800, "330424": 1600, "330481": 2200,
               "330483": 2100, "330400-ETDZ": 1100, "330400-PORT": 500}  # fmt: skip
DEMOS_2019 = {"330402": 2, "330411": 2, "330421": 3, "330482": 3, "330424": 3, "330481": 4, "330483": 3,
              "330400-ETDZ": 2, "330400-PORT": 3}  # fmt: skip
POLICY = "智能化技术改造项目补助"  # the policies demo's item the subsidy rules are paid under
COMPUTED = {"在役工业机器人": "smart_robots_in_service", "示范": "smart_demonstrations_recognised",
            "省级工程服务公司": "smart_companies_province"}  # fmt: skip


def load_demo(*, progress: Callable[[str], None]) -> None:
    if ServiceCompany.objects.exists():
        progress("智能化改造演示数据已存在")
        return
    rng = random.Random(SEED)
    actor = SYSTEM  # the services check their actor: the demo writes as the system
    units = {r.code: r for r in Region.objects.filter(kind__in=COUNTY_LEVEL, code__in=list(ROBOTS_2019))}
    with transaction.atomic():
        companies = _companies(rng, units)
        for year in (2019, 2020, 2021):
            RankingRule.objects.create(year=year)
        _records(rng, units, companies)
        _subsidies(actor)
        _computed_plan(actor, progress)
    progress(f"智能化改造：{len(companies)} 家工程服务公司，{Diagnosis.objects.count()} 次诊断，"
             f"{Demonstration.objects.count()} 个示范")  # fmt: skip


def _companies(rng: random.Random, units: dict[str, Region]) -> list[ServiceCompany]:
    out = []
    for i, code in enumerate(sorted(units)):
        for j in range(3):
            level = "province" if j < 2 else "city"
            out.append(ServiceCompany(
                name=f"{units[code].name}智造工程服务有限公司{'甲乙丙'[j]}", region=units[code], level=level,
                listed_on=dt.date(2019 + (i + j) % 3, rng.randint(1, 12), 1), fields="机器人集成；MES；工业互联网",
                contact="联系人", phone=f"0573-8{rng.randint(1000000, 9999999)}",
            ))  # fmt: skip
    return bulk_create_audited(ServiceCompany, out, actor=SYSTEM, reason="演示数据：工程服务公司")


def _records(rng: random.Random, units: dict[str, Region], companies: list[ServiceCompany]) -> None:
    diagnoses, demos, figures = [], [], []
    for code, unit in units.items():
        firms = list(Enterprise.objects.filter(region__path__startswith=unit.path).order_by("pk"))
        if not firms:
            continue
        above = [f for f in firms if f.size_class == "above"] or firms
        local = [c for c in companies if c.region_id == unit.pk]
        for firm in rng.sample(firms, min(len(firms), 30)):
            before = rng.randint(1, 3)
            diagnoses.append(Diagnosis(enterprise=firm, company=rng.choice(local), kind=rng.choice(["workshop", "factory"]),
                                       diagnosed_on=dt.date(2019, rng.randint(3, 11), rng.randint(1, 28)),
                                       pilot=rng.random() < 0.3, level_before=before, level_after=before + 1,
                                       findings="设备联网率低，生产数据依赖人工记录"))  # fmt: skip
        for i, firm in enumerate(rng.sample(above, min(len(above), DEMOS_2019[code] + 1))):
            recognised = i < DEMOS_2019[code]
            demos.append(Demonstration(
                enterprise=firm, name=f"{firm.name}{'智能工厂' if i % 2 else '数字化车间'}", year=2019,
                kind="factory" if i % 2 else "workshop", stage="recognised" if recognised else "pilot",
                level="city" if recognised else "", company=rng.choice(local),
                recognised_on=dt.date(2019, 2 + 3 * i % 10, 15) if recognised else None,
                equipment_investment=Decimal(rng.randint(800, 15000)), it_investment=Decimal(rng.randint(200, 4000)),
            ))  # fmt: skip
        share = ROBOTS_2019[code] * rng.uniform(0.9, 1.05) / len(above)
        for firm in above:
            robots = max(1, round(share * rng.uniform(0.5, 1.5)))
            figures.append(EquipmentFigure(
                enterprise=firm, year=2019, robots_in_service=robots, robots_added=round(robots * 0.2),
                employees=max(50, robots * rng.randint(30, 80)), cnc_equipment=rng.randint(20, 70),
                production_equipment=100, networked_equipment=rng.randint(30, 60), digital_equipment=100,
            ))  # fmt: skip
    diagnoses = bulk_create_audited(Diagnosis, diagnoses, actor=SYSTEM, reason="演示数据：智能化诊断")
    bulk_create_audited(Recommendation, [Recommendation(diagnosis=d, name="产线智能化改造", investment=Decimal(500))
                                         for d in diagnoses[::5]], actor=SYSTEM, reason="演示数据：建议项目")  # fmt: skip
    bulk_create_audited(Demonstration, demos, actor=SYSTEM, reason="演示数据：智能化示范")
    bulk_create_audited(EquipmentFigure, figures, actor=SYSTEM, reason="演示数据：装备数据")


def _subsidies(actor: Any) -> None:
    """The rules name the policies demo's 智能化技术改造项目补助 (when loaded), so the paid awards count in its
    policy figures: one ledger."""
    from policies.models import Policy

    policy = Policy.objects.filter(title=POLICY).first()
    services.subsidyrule_create(data={"year": 2019, "name": "嘉兴市智能化技术改造三年行动计划补助", "policy": policy},
                                actor=actor)  # fmt: skip
    services.subsidyrule_create(
        data={"year": 2020, "name": "2020年嘉兴市智能化改造补助", "equipment_rate": Decimal(0), "it_rate": Decimal("0.20"),
              "demo_cap": Decimal(300), "demo_min_investment": Decimal(100), "policy": policy}, actor=actor,
    )  # fmt: skip
    services.subsidyrule_create(data={"year": 2021, "name": "嘉兴市智能化技术改造三年行动计划补助", "policy": policy},
                                actor=actor)  # fmt: skip
    services.subsidies_compute(year=2019, actor=actor)
    from .models import SubsidyAward

    for award in SubsidyAward.objects.filter(year=2019).order_by("pk"):
        services.subsidyaward_approve(subsidyaward=award, actor=actor)
        services.subsidyaward_pay(subsidyaward=award, paid_on=dt.date(2020, 4, 30), amount=award.amount,
                                  voucher=f"嘉财拨〔2020〕{award.pk}号", actor=actor)  # fmt: skip


def _computed_plan(actor: Any, progress: Callable[[str], None]) -> None:
    """The 2019–2021 plan's robot, demonstration and provincial-company indicators take their value from the
    records; the demo's stored reports of those years get the computed values (as a submission would)."""
    from core.sources import compute
    from reporting.models import MonthlyReport, ReportValue
    from targets.models import Indicator
    from targets.services import indicator_update

    indicators = []
    for indicator in Indicator.objects.filter(plan__year_start=2019, plan__year_end=2021):
        key = next((k for name, k in COMPUTED.items() if name in indicator.name), None)
        if key:
            indicators.append(indicator_update(indicator=indicator, data={"source": "computed", "source_query": key},
                                               actor=actor))  # fmt: skip
    reports = list(MonthlyReport.objects.filter(year__in=(2019, 2020, 2021)).select_related("region"))
    existing = {(v.report_id, v.indicator_id): v for v in ReportValue.objects.filter(indicator__in=indicators)}
    new, changed = [], []
    for report in reports:
        for indicator in indicators:
            value = compute(indicator.source_query, report.region, report.year, report.month)
            row = existing.get((report.pk, indicator.pk))
            if row is None:
                new.append(ReportValue(report=report, indicator=indicator, value=value))
            elif row.value != value:
                row.value = value
                changed.append(row)
    bulk_create_audited(ReportValue, new, actor=actor, reason="演示数据：系统计算取数")
    bulk_update_audited(ReportValue, changed, ["value"], actor=actor, reason="演示数据：系统计算取数")
    progress(f"智能化改造：{len(indicators)} 个指标改为系统计算，{len(new) + len(changed)} 个月报数值")
