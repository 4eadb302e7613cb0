"""The demo's monthly updates, problems and snapshots: deterministic, consistent, idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from accounts.choices import Role
from projects.choices import Node, UpdateStatus
from projects.demo.updates import load_updates_demo
from projects.models import MonthSnapshot, ProjectProblem, ProjectUpdate
from projects.tests.factories import DepartmentFactory, ProjectFactory, ProjectNodeFactory


def test_demo_updates_are_consistent_and_idempotent(regions: dict[str, Any], make_user: Any) -> None:
    make_user(Role.CITY_STAFF, "330400")
    make_user(Role.UNIT_REPORTER, "330481")
    DepartmentFactory(region=regions["330481"])
    for i, (signed, started, producing) in enumerate(
        [(dt.date(2017, 6, 1), dt.date(2018, 3, 5), dt.date(2019, 4, 20)), (dt.date(2019, 2, 1), None, None)]
    ):
        p = ProjectFactory(region=regions["330481"], name=f"演示项目{i}")
        for node, actual in ((Node.SIGNED, signed), (Node.STARTED, started), (Node.PRODUCING, producing)):
            if actual:
                ProjectNodeFactory(project=p, node=node, actual_date=actual)
    lines: list[str] = []
    load_updates_demo(progress=lines.append)
    first = list(ProjectUpdate.objects.order_by("project_id", "year", "month").values_list(
        "project_id", "year", "month", "investment_month", "investment_ytd", "status"
    ))  # fmt: skip
    assert lines and first and all(row[5] == UpdateStatus.REVIEWED for row in first)
    months = {(y, m) for pid, y, m, *_ in first if pid == first[0][0]}
    assert min(months) == (2018, 3) and max(months) == (2019, 4)  # from 开工 to 投产
    previous: dict[tuple[int, int], Decimal] = {}
    for pid, year, month, amount, ytd, _status in first:
        expected = amount if month == 1 else previous.get((pid, year), Decimal(0)) + amount
        assert ytd == expected, (pid, year, month)
        previous[(pid, year)] = ytd
    assert MonthSnapshot.objects.filter(year=2019).count() == 12 * 10  # the city and its nine units
    problems = ProjectProblem.objects.count()
    load_updates_demo(progress=lines.append)
    again = list(ProjectUpdate.objects.order_by("project_id", "year", "month").values_list(
        "project_id", "year", "month", "investment_month", "investment_ytd", "status"
    ))  # fmt: skip
    assert again == first and ProjectProblem.objects.count() == problems == 2
    assert MonthSnapshot.objects.count() == 120
