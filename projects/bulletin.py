"""The project figures of the monthly bulletin (domain.md §12): the contract the bulletins app calls.

Everything is read as it stood at the end of the month: from the month-end snapshot covering the
region when there is one (so a published bulletin regenerates identically), otherwise
reconstructed from the nodes' actual dates and the reviewed updates (snapshots.month_rows).
Open problems are those raised by the month end and not yet resolved then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q

from enterprises.models import Enterprise
from regions.models import Region

from . import calculations as calc
from .choices import Node, Stage
from .models import ProjectProblem, SnapshotRow
from .problems import OPEN_STATUSES
from .rates import region_index, unit_finder, units_under
from .snapshots import RANK_PRODUCING, RANK_SIGNED, RANK_STARTED, aware_midnight, month_rows, next_month_start

ONE_PLACE = Decimal("0.1")
FIVE_STARS = 5


@dataclass(frozen=True)
class UnitProjectFigures:
    region: Region  # a county-level unit, or the region itself for the total row
    signed: int  # projects signed (the 开工率/投产率 denominator)
    started: int  # started, including already producing (开工率 numerator)
    producing: int  # 投产率 numerator
    start_rate: Decimal | None  # 开工率 in %, one decimal; None when signed == 0
    production_rate: Decimal | None  # 投产率 in %, one decimal
    stage_counts: dict[str, int]  # stage code -> count (projects.choices.Stage)
    average_stars: Decimal | None  # 五星 average, one decimal
    five_star_share: Decimal | None  # share of five-star projects in %, one decimal
    investment_ytd: Decimal  # 万元, projects' completed investment this year to the month


@dataclass(frozen=True)
class OverdueNode:
    project_id: int
    project_name: str
    region: Region
    node_label: str
    planned: dt.date
    days_overdue: int


@dataclass(frozen=True)
class OpenProblem:
    problem_id: int
    project_id: int
    project_name: str
    region: Region
    kind_label: str
    text: str
    department_name: str
    deadline: dt.date | None
    overdue: bool


@dataclass(frozen=True)
class ProjectBulletinFigures:
    units: list[UnitProjectFigures]  # one per county-level unit under `region`, in region order
    total: UnitProjectFigures  # the whole region
    overdue_nodes: list[OverdueNode]
    open_problems: list[OpenProblem]


def unit_figures(region: Region, rows: list[SnapshotRow]) -> UnitProjectFigures:
    """The bulletin's figures of one group of month-end rows (pure: no database)."""
    signed = sum(1 for r in rows if r.reached >= RANK_SIGNED)
    started = sum(1 for r in rows if r.reached >= RANK_STARTED)
    producing = sum(1 for r in rows if r.reached >= RANK_PRODUCING)
    stage_counts = {str(stage): 0 for stage in Stage}
    for row in rows:
        stage_counts[row.stage] = stage_counts.get(row.stage, 0) + 1
    stars = [r.stars for r in rows]
    average = (Decimal(sum(stars)) / len(stars)).quantize(ONE_PLACE, ROUND_HALF_UP) if stars else None
    return UnitProjectFigures(
        region=region,
        signed=signed,
        started=started,
        producing=producing,
        start_rate=calc.percent(started, signed),
        production_rate=calc.percent(producing, signed),
        stage_counts=stage_counts,
        average_stars=average,
        five_star_share=calc.percent(sum(1 for s in stars if s >= FIVE_STARS), len(stars)),
        investment_ytd=sum((Decimal(r.investment_ytd) for r in rows), Decimal(0)),
    )


def overdue_nodes_of(rows: list[SnapshotRow], as_of: dt.date, regions: dict[int, Region]) -> list[OverdueNode]:
    """Nodes planned before the month end and not reached by then, the longest overdue first."""
    found = []
    for row in rows:
        nodes = calc.node_map((code, _date(dates[0]), _date(dates[1])) for code, dates in (row.nodes or {}).items())
        for info in calc.overdue_nodes(nodes, as_of):
            found.append(
                OverdueNode(
                    row.project_id, row.name, regions[row.region_id], str(Node(info.node).label), info.planned,
                    info.days_overdue,
                )
            )  # fmt: skip
    found.sort(key=lambda o: (-o.days_overdue, regions[o.region.pk].path, o.project_id))
    return found


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def open_problems_at(region: Region, year: int, month: int) -> list[OpenProblem]:
    """Problems raised by the month end and not resolved by then, of the region's projects."""
    end = calc.month_end(year, month)
    cutoff = aware_midnight(next_month_start(year, month))
    problems = (
        ProjectProblem.objects.filter(project__region__path__startswith=region.path, created_at__lt=cutoff)
        .filter(Q(status__in=OPEN_STATUSES) | Q(resolved_at__gte=cutoff))
        .select_related("project__region", "department")
        .order_by("deadline", "pk")
    )
    return [
        OpenProblem(
            problem_id=p.pk,
            project_id=p.project_id,
            project_name=p.project.name,
            region=p.project.region,
            kind_label=str(p.get_kind_display()),
            text=p.text,
            department_name=p.department.name,
            deadline=p.deadline,
            overdue=p.deadline is not None and p.deadline < end,
        )
        for p in problems
    ]


def project_bulletin_figures(*, region: Region, year: int, month: int) -> ProjectBulletinFigures:
    """The project figures as they stood at the end of `month` (from the month-end snapshot when there is one)."""
    _snapshot, rows = month_rows(region=region, year=year, month=month)
    units = units_under(region)
    regions = region_index(region)
    find = unit_finder(units, regions)
    grouped: dict[int, list[SnapshotRow]] = {u.pk: [] for u in units}
    for row in rows:
        unit = find(row.region_id)
        if unit is not None:
            grouped[unit.pk].append(row)
    return ProjectBulletinFigures(
        units=[unit_figures(u, grouped[u.pk]) for u in units],
        total=unit_figures(region, rows),
        overdue_nodes=overdue_nodes_of(rows, calc.month_end(year, month), regions),
        open_problems=open_problems_at(region, year, month),
    )


def project_stage_lists(*, region: Region, year: int, month: int) -> dict[str, list[dict[str, Any]]]:
    """stage code -> rows (keys: name, enterprise, region, code, total_investment, year_plan, ytd, stage, stars).

    `enterprise` and `region` are names (text for the bulletin's tables); rows of each stage are in
    region order, the largest total investment first.
    """
    _snapshot, rows = month_rows(region=region, year=year, month=month)
    regions = region_index(region)
    enterprise_names = dict(
        Enterprise.objects.filter(pk__in={r.enterprise_id for r in rows if r.enterprise_id}).values_list("pk", "name")
    )
    result: dict[str, list[dict[str, Any]]] = {str(stage): [] for stage in Stage}
    for row in sorted(rows, key=lambda r: (regions[r.region_id].path, -Decimal(r.total_investment), r.project_id)):
        result[row.stage].append(
            {
                "name": row.name,
                "enterprise": enterprise_names.get(row.enterprise_id, "") if row.enterprise_id else "",
                "region": regions[row.region_id].name,
                "code": row.code,
                "total_investment": Decimal(row.total_investment),
                "year_plan": Decimal(row.year_plan),
                "ytd": Decimal(row.investment_ytd),
                "stage": row.stage,
                "stars": row.stars,
            }
        )
    return result
