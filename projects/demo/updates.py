"""Demo monthly updates, problems and month-end snapshots for the demo projects (called at the end of projects/demo.py).

Deterministic (a random.Random seeded per project from its name and unit) and idempotent: months
that already have an update, problems already raised and snapshots already taken are left alone.
Two years (2018–2019) of reviewed monthly updates for every project from the month it started
(or January 2018) until it reached 投产 or the end of 2019; about 40 problems, some of them overdue
and escalated; a month-end snapshot of the city for every month of 2019.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from core.actors import SYSTEM
from core.history import bulk_create_audited, bulk_update_audited
from regions.models import Department

from ..calculations import month_end
from ..choices import Node, ProblemKind, ProblemStatus, UpdateStatus
from ..models import MonthSnapshot, Project, ProjectNode, ProjectProblem, ProjectUpdate, ProjectYearPlan
from ..problems import problems_escalate
from ..snapshots import snapshot_month_all

YEARS = (2018, 2019)
CENT = Decimal("0.01")
PROGRESS_TEXTS = (
    "前期手续办理中", "场地平整", "桩基施工", "主体结构施工", "主体结构封顶", "厂房装修", "设备采购", "设备安装调试",
    "试生产", "配套工程建设",
)  # fmt: skip
PROBLEMS = (
    (ProblemKind.LAND, "用地指标尚未落实，需协调新增建设用地指标"),
    (ProblemKind.FUNDS, "银行贷款审批进度慢，资金缺口约 3000 万元"),
    (ProblemKind.APPROVAL, "施工许可办理材料需多部门联审"),
    (ProblemKind.ENERGY, "新增用能指标待核定"),
    (ProblemKind.EIA, "环评批复尚未取得"),
    (ProblemKind.LABOUR, "技术工人招聘困难"),
)


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _months() -> list[tuple[int, int]]:
    return [(y, m) for y in YEARS for m in range(1, 13)]


@transaction.atomic
def load_updates_demo(*, progress: Callable[[str], None]) -> None:
    staff = User.objects.filter(role=Role.CITY_STAFF).order_by("pk").first()
    reporter = User.objects.filter(role=Role.UNIT_REPORTER).order_by("pk").first()
    projects = list(Project.objects.filter(active=True).select_related("region").order_by("pk"))
    if not projects:
        progress("projects demo updates: no projects")
        return
    ids = [p.pk for p in projects]
    nodes: dict[int, dict[str, ProjectNode]] = {}
    for node in ProjectNode.objects.filter(project_id__in=ids):
        nodes.setdefault(node.project_id, {})[node.node] = node
    plans = {(p.project_id, p.year): p for p in ProjectYearPlan.objects.filter(project_id__in=ids, year__in=YEARS)}
    existing = set(ProjectUpdate.objects.filter(project_id__in=ids).values_list("project_id", "year", "month"))

    new: list[ProjectUpdate] = []
    last_month: dict[int, int] = {}
    for project in projects:
        rng = random.Random(f"updates:{project.region.code}:{project.name}")
        pn = nodes.get(project.pk, {})
        started = pn.get(Node.STARTED)
        producing = pn.get(Node.PRODUCING)
        first = started.actual_date if started and started.actual_date else None
        if first is None:
            signed = pn.get(Node.SIGNED)
            first = signed.actual_date if signed and signed.actual_date else None
        if first is None:
            continue  # not signed: nothing to report
        last = producing.actual_date if producing and producing.actual_date else dt.date(2019, 12, 31)
        ytd = Decimal(0)
        for year, month in _months():
            if month == 1:
                ytd = Decimal(0)
            end = month_end(year, month)
            if end < first.replace(day=1) or dt.date(year, month, 1) > last:
                continue
            plan = plans.get((project.pk, year))
            if plan is not None and plan.planned_investment:
                base = Decimal(plan.planned_investment) / 12
            else:
                base = Decimal(project.total_investment) / 36
            amount = (base * Decimal(rng.randint(60, 130)) / 100).quantize(CENT, ROUND_HALF_UP)
            ytd += amount
            last_month[project.pk] = max(last_month.get(project.pk, 0), year * 100 + month)
            if (project.pk, year, month) in existing:
                continue
            reported = end + dt.timedelta(days=rng.randint(3, 8))
            new.append(
                ProjectUpdate(
                    project=project,
                    year=year,
                    month=month,
                    investment_month=amount,
                    investment_ytd=ytd,
                    progress_text=rng.choice(PROGRESS_TEXTS),
                    status=UpdateStatus.REVIEWED,
                    submitted_at=_aware(reported),
                    submitted_by=reporter,
                    reviewed_at=_aware(reported + dt.timedelta(days=2)),
                    reviewed_by=staff,
                )
            )
    bulk_create_audited(ProjectUpdate, new, actor=staff or SYSTEM, reason="演示数据：月度进展")
    progress(f"projects demo updates: {len(new)} new monthly updates")

    moved = []
    for project in projects:
        value = last_month.get(project.pk)
        if value and (project.last_update_year_month or 0) < value:
            project.last_update_year_month = value
            moved.append(project)
    bulk_update_audited(Project, moved, ["last_update_year_month"], actor=staff or SYSTEM, reason="演示数据：月度进展")

    _problems(projects, reporter, progress)
    _snapshots(progress)


def _problems(projects: list[Project], reporter: Any, progress: Callable[[str], None]) -> None:
    if ProjectProblem.objects.exists():
        return
    departments = list(Department.objects.select_related("region").order_by("pk"))
    if not departments:
        progress("projects demo problems: no departments")
        return
    rng = random.Random("problems")
    chosen = rng.sample(projects, min(40, len(projects)))
    created = []
    for i, project in enumerate(chosen):
        kind, text = PROBLEMS[i % len(PROBLEMS)]
        local = [d for d in departments if d.region_id == project.region_id] or departments
        raised = dt.date(2019, rng.randint(1, 11), rng.randint(1, 28))
        deadline = raised + dt.timedelta(days=rng.choice((15, 30, 45, 60)))
        status = (ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS, ProblemStatus.RESOLVED, ProblemStatus.CLOSED)[i % 4]
        resolved = status in (ProblemStatus.RESOLVED, ProblemStatus.CLOSED)
        created.append(
            ProjectProblem(
                project=project,
                kind=kind,
                text=text,
                department=local[rng.randrange(len(local))],
                deadline=deadline,
                status=status,
                resolution="已协调解决" if resolved else "",
                resolved_at=_aware(min(deadline, dt.date(2019, 12, 20))) if resolved else None,
                raised_by=reporter,
            )
        )
    rows = bulk_create_audited(ProjectProblem, created, actor=reporter or SYSTEM, reason="演示数据：协调事项")
    for problem, raised_problem in zip(rows, created, strict=True):
        # The demo's problems were raised in 2019 (the bulletin reads the problems open at a month end).
        raised_on = raised_problem.deadline - dt.timedelta(days=30) if raised_problem.deadline else dt.date(2019, 1, 1)
        ProjectProblem.objects.filter(pk=problem.pk).update(created_at=_aware(raised_on))
    escalated = problems_escalate(today=dt.date(2019, 12, 31), actor=SYSTEM)
    progress(f"projects demo problems: {len(rows)} problems, {len(escalated)} escalated")


def _snapshots(progress: Callable[[str], None]) -> None:
    """The city's and every unit's month-end snapshot of each month of 2019 (as the scheduled job takes them)."""
    before = MonthSnapshot.objects.count()
    for month in range(1, 13):
        snapshot_month_all(year=2019, month=month, today=dt.date(2020, 1, 1))
    progress(f"projects demo snapshots: {MonthSnapshot.objects.count() - before} month-end snapshots of 2019")
