"""Reads of the key-project library: the scoped project list, the five stage lists with counts per unit,
the star summary per unit, and everything the project page shows (node timeline, stars with reasons,
approval days, 标准地 comparison, monthly investment).

Aggregates run in the database (one GROUP BY per figure) over the stored stage and stars, so their
query count does not grow with the number of projects or units.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from core import clock
from regions.models import Region
from reporting.selectors import home_city, reporting_units

from . import calculations as calc
from .choices import NODE_ORDER, Node, Stage
from .models import ApprovalStep, Project, ProjectNode, ProjectUpdate, ProjectYearPlan, StandardLandContract
from .services import star_rules

FIVE_STARS = 5


def snapshot_rows_of_month(user: Any, year: int, month: int) -> QuerySet[Any] | None:
    """The library as it stood at the end of a past month: the rows of the city's month-end snapshot that the
    user may see (None when that month has no snapshot). They carry region, stage and stars like projects,
    so the per-unit tables read them the same way."""
    from .models import MonthSnapshot, SnapshotRow

    city = home_city(user)
    snapshot = MonthSnapshot.objects.filter(region=city, year=year, month=month).first()  # type: ignore[attr-defined]
    if snapshot is None:
        return None
    return SnapshotRow.objects.visible_to(user).filter(snapshot=snapshot)  # type: ignore[attr-defined, no-any-return]


def project_list(user: Any) -> QuerySet[Project]:
    """The projects a user may see, with what a list row shows (one query per page)."""
    return Project.objects.visible_to(user).select_related("region", "enterprise")  # type: ignore[attr-defined, no-any-return]


def units_of(user: Any) -> list[Region]:
    """The county-level units the user's per-unit tables show: those under their city, in their scope."""
    city = home_city(user)
    if city is None:
        return []
    units = reporting_units(city, user)
    if not units and user.region is not None and user.region.is_county_level:
        return [user.region]
    return units


def _unit_of(region_paths: dict[int, str], units: list[Region]) -> dict[int, Region]:
    """Each project region → the county-level unit above it (or itself)."""
    result = {}
    for region_id, path in region_paths.items():
        for unit in units:
            if path.startswith(unit.path):
                result[region_id] = unit
                break
    return result


def _region_paths(region_ids: set[int]) -> dict[int, str]:
    return dict(Region.objects.filter(pk__in=region_ids).values_list("pk", "path"))


@dataclass
class UnitStageRow:
    unit: Region | None  # None for the total row
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[int]:
        return [self.counts.get(stage, 0) for stage in Stage.values]


def stage_counts_by_unit(user: Any, queryset: QuerySet[Project] | None = None) -> list[UnitStageRow]:
    """The five lists (签约服务 … 达产运营) with the number of projects per unit, and a total row last."""
    qs = queryset if queryset is not None else Project.objects.visible_to(user).filter(active=True)  # type: ignore[attr-defined]
    units = units_of(user)
    rows = {unit.pk: UnitStageRow(unit) for unit in units}
    grouped = list(qs.order_by().values("region_id", "stage").annotate(n=Count("pk")))
    unit_of = _unit_of(_region_paths({g["region_id"] for g in grouped}), units)
    total = UnitStageRow(None)
    for g in grouped:
        unit = unit_of.get(g["region_id"])
        if unit is not None:
            rows[unit.pk].counts[g["stage"]] = rows[unit.pk].counts.get(g["stage"], 0) + g["n"]
        total.counts[g["stage"]] = total.counts.get(g["stage"], 0) + g["n"]
    return [*rows.values(), total]


@dataclass
class UnitStarRow:
    unit: Region | None
    projects: int = 0
    star_sum: int = 0
    five_star: int = 0
    histogram: dict[int, int] = field(default_factory=dict)

    @property
    def average(self) -> Decimal | None:
        """五星 average of the unit's projects, one decimal."""
        if not self.projects:
            return None
        return (Decimal(self.star_sum) / self.projects).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def five_star_share(self) -> Decimal | None:
        """Share of five-star projects in %, one decimal."""
        return calc.percent(self.five_star, self.projects)

    def histogram_cells(self) -> list[int]:
        return [self.histogram.get(n, 0) for n in range(0, FIVE_STARS + 1)]


