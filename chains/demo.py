"""Demo data of the industrial chains: the 12 标志性产业链 with their segments, enterprises and 链主, risks of
broken supply and the 2021 供需对接会.

The 2021–2022 notice names four of the twelve chains (集成电路、光伏、氢能、新能源汽车 “等12条”); the other
eight are chains the same notice works on (生物医药, 智能终端, 汽车零部件, 电力设备, 网络通信, 数控机床,
紧固件, 合成纤维). Leaders, segments, enterprises and risks are synthetic. Deterministic and idempotent: a
chain is created only when missing, and its data with it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from core.actors import SYSTEM
from core.history import bulk_create_audited
from enterprises.models import Enterprise, Industry
from regions.choices import COUNTY_LEVEL
from regions.models import Department, Region

from .choices import ChainRole, RiskKind, RiskLevel, SupplierRegion
from .models import Chain, ChainEnterprise, ChainRisk, Segment, SupplyDemandEvent

REASON = "演示数据：产业链"
DEMO_NOW = dt.date(2019, 12, 31)
# name → (GB/T 4754 divisions, {position: [(segment, [sub-segments])]}, key technologies, products)
CHAINS: list[tuple[str, tuple[str, ...], dict[str, list[tuple[str, list[str]]]], str]] = [
    (
        "集成电路",
        ("C39",),
        {
            "up": [("材料与设备", ["硅片", "电子化学品"])],
            "mid": [("芯片设计", []), ("晶圆制造", []), ("封装测试", [])],
            "down": [("功率器件应用", ["IGBT模块"])],
        },
        "CMOS图像传感器、IGBT功率器件",
    ),
    (
        "光伏",
        ("C38", "C30"),
        {
            "up": [("多晶硅与硅片", []), ("光伏玻璃", [])],
            "mid": [("电池片", []), ("组件", [])],
            "down": [("逆变器与电站", ["分布式电站"])],
        },
        "N型电池、光伏玻璃",
    ),
    (
        "氢能",
        ("C34", "C26"),
        {
            "up": [("制氢", ["工业副产氢"]), ("储运", [])],
            "mid": [("燃料电池电堆", ["膜电极", "双极板"])],
            "down": [("燃料电池汽车", []), ("加氢站", [])],
        },
        "燃料电池电堆、膜电极",
    ),
    (
        "新能源汽车",
        ("C36",),
        {"up": [("动力电池", ["正极材料"])], "mid": [("整车制造", [])], "down": [("充换电", [])]},
        "整车集成、三电系统",
    ),
    (
        "生物医药",
        ("C27",),
        {"up": [("原料药", [])], "mid": [("化学制剂", []), ("生物制品", [])], "down": [("医疗器械", [])]},
        "高端制剂",
    ),
    (
        "智能终端",
        ("C39",),
        {"up": [("显示模组", [])], "mid": [("整机制造", [])], "down": [("智能穿戴", [])]},
        "手机、平板整机",
    ),
    (
        "汽车零部件",
        ("C36",),
        {"up": [("汽车电子", [])], "mid": [("动力总成部件", []), ("底盘部件", [])], "down": [("售后市场", [])]},
        "汽车电子、底盘",
    ),
    (
        "电力设备",
        ("C38",),
        {"up": [("电工材料", [])], "mid": [("输变电设备", []), ("电线电缆", [])], "down": [("智能电网", [])]},
        "特高压设备",
    ),
    (
        "网络通信",
        ("C39",),
        {"up": [("光纤预制棒", [])], "mid": [("光纤光缆", []), ("通信设备", [])], "down": [("5G应用", [])]},
        "光纤预制棒、5G基站",
    ),
    (
        "数控机床",
        ("C34",),
        {"up": [("功能部件", ["数控系统"])], "mid": [("整机", [])], "down": [("智能产线集成", [])]},
        "五轴数控",
    ),
    (
        "紧固件",
        ("C33",),
        {"up": [("线材", [])], "mid": [("标准件", []), ("非标件", [])], "down": [("汽车与航空应用", [])]},
        "高强度紧固件",
    ),
    (
        "合成纤维",
        ("C28",),
        {"up": [("PTA与乙二醇", [])], "mid": [("涤纶长丝", []), ("锦纶", [])], "down": [("纺织面料", [])]},
        "差别化纤维",
    ),
]
LEADERS = ("副市长", "市政府副秘书长", "市经信局局长", "市发改委主任", "市科技局局长", "市商务局局长")
RISK_ITEMS = (
    "光刻胶",
    "高纯石英砂",
    "质子交换膜",
    "车规级芯片",
    "碳纤维",
    "数控系统",
    "PTA",
    "高端轴承",
    "特种气体",
    "EVA胶膜",
)
COUNTRIES = ("日本", "美国", "德国", "韩国", "荷兰")


def _units() -> list[Region]:
    return list(Region.objects.filter(kind__in=COUNTY_LEVEL).order_by("path"))


def load_demo(*, progress: Callable[[str], None]) -> None:
    units = _units()
    if not units:
        progress("chains demo: no units, skipped")
        return
    department = Department.objects.filter(name__contains="经济和信息化局").order_by("pk").first()
    existing = set(Chain.objects.values_list("name", flat=True))
    with transaction.atomic():
        for order, (name, divisions, tree, tech) in enumerate(CHAINS, start=1):
            if name in existing:
                continue
            _chain(order, name, divisions, tree, tech, units, department)
    progress(f"chains demo: {Chain.objects.count()} chains, {ChainEnterprise.objects.count()} enterprises on chains")


def _chain(order: int, name: str, divisions: tuple[str, ...], tree: dict[str, list[tuple[str, list[str]]]], tech: str,
           units: list[Region], department: Department | None) -> None:  # fmt: skip
    rng = random.Random(f"chains-demo:{name}")
    county = "\n".join(
        f"{u.name} {rng.choice(('副县长', '副市长', '副区长', '管委会副主任'))}" for u in rng.sample(units, 3)
    )
    chain = Chain.objects.create(
        name=name, order=order, city_leader=f"{rng.choice(LEADERS)}（市级链长）", county_leaders=county,
        department=department, key_technologies=tech, key_products=tech, patent_count=rng.randint(80, 900),
        standard_count=rng.randint(3, 40), description="“链长+链主企业+关键技术+知识产权+工业标准”推进模式，一链一方案。",
    )  # fmt: skip
    chain.industries.set(Industry.objects.filter(code__in=divisions))
    leaves: list[Segment] = []
    for position, tops in tree.items():
        for i, (top_name, children) in enumerate(tops):
            top = Segment.objects.add_root(instance=Segment(chain=chain, name=top_name, position=position, order=i))
            if not children:
                leaves.append(top)
            for j, child in enumerate(children):
                leaves.append(
                    Segment.objects.add_child(
                        top, instance=Segment(chain=chain, name=child, position=position, order=j)
                    )
                )
    # the last leaf stays empty: a 补链 target of the demo
    pool = list(
        Enterprise.objects.filter(industry__code__in=divisions).order_by("uscc").values_list("pk", flat=True)[:400]
    ) or list(Enterprise.objects.order_by("uscc").values_list("pk", flat=True)[:200])
    rng.shuffle(pool)
    members: list[ChainEnterprise] = []
    for k, segment in enumerate(leaves[:-1]):
        take, pool = pool[: rng.randint(6, 20)], pool[rng.randint(3, 8) :]
        for n, eid in enumerate(dict.fromkeys(take)):
            role = ChainRole.MASTER if n == 0 and k % 2 == 0 else (ChainRole.CORE if n < 4 else ChainRole.GENERAL)
            members.append(
                ChainEnterprise(chain=chain, segment=segment, enterprise_id=eid, role=role, products=segment.name)
            )
    bulk_create_audited(ChainEnterprise, members, actor=SYSTEM, reason=REASON)
    risks = []
    for _i in range(rng.randint(2, 4)):
        foreign = rng.random() < 0.6
        risks.append(
            ChainRisk(
                chain=chain,
                segment=rng.choice(leaves),
                region=rng.choice(units),
                kind=RiskKind.INPUT,
                item=rng.choice(RISK_ITEMS),
                supplier_region=SupplierRegion.FOREIGN if foreign else SupplierRegion.DOMESTIC,
                supplier_country=rng.choice(COUNTRIES) if foreign else "",
                single_source=rng.random() < 0.5,
                stock_days=rng.choice((15, 30, 45, 60, 90)),
                substitute=rng.choice(("", "国内替代验证中", "备选供应商两家")),
                level=rng.choice(tuple(RiskLevel.values)),
                measures="建立储备清单，推动国产替代，定期调度。",
                owner=rng.choice(("王工", "李科长", "陈主任")),
                identified_on=dt.date(2021, rng.randint(1, 12), 10),
                next_review=DEMO_NOW + dt.timedelta(days=rng.randint(-60, 90)),
            )
        )
    bulk_create_audited(ChainRisk, risks, actor=SYSTEM, reason=REASON)
    if name in ("电力设备", "汽车零部件", "网络通信"):
        SupplyDemandEvent.objects.create(
            chain=chain, region=rng.choice(units), title=f"{name}产业链供应链供需对接会", held_on=dt.date(2021, rng.randint(5, 11), 18),
            participants="链主企业、核心配套企业、金融机构", participant_count=rng.randint(40, 120),
            deal_count=rng.randint(10, 40), deal_amount=Decimal(rng.randint(5000, 60000)),
        )  # fmt: skip
