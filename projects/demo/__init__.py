"""Demo data of the key-project library: ~300 deterministic synthetic projects over the nine units of Jiaxing,
spread over the five stages, types, lists and categories, with node dates from 2017 to 2019, year plans
for 2018 and 2019 (monthly splits), approval steps and 标准地 contracts; then the monthly updates demo.

Deterministic (a seeded random.Random per project) and idempotent: a project is identified by its
project code and created only when missing. Stage, stars and flags are derived as of 2019-12-31, the
demo's "now", like the rest of the demo (2017–2019 reports).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from core.actors import SYSTEM
from core.history import bulk_create_audited
from enterprises.models import Enterprise
from regions.choices import COUNTY_LEVEL, RegionKind
from regions.models import Region

from ..choices import NODE_ORDER, ApprovalPhase, Node, ProjectType
from ..models import (
    ApprovalStep,
    Project,
    ProjectCategory,
    ProjectList,
    ProjectNode,
    ProjectYearPlan,
    StandardLandContract,
    StarGate,
)
from ..reference import ensure_reference_data
from .updates import load_updates_demo

PER_UNIT = 34  # 9 units × 34 ≈ 300 projects
DEMO_NOW = dt.date(2019, 12, 31)
REASON = "演示数据：合成重点项目"
PRODUCTS = (
    "智能装备",
    "新能源汽车零部件",
    "高端纺织面料",
    "集成电路封测",
    "光伏组件",
    "新材料",
    "生物医药",
    "智能家居",
)
KINDS = ("年产{n}万台{p}项目", "{p}智能化技术改造项目", "年产{n}万吨{p}扩建项目", "{p}数字化车间建设项目")
# How far projects have got (index of the furthest node reached, -1 = not yet signed), with weights.
REACH = ((0, 8), (1, 6), (3, 8), (5, 20), (6, 14), (7, 24), (8, 20))
HAND_LISTS = ("prov-key", "tech-700", "smart-demo", "private", "high-tech", "digital-core", "high-end-equipment")


def _units() -> list[Region]:
    city = Region.objects.filter(kind=RegionKind.CITY, code="330400").first()
    if city is None:
        return []
    units = Region.objects.filter(path__startswith=city.path, kind__in=COUNTY_LEVEL).exclude(pk=city.pk)
    return sorted(units, key=lambda r: (not r.code.isdigit(), r.code))


def _monthly(total: Decimal, rng: random.Random) -> list[str]:
    """12 monthly amounts (万元, two decimals) that add up exactly to `total`."""
    weights = [rng.randint(5, 15) for _ in range(12)]
    parts = [(total * w / sum(weights)).quantize(Decimal("0.01")) for w in weights]
    parts[-1] += total - sum(parts, Decimal(0))
    return [str(p) for p in parts]


def _node_dates(rng: random.Random, reach: int, project_type: str) -> dict[str, tuple[dt.date, dt.date | None]]:
    """Planned dates along the lifecycle from a signing day in 2017–2019; actual dates up to `reach`, some late."""
    start = dt.date(2017, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
    punctual = rng.random() < 0.3  # some owners keep every date: the demo has five-star projects
    gaps = {
        Node.SIGNED: 0,
        Node.FILED: 30,
        Node.LAND: 45,
        Node.PLANNING: 30,
        Node.PERMIT: 30,
        Node.STARTED: 20,
        Node.COMPLETED: 300,
        Node.PRODUCING: 45,
        Node.FULL: 240,
    }
    result: dict[str, tuple[dt.date, dt.date | None]] = {}
    planned = start
    actual: dt.date | None = start
    for index, node in enumerate(NODE_ORDER):
        if node == Node.LAND and project_type == ProjectType.ZERO_LAND:
            continue
        planned = planned + dt.timedelta(days=gaps[node])
        reached = index <= reach
        if reached and actual is not None:
            delay = 0 if punctual else rng.choice((0, 0, 0, -5, 3, 10, 25, 60))
            actual = max(actual, planned + dt.timedelta(days=delay))
            if actual > DEMO_NOW:
                reached = False
        result[str(node)] = (planned, actual if reached else None)
        if not reached:
            actual = None
    return result


def load_demo(*, progress: Callable[[str], None]) -> None:
    ensure_reference_data(ProjectCategory, ProjectList, StarGate)
    units = _units()
    if not units:
        progress("projects demo: no Jiaxing units, skipped")
        return
    existing = set(Project.objects.exclude(code="").values_list("code", flat=True))
    categories = list(ProjectCategory.objects.order_by("order").values_list("pk", flat=True))
    hand_lists = dict(ProjectList.objects.filter(code__in=HAND_LISTS).values_list("code", "pk"))
    projects: list[Project] = []
    extras: list[tuple[random.Random, str, int]] = []  # rng, type, reach of each new project
    for unit in units:
        enterprises = list(Enterprise.objects.filter(region=unit).order_by("uscc").values_list("pk", "industry_id"))
        for i in range(PER_UNIT):
            code_area = unit.code if unit.code.isdigit() else "330400"
            code = f"2018-{code_area}-{34 + i % 10:02d}-03-{i + 1:06d}{'' if unit.code.isdigit() else '-' + unit.code[-4:]}"
            rng = random.Random(f"projects-demo:{code}")
            if code in existing:
                continue
            project_type = rng.choice((ProjectType.NEW, ProjectType.TECH, ProjectType.TECH, ProjectType.ZERO_LAND))
            total = Decimal(rng.choice((3000, 6000, 12000, 25000, 50000, 120000, 300000, 600000))) + Decimal(
                rng.randint(0, 999)
            )
            enterprise = rng.choice(enterprises) if enterprises else (None, None)
            reach = rng.choices([r for r, _w in REACH], weights=[w for _r, w in REACH])[0]
            name = rng.choice(KINDS).format(n=rng.randint(1, 50), p=rng.choice(PRODUCTS))
            projects.append(
                Project(
                    code=code,
                    name=f"{unit.name[:2]}{name}",
                    region=unit,
                    enterprise_id=enterprise[0],
                    industry_id=enterprise[1],
                    project_type=project_type,
                    total_investment=total,
                    equipment_investment=(total * Decimal(rng.randint(30, 70)) / 100).quantize(Decimal("0.01")),
                    land_mu=Decimal(0) if project_type == ProjectType.ZERO_LAND else Decimal(rng.randint(10, 300)),
                    description="演示项目",
                )
            )
            extras.append((rng, project_type, reach))
    if not projects:
        progress(f"projects demo: {len(existing)} projects already there")
    else:
        with transaction.atomic():
            created = bulk_create_audited(Project, projects, actor=SYSTEM, reason=REASON)
            nodes, plans, steps, contracts = [], [], [], []
            category_rows, list_rows = [], []
            for project, (rng, ptype, reach) in zip(created, extras, strict=True):
                dates = _node_dates(rng, reach, ptype)
                for node, (planned, actual) in dates.items():
                    nodes.append(ProjectNode(project=project, node=node, planned_date=planned, actual_date=actual))
                for year in (2018, 2019):
                    amount = (project.total_investment * Decimal(rng.randint(15, 45)) / 100).quantize(Decimal("0.01"))
                    plans.append(
                        ProjectYearPlan(
                            project=project, year=year, planned_investment=amount, monthly_plan=_monthly(amount, rng)
                        )
                    )
                filed = dates[Node.FILED][1]
                if filed is not None:
                    day = filed + dt.timedelta(days=rng.randint(3, 20))
                    for step_name in ("建设工程规划许可", "施工图审查", "建筑工程施工许可"):
                        days = rng.randint(5, 30)
                        done = day + dt.timedelta(days=days)
                        steps.append(
                            ApprovalStep(
                                project=project,
                                phase=ApprovalPhase.APPROVAL,
                                name=step_name,
                                submitted_on=day,
                                approved_on=done if done <= DEMO_NOW else None,
                            )
                        )
                        day = done + dt.timedelta(days=rng.randint(1, 15))
                completed = dates[Node.COMPLETED][1]
                if completed is not None:
                    done = completed + dt.timedelta(days=rng.randint(10, 45))
                    steps.append(
                        ApprovalStep(
                            project=project,
                            phase=ApprovalPhase.ACCEPTANCE,
                            name="联合竣工验收",
                            submitted_on=completed + dt.timedelta(days=5),
                            approved_on=done if done <= DEMO_NOW else None,
                        )
                    )
                if ptype == ProjectType.NEW:
                    promised = Decimal(rng.choice((300, 350, 400, 450)))
                    full = dates[Node.FULL][1]
                    contracts.append(
                        StandardLandContract(
                            project=project,
                            investment_intensity=promised,
                            plot_ratio=Decimal("1.20"),
                            tax_per_mu=Decimal(rng.choice((25, 30, 35))),
                            energy_per_value=Decimal("0.5000"),
                            rd_ratio=Decimal("2.50"),
                            actual_investment_intensity=promised + rng.randint(-60, 120) if full else None,
                            actual_plot_ratio=Decimal("1.30") if full else None,
                            actual_tax_per_mu=Decimal(rng.randint(18, 45)) if full else None,
                            actual_energy_per_value=Decimal("0.4500") if full else None,
                            checked_on=full + dt.timedelta(days=60)
                            if full and full + dt.timedelta(days=60) <= DEMO_NOW
                            else None,
                        )
                    )
                for pk in rng.sample(categories, k=rng.randint(0, 2)):
                    category_rows.append(Project.categories.through(project_id=project.pk, projectcategory_id=pk))
                for code in rng.sample(sorted(hand_lists), k=rng.randint(0, 2)):
                    list_rows.append(Project.lists.through(project_id=project.pk, projectlist_id=hand_lists[code]))
            bulk_create_audited(ProjectNode, nodes, actor=SYSTEM, reason=REASON)
            bulk_create_audited(ProjectYearPlan, plans, actor=SYSTEM, reason=REASON)
            bulk_create_audited(ApprovalStep, steps, actor=SYSTEM, reason=REASON)
            bulk_create_audited(StandardLandContract, contracts, actor=SYSTEM, reason=REASON)
            Project.categories.through.objects.bulk_create(category_rows)
            Project.lists.through.objects.bulk_create(list_rows)
            from ..services import projects_recompute

            projects_recompute(
                queryset=Project.objects.filter(pk__in=[p.pk for p in created]),
                actor=SYSTEM,
                as_of=DEMO_NOW,
                reason=REASON,
            )
        progress(f"projects demo: {len(created)} projects, {len(nodes)} nodes, {len(steps)} approval steps")
    load_updates_demo(progress=progress)