def star_summary_by_unit(user: Any, queryset: QuerySet[Project] | None = None) -> list[UnitStarRow]:
    """Per unit: projects, the 五星 average, the number and share of five-star projects; a total row last."""
    qs = queryset if queryset is not None else Project.objects.visible_to(user).filter(active=True)  # type: ignore[attr-defined]
    units = units_of(user)
    rows = {unit.pk: UnitStarRow(unit) for unit in units}
    grouped = list(qs.order_by().values("region_id", "stars").annotate(n=Count("pk")))
    unit_of = _unit_of(_region_paths({g["region_id"] for g in grouped}), units)
    total = UnitStarRow(None)
    for g in grouped:
        targets = [total]
        unit = unit_of.get(g["region_id"])
        if unit is not None:
            targets.append(rows[unit.pk])
        for row in targets:
            row.projects += g["n"]
            row.star_sum += g["stars"] * g["n"]
            row.five_star += g["n"] if g["stars"] >= FIVE_STARS else 0
            row.histogram[min(g["stars"], FIVE_STARS)] = row.histogram.get(min(g["stars"], FIVE_STARS), 0) + g["n"]
    return [*rows.values(), total]


# --- one project ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineNode:
    node: str
    label: str
    planned: dt.date | None
    actual: dt.date | None
    note: str
    reached: bool
    overdue_days: int | None  # planned passed, not reached
    late_days: int | None  # reached after the planned date


def node_timeline(
    project: Project, as_of: dt.date, *, nodes: Iterable[ProjectNode] | None = None
) -> list[TimelineNode]:
    """The nine nodes in order, with planned/actual dates and whether each is on time, late or overdue (`nodes`:
    the project's node rows when the caller has read them)."""
    rows = {n.node: n for n in (project.nodes.all() if nodes is None else nodes)}
    timeline = []
    for node in NODE_ORDER:
        row = rows.get(str(node))
        planned = row.planned_date if row else None
        actual = row.actual_date if row else None
        reached = actual is not None and actual <= as_of
        overdue = (as_of - planned).days if planned and not reached and planned < as_of else None
        late = (actual - planned).days if planned and actual and actual > planned else None
        timeline.append(
            TimelineNode(str(node), str(node.label), planned, actual, row.note if row else "", reached, overdue, late)
        )
    return timeline


@dataclass(frozen=True)
class MonthlyInvestment:
    """The monthly chart of a project: plan per month and completed per month / year to date, one year."""

    year: int
    months: list[int]
    plan: list[str | None]
    completed: list[str | None]
    ytd: list[str | None]

    def as_chart(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "months": [_("%d月") % m for m in self.months],
            "plan": self.plan,
            "completed": self.completed,
            "ytd": self.ytd,
            "labels": {
                "plan": _("计划投资"),
                "completed": _("完成投资"),
                "ytd": _("本年累计"),
                "month": _("月度"),
                "cumulative": _("累计"),
            },
        }


def monthly_investment(
    project: Project,
    year: int,
    *,
    plans: Iterable[ProjectYearPlan] | None = None,
    updates_read: Iterable[ProjectUpdate] | None = None,
) -> MonthlyInvestment:
    """A year's monthly plan (year plan) against completed investment (monthly updates) of one project (`plans`,
    `updates_read`: the project's year plans and updates, every one of `year` among them, when the caller has
    read them)."""
    if plans is None:
        plan_row = ProjectYearPlan.objects.filter(project=project, year=year).first()  # type: ignore[attr-defined]
    else:
        plan_row = next((p for p in plans if p.year == year), None)
    monthly_plan = list(plan_row.monthly_plan) if plan_row and plan_row.monthly_plan else []
    if updates_read is None:
        updates_read = ProjectUpdate.objects.filter(project=project, year=year).only(  # type: ignore[attr-defined]
            "month", "investment_month", "investment_ytd"
        )
    updates = {u.month: u for u in updates_read if u.year == year}
    months = list(range(1, 13))
    return MonthlyInvestment(
        year=year,
        months=months,
        plan=[str(monthly_plan[m - 1]) if len(monthly_plan) == 12 else None for m in months],
        completed=[str(updates[m].investment_month) if m in updates else None for m in months],
        ytd=[str(updates[m].investment_ytd) if m in updates else None for m in months],
    )


