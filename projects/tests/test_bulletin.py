"""The bulletin contract: project figures per unit and the stage lists, as they stood at the month end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from core.actors import SYSTEM
from projects.bulletin import project_bulletin_figures, project_stage_lists
from projects.choices import Node, ProblemStatus, Stage, UpdateStatus
from projects.models import StarGate
from projects.snapshots import snapshot_take
from projects.tests.factories import (
    DepartmentFactory,
    ProjectFactory,
    ProjectNodeFactory,
    ProjectProblemFactory,
    ProjectUpdateFactory,
    ProjectYearPlanFactory,
)

D = dt.date


def _setup(regions: dict[str, Any]) -> dict[str, Any]:
    StarGate.objects.all().delete()
    for i, node in enumerate([Node.SIGNED, Node.FILED, Node.STARTED, Node.PRODUCING, Node.FULL]):
        StarGate.objects.create(name=f"星{i}", node=node, order=i)
    haining, pinghu = regions["330481"], regions["330482"]
    five = ProjectFactory(region=haining, name="五星项目", total_investment=Decimal("50000.00"))
    for node in [Node.SIGNED, Node.FILED, Node.STARTED, Node.PRODUCING, Node.FULL]:
        ProjectNodeFactory(project=five, node=node, planned_date=D(2019, 3, 1), actual_date=D(2019, 2, 1))
    late = ProjectFactory(region=haining, name="滞后项目", total_investment=Decimal("8000.00"))
    ProjectNodeFactory(project=late, node=Node.SIGNED, planned_date=D(2019, 1, 1), actual_date=D(2019, 1, 1))
    ProjectNodeFactory(project=late, node=Node.STARTED, planned_date=D(2019, 4, 1))
    ProjectYearPlanFactory(project=late, year=2019, planned_investment=Decimal("3000.00"))
    ProjectUpdateFactory(project=late, year=2019, month=5, investment_month=Decimal("10.25"),
                         investment_ytd=Decimal("210.25"), status=UpdateStatus.REVIEWED)  # fmt: skip
    ProjectUpdateFactory(project=five, year=2019, month=6, investment_month=Decimal("100"),
                         investment_ytd=Decimal("1000.00"), status=UpdateStatus.REVIEWED)  # fmt: skip
    other = ProjectFactory(region=pinghu, name="平湖项目")
    ProjectNodeFactory(project=other, node=Node.SIGNED, planned_date=D(2019, 1, 1), actual_date=D(2019, 1, 3))
    dept = DepartmentFactory(region=haining, name="海宁市自然资源和规划局")
    open_problem = ProjectProblemFactory(project=late, department=dept, deadline=D(2019, 6, 15))
    ProjectProblemFactory(project=late, department=dept, deadline=D(2019, 7, 15), status=ProblemStatus.CLOSED)
    ProjectProblemFactory(project=late, department=dept, deadline=D(2019, 8, 15))  # raised after June: left out
    raised = dt.datetime(2019, 5, 10, 9, tzinfo=dt.UTC)
    type(open_problem).objects.filter(deadline__lt=D(2019, 8, 1)).update(created_at=raised)
    return {"haining": haining, "pinghu": pinghu, "late": late, "five": five, "problem": open_problem}


def test_bulletin_figures_per_unit_and_total(regions: dict[str, Any]) -> None:
    s = _setup(regions)
    figures = project_bulletin_figures(region=regions["330400"], year=2019, month=6)
    assert len(figures.units) == 9 and [u.region.path for u in figures.units] == sorted(
        u.region.path for u in figures.units
    )
    hn = next(u for u in figures.units if u.region == s["haining"])
    assert (hn.signed, hn.started, hn.producing) == (2, 1, 1)
    assert (hn.start_rate, hn.production_rate) == (Decimal("50.0"), Decimal("50.0"))
    assert hn.stage_counts[Stage.OPERATING] == 1 and hn.stage_counts[Stage.SIGNING] == 1
    assert hn.average_stars == Decimal("3.0")  # (5 + 1) / 2
    assert hn.five_star_share == Decimal("50.0")
    assert hn.investment_ytd == Decimal("1210.25")
    empty = next(u for u in figures.units if u.region.code == "330483")
    assert (empty.signed, empty.start_rate, empty.average_stars, empty.investment_ytd) == (0, None, None, Decimal(0))
    assert figures.total.signed == 3 and figures.total.region == regions["330400"]
    assert [(o.project_name, o.node_label, o.days_overdue) for o in figures.overdue_nodes] == [("滞后项目", "开工", 90)]
    assert [(p.problem_id, p.overdue, p.department_name) for p in figures.open_problems] == [
        (s["problem"].pk, True, "海宁市自然资源和规划局")
    ]


def test_the_figures_come_from_the_snapshot_once_taken(regions: dict[str, Any]) -> None:
    s = _setup(regions)
    snapshot_take(region=regions["330400"], year=2019, month=6, actor=SYSTEM, today=D(2019, 7, 2))
    before = project_bulletin_figures(region=regions["330400"], year=2019, month=6)
    s["late"].nodes.filter(node=Node.STARTED).update(actual_date=D(2019, 6, 20))  # corrected afterwards
    after = project_bulletin_figures(region=regions["330400"], year=2019, month=6)
    assert before.units == after.units and before.overdue_nodes == after.overdue_nodes


def test_stage_lists_rows(regions: dict[str, Any]) -> None:
    s = _setup(regions)
    lists = project_stage_lists(region=s["haining"], year=2019, month=6)
    assert set(lists) == {str(stage) for stage in Stage}
    [row] = lists[Stage.SIGNING]
    assert row == {
        "name": "滞后项目",
        "enterprise": s["late"].enterprise.name,
        "region": "海宁市",
        "code": "",
        "total_investment": Decimal("8000.00"),
        "year_plan": Decimal("3000.00"),
        "ytd": Decimal("210.25"),
        "stage": Stage.SIGNING,
        "stars": 1,
    }
    assert [r["name"] for r in lists[Stage.OPERATING]] == ["五星项目"]
