"""Demo data of investment promotion: platforms of the units (with some of the library's projects located in
them), the 2019 notice's signing targets (各县（市、区）力争总投资100亿元以上项目各1个、50亿元以上项目各2个、10亿元以上
项目各5个), demo USD rates, and about 200 leads in every stage, the signed ones with their key projects.

Leads, investors, amounts and the rates are synthetic (the rates are round demo values near 2018–2019's level,
not published middle rates). Signed leads get their key project in bulk here (the projects demo does the same),
with the 签约 node on the signing date; the one-project-per-lead rule is the database's as in lead_sign.
Deterministic and idempotent: nothing is added when the demo's leads exist.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from chains.models import Chain, Segment
from core.actors import SYSTEM
from core.history import bulk_create_audited
from projects.choices import Node, ProjectType
from projects.models import Project, ProjectNode
from projects.services import projects_recompute
from regions.choices import COUNTY_LEVEL, RegionKind
from regions.models import Region

from .choices import InvestorKind, LeadStage, PlatformKind, VisitKind
from .models import ExchangeRate, Lead, LeadVisit, Platform, ProjectPlatform, SigningTarget

REASON = "演示数据：招商引资"
DEMO_NOW = dt.date(2019, 12, 31)
PER_STAGE = 200
PLATFORMS = [
    ("330402", "嘉兴科技城", PlatformKind.DEV_ZONE), ("330411", "秀洲桃园数字小镇", PlatformKind.TOWN),
    ("330483", "乌镇大数据产业园", PlatformKind.PARK), ("330400-PORT", "长三角（嘉兴）氢能产业园", PlatformKind.PARK),
    ("330400-ETDZ", "嘉兴经济技术开发区高创园", PlatformKind.INDUSTRIAL), ("330421", "嘉善经济技术开发区", PlatformKind.DEV_ZONE),
    ("330482", "平湖经济技术开发区", PlatformKind.DEV_ZONE), ("330424", "海盐经济开发区", PlatformKind.DEV_ZONE),
    ("330481", "海宁经编产业园", PlatformKind.PARK), ("330481", "海宁泛半导体产业园", PlatformKind.INDUSTRIAL),
    ("330483", "桐乡经济开发区", PlatformKind.DEV_ZONE),
]  # fmt: skip
INVESTORS = (
    ("某新能源科技股份有限公司", InvestorKind.DOMESTIC, "", False, True), ("某半导体集团有限公司", InvestorKind.DOMESTIC, "", False, True),
    ("某汽车零部件集团", InvestorKind.FOREIGN, "德国", True, True), ("某化工集团", InvestorKind.FOREIGN, "美国", True, False),
    ("某精密机械株式会社", InvestorKind.FOREIGN, "日本", False, True), ("某电子株式会社", InvestorKind.FOREIGN, "韩国", True, False),
    ("某生物医药有限公司", InvestorKind.DOMESTIC, "", False, False), ("某纺织新材料有限公司", InvestorKind.DOMESTIC, "", False, False),
    ("某智能装备有限公司", InvestorKind.DOMESTIC, "", False, False), ("某光电科技（香港）有限公司", InvestorKind.FOREIGN, "中国香港", False, False),
)  # fmt: skip
PRODUCTS = (
    "光伏组件",
    "燃料电池电堆",
    "功率半导体",
    "新能源汽车零部件",
    "高端制剂",
    "智能终端",
    "差别化纤维",
    "数控机床",
    "光纤预制棒",
    "高强度紧固件",
)
AMOUNTS = (3000, 8000, 15000, 30000, 60000, 120000, 250000, 550000, 1100000)
LEADERS = ("局长", "常务副局长", "副局长（投资）", "副局长（技改）", "总工程师")


def _units() -> list[Region]:
    return list(Region.objects.filter(kind__in=COUNTY_LEVEL).order_by("path"))


def load_demo(*, progress: Callable[[str], None]) -> None:
    units = _units()
    if not units or Lead.objects.filter(note=REASON).exists():
        progress("investment demo: present or no units, skipped")
        return
    by_code = {u.code: u for u in units}
    with transaction.atomic():
        platforms = _platforms(by_code)
        _rates()
        counties = [u for u in units if u.kind in (RegionKind.COUNTY, RegionKind.COUNTY_CITY, RegionKind.DISTRICT)]
        targets = [
            SigningTarget(region=u, year=2019, tier=t, count=n)
            for u in counties
            for t, n in (("ge100", 1), ("ge50", 2), ("ge10", 5))
        ]
        bulk_create_audited(SigningTarget, targets, actor=SYSTEM, reason=REASON)
        _leads(units, platforms)
    progress(f"investment demo: {Lead.objects.count()} leads, {Platform.objects.count()} platforms")


def _platforms(by_code: dict[str, Region]) -> list[Platform]:
    made = []
    for code, name, kind in PLATFORMS:
        region = by_code.get(code)
        if region is None or Platform.objects.filter(name=name).exists():
            continue
        rng = random.Random(f"platform:{name}")
        made.append(
            Platform(
                name=name, kind=kind, region=region, area_km2=Decimal(rng.randint(5, 120)), target_year=2019,
                investment_target=Decimal(rng.randint(20, 150) * 10000), signing_target=rng.randint(5, 30),
            )
        )  # fmt: skip
    for region in by_code.values():  # a 小微企业园 in every unit
        name = f"{region.name}小微企业园"
        if not Platform.objects.filter(name=name).exists():
            made.append(
                Platform(name=name, kind=PlatformKind.MICRO, region=region, area_km2=Decimal("0.35"), target_year=2019)
            )
    bulk_create_audited(Platform, made, actor=SYSTEM, reason=REASON)
    platforms = list(Platform.objects.all())
    # some of the library's projects are located in their unit's platforms
    rng = random.Random("platform-projects")
    links = []
    linked = set(ProjectPlatform.objects.values_list("project_id", flat=True))
    for pid, region_id in Project.objects.order_by("pk").values_list("pk", "region_id"):
        choices = [p for p in platforms if p.region_id == region_id]
        if choices and pid not in linked and rng.random() < 0.4:
            links.append(ProjectPlatform(project_id=pid, platform=rng.choice(choices)))
    bulk_create_audited(ProjectPlatform, links, actor=SYSTEM, reason=REASON)
    return platforms


def _rates() -> None:
    """Demo USD rates on the first day of every month of 2018–2019 (round values near the period's level)."""
    rows = []
    for i in range(24):
        day = dt.date(2018 + i // 12, i % 12 + 1, 1)
        if not ExchangeRate.objects.filter(date=day).exists():
            rows.append(ExchangeRate(date=day, usd_cny=Decimal("6.30") + Decimal(i) * Decimal("0.03")))
    bulk_create_audited(ExchangeRate, rows, actor=SYSTEM, reason=REASON)


def _leads(units: list[Region], platforms: list[Platform]) -> None:
    chains = list(Chain.objects.order_by("order"))
    segments = list(Segment.objects.values_list("pk", "chain_id"))
    rates = {r.date: r.usd_cny for r in ExchangeRate.objects.all()}
    leads, visits, projects, nodes = [], [], [], []
    for stage in LeadStage.values:
        for i in range(PER_STAGE):
            rng = random.Random(f"lead:{stage}:{i}")
            unit = rng.choice(units)
            investor, kind, country, f500, leading = rng.choice(INVESTORS)
            chain = rng.choice(chains) if chains and rng.random() < 0.8 else None
            seg = [pk for pk, cid in segments if chain and cid == chain.pk]
            amount = Decimal(rng.choice(AMOUNTS) + rng.randint(0, 999))
            lead = Lead(
                name=f"{unit.name[:2]}年产{rng.randint(1, 50)}万套{rng.choice(PRODUCTS)}项目", region=unit,
                platform=rng.choice([p for p in platforms if p.region_id == unit.pk] or [None]), investor=investor,
                investor_kind=kind, investor_country=country, fortune500=f500, industry_leader=leading, chain=chain,
                segment_id=rng.choice(seg) if seg else None, amount=amount, land_mu=Decimal(rng.randint(0, 300)),
                stage=stage, leader=rng.choice(LEADERS), first_contact=dt.date(2018, rng.randint(1, 12), rng.randint(1, 28)),
                note=REASON,
            )  # fmt: skip
            if stage == LeadStage.TERMINATED:
                lead.terminated_reason = rng.choice(
                    ("投资方调整布局", "用地指标不足", "环评不符合准入要求", "转投外地")
                )
            if stage in (LeadStage.SIGNED, LeadStage.TRANSFERRED):
                lead.signed_on = dt.date(rng.choice((2018, 2019, 2019)), rng.randint(1, 12), rng.randint(1, 28))
                if kind == InvestorKind.FOREIGN:
                    lead.exchange_rate = rates[lead.signed_on.replace(day=1)]
                    lead.amount_usd = (amount / lead.exchange_rate).quantize(Decimal("0.01"))
                project = Project(
                    name=lead.name, region=unit, total_investment=amount, project_type=ProjectType.NEW,
                    land_mu=lead.land_mu, description=f"招商引资签约项目，投资方：{investor}",
                )  # fmt: skip
                projects.append((lead, project, rng))
            leads.append(lead)
    bulk_create_audited(Project, [p for _l, p, _r in projects], actor=SYSTEM, reason=REASON)
    for lead, project, rng in projects:
        assert lead.signed_on is not None
        lead.project = project
        nodes.append(ProjectNode(project=project, node=Node.SIGNED, actual_date=lead.signed_on))
        if lead.stage == LeadStage.TRANSFERRED:
            filed: dt.date = min(lead.signed_on + dt.timedelta(days=rng.randint(20, 90)), DEMO_NOW)
            nodes.append(ProjectNode(project=project, node=Node.FILED, actual_date=filed))
            if rng.random() < 0.5:
                started: dt.date = min(filed + dt.timedelta(days=rng.randint(60, 200)), DEMO_NOW)
                nodes.append(ProjectNode(project=project, node=Node.STARTED, actual_date=started))
    bulk_create_audited(ProjectNode, nodes, actor=SYSTEM, reason=REASON)
    bulk_create_audited(Lead, leads, actor=SYSTEM, reason=REASON)
    links = [
        ProjectPlatform(project=lead.project, platform=lead.platform) for lead, _p, _r in projects if lead.platform
    ]
    bulk_create_audited(ProjectPlatform, links, actor=SYSTEM, reason=REASON)
    projects_recompute(
        queryset=Project.objects.filter(pk__in=[p.pk for _l, p, _r in projects]), actor=SYSTEM, as_of=DEMO_NOW
    )
    for lead in leads:
        if lead.stage == LeadStage.CLUE:
            continue
        rng = random.Random(f"visits:{lead.pk}")
        assert lead.first_contact is not None
        for k in range(rng.randint(1, 3)):
            visits.append(
                LeadVisit(
                    lead=lead,
                    date=lead.first_contact + dt.timedelta(days=30 * k + rng.randint(0, 20)),
                    kind=rng.choice(VisitKind.values),
                    leader=lead.leader,
                    content="介绍投资环境与要素保障，了解项目用地、用能需求。",
                    next_step=rng.choice(("提交项目建议书", "组织实地考察", "商谈投资协议条款", "")),
                )
            )
    bulk_create_audited(LeadVisit, visits, actor=SYSTEM, reason=REASON)