@dataclass
class ProjectPage:
    timeline: list[TimelineNode]
    stars: calc.StarResult
    approval: calc.ApprovalSummary
    steps: list[ApprovalStep]
    contract: StandardLandContract | None
    comparison: calc.ContractComparison | None
    year_plans: list[ProjectYearPlan]
    chart: MonthlyInvestment
    problems: list[Any]
    updates: list[ProjectUpdate]
    overdue: list[calc.OverdueNodeInfo]
    investment_ytd: Decimal


def project_page(project: Project, user: Any, *, as_of: dt.date | None = None) -> ProjectPage:
    """Everything the project page shows besides its fields, in a fixed number of queries."""
    from .models import ProjectProblem

    as_of = as_of or clock.today()
    node_rows = list(ProjectNode.objects.filter(project=project))  # type: ignore[attr-defined]
    nodes = calc.node_map((n.node, n.planned_date, n.actual_date) for n in node_rows)
    steps = list(project.approval_steps.all())
    contract = StandardLandContract.objects.filter(project=project).first()  # type: ignore[attr-defined]
    comparison = None
    if contract is not None:
        keys = [key for key, _label, _higher in calc.CONTRACT_INDICATORS]
        comparison = calc.compare_land_contract(
            {k: getattr(contract, k) for k in keys}, {k: getattr(contract, f"actual_{k}") for k in keys}
        )
    updates = list(ProjectUpdate.objects.filter(project=project).order_by("-year", "-month")[:24])  # type: ignore[attr-defined]
    chart_year = updates[0].year if updates else as_of.year
    latest = [u for u in updates if u.year == chart_year]
    year_plans = list(project.year_plans.order_by("-year"))
    return ProjectPage(
        timeline=node_timeline(project, as_of, nodes=node_rows),
        stars=calc.evaluate_stars(nodes, star_rules(), as_of),
        approval=calc.approval_summary(
            [calc.StepDates(s.phase, s.submitted_on, s.approved_on) for s in steps], as_of=as_of
        ),
        steps=steps,
        contract=contract,
        comparison=comparison,
        year_plans=year_plans,
        # the 24 latest updates hold every month of the latest year, the chart's
        chart=monthly_investment(project, chart_year, plans=year_plans, updates_read=updates),
        problems=list(
            ProjectProblem.objects.visible_to(user).filter(project=project).select_related("department")  # type: ignore[attr-defined]
        ),
        updates=updates,
        overdue=calc.overdue_nodes(nodes, as_of),
        investment_ytd=latest[0].investment_ytd if latest else Decimal(0),
    )


def enterprise_projects(enterprise: Any, user: Any) -> QuerySet[Project]:
    """The projects of one enterprise that the user may see (the panel on the enterprise page)."""
    return (
        Project.objects.visible_to(user)  # type: ignore[attr-defined, no-any-return]
        .filter(enterprise=enterprise)
        .select_related("region")
        .order_by("-total_investment", "pk")
    )


def node_actuals_per_project(project_ids: list[int]) -> dict[int, dict[str, calc.NodeDates]]:
    """Node dates of many projects in one query (for recomputing or reconstructing a past month)."""
    result: dict[int, dict[str, calc.NodeDates]] = defaultdict(dict)
    for start in range(0, len(project_ids), 5000):
        for pid, node, planned, actual in ProjectNode.objects.filter(  # type: ignore[attr-defined]
            project_id__in=project_ids[start : start + 5000]
        ).values_list("project_id", "node", "planned_date", "actual_date"):
            result[pid][node] = calc.NodeDates(planned, actual)
    return result


def year_investment_totals(queryset: QuerySet[Project], year: int) -> dict[str, Decimal]:
    """Total and year-plan investment of a project set, in 万元 (exact sums)."""
    totals = queryset.aggregate(total=Sum("total_investment"))
    plans = ProjectYearPlan.objects.filter(project__in=queryset.values("pk"), year=year).aggregate(  # type: ignore[attr-defined]
        plan=Sum("planned_investment")
    )
    return {"total": totals["total"] or Decimal(0), "plan": plans["plan"] or Decimal(0)}


__all__ = [
    "Node",
    "enterprise_projects",
    "node_timeline",
    "project_bulletin_figures",
    "project_list",
    "project_page",
    "project_stage_lists",
    "stage_counts_by_unit",
    "star_summary_by_unit",
    "units_of",
]


from .bulletin import project_bulletin_figures, project_stage_lists  # noqa: E402
