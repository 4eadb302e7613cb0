"""Month-end snapshots: one INSERT … SELECT that agrees with the pure functions, and reading past months."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Role
from core.actors import SYSTEM
from projects.choices import Flag, Node, Stage, UpdateStatus
from projects.models import MonthSnapshot, SnapshotRow, StarGate
from projects.snapshots import compute_rows, month_rows, snapshot_previous_month, snapshot_take
from projects.tests.factories import (
    ProjectCategoryFactory,
    ProjectFactory,
    ProjectListFactory,
    ProjectNodeFactory,
    ProjectUpdateFactory,
    ProjectYearPlanFactory,
)

D = dt.date
TODAY = D(2019, 12, 10)
FIELDS = (
    "project_id", "region_id", "enterprise_id", "name", "code", "project_type", "total_investment", "year_plan",
    "investment_ytd", "stage", "stars", "flags", "list_ids", "category_ids", "nodes", "reached",
    "completion_planned_year",
)  # fmt: skip


def _nodes(project: Any, dates: dict[str, tuple[dt.date | None, dt.date | None]]) -> None:
    for node, (planned, actual) in dates.items():
        ProjectNodeFactory(project=project, node=node, planned_date=planned, actual_date=actual)


@pytest.fixture
def library(regions: dict[str, Any]) -> dict[str, Any]:
    """Projects of Haining and Pinghu in every situation a month end can see (as of 2019-06-30)."""
    StarGate.objects.all().delete()
    StarGate.objects.create(name="签约落地", node=Node.SIGNED, order=1)
    StarGate.objects.create(name="按期开工", node=Node.STARTED, grace_days=10, order=2)
    StarGate.objects.create(name="按期达产", node=Node.FULL, order=3)
    StarGate.objects.create(name="停用", node=Node.FILED, active=False, order=4)
    haining, pinghu = regions["330481"], regions["330482"]
    lst, cat = ProjectListFactory(), ProjectCategoryFactory()
    p = {}
    # Started on time (within the grace days), completion planned in 2019, reviewed updates up to May.
    p["building"] = ProjectFactory(region=haining, code="2019-330481-34-03-000001")
    _nodes(
        p["building"],
        {
            Node.SIGNED: (D(2019, 1, 10), D(2019, 1, 8)),
            Node.FILED: (D(2019, 2, 1), D(2019, 2, 20)),
            Node.STARTED: (D(2019, 3, 1), D(2019, 3, 9)),
            Node.COMPLETED: (D(2019, 11, 30), None),
        },
    )
    p["building"].lists.add(lst)
    p["building"].categories.add(cat)
    ProjectYearPlanFactory(project=p["building"], year=2019, planned_investment=Decimal("1200.00"))
    for month, ytd, status in [(4, "400.00", UpdateStatus.REVIEWED), (5, "520.50", UpdateStatus.REVIEWED),
                               (6, "700.00", UpdateStatus.SUBMITTED)]:  # fmt: skip
        ProjectUpdateFactory(project=p["building"], year=2019, month=month, investment_ytd=Decimal(ytd),
                             investment_month=Decimal("100.00"), status=status)  # fmt: skip
    # Completed, not producing; 开工 late (no star); a node reached only after the month end.
    p["completed"] = ProjectFactory(region=haining)
    _nodes(
        p["completed"],
        {
            Node.SIGNED: (None, D(2018, 5, 1)),
            Node.STARTED: (D(2018, 6, 1), D(2018, 8, 1)),
            Node.COMPLETED: (D(2019, 5, 1), D(2019, 5, 20)),
            Node.PRODUCING: (D(2019, 6, 1), D(2019, 7, 15)),
        },
    )
    # Producing, 达产 planned before the month end: 投产未达产.
    p["producing"] = ProjectFactory(region=pinghu)
    _nodes(
        p["producing"],
        {
            Node.SIGNED: (D(2017, 1, 1), D(2017, 1, 1)),
            Node.PRODUCING: (D(2018, 12, 1), D(2018, 11, 1)),
            Node.FULL: (D(2019, 6, 1), None),
        },
    )
    # At full capacity on time.
    p["full"] = ProjectFactory(region=pinghu)
    _nodes(p["full"], {Node.SIGNED: (None, D(2016, 3, 1)), Node.FULL: (D(2019, 1, 31), D(2019, 1, 31))})
    # Signed only, nothing else; another with no nodes at all (created after June: left out).
    p["signed"] = ProjectFactory(region=haining)
    _nodes(p["signed"], {Node.SIGNED: (D(2019, 6, 1), D(2019, 6, 30)), Node.FILED: (D(2019, 7, 1), None)})
    p["new"] = ProjectFactory(region=haining)
    # In the library since 2018 without any node: a row with no nodes (stage 签约服务, not signed).
    p["empty"] = ProjectFactory(region=pinghu)
    type(p["empty"]).objects.filter(pk=p["empty"].pk).update(created_at=dt.datetime(2018, 1, 1, tzinfo=dt.UTC))
    p["inactive"] = ProjectFactory(region=haining, active=False)
    _nodes(p["inactive"], {Node.SIGNED: (None, D(2018, 1, 1))})
    return {"projects": p, "list": lst, "category": cat, "haining": haining, "pinghu": pinghu}


def _as_dicts(rows: list[SnapshotRow]) -> dict[int, dict[str, Any]]:
    return {r.project_id: {f: getattr(r, f) for f in FIELDS} for r in rows}


def test_the_insert_select_agrees_with_the_pure_functions_row_by_row(library: dict[str, Any], regions: Any) -> None:
    city = regions["330400"]
    snapshot = snapshot_take(region=city, year=2019, month=6, actor=SYSTEM, today=TODAY)
    written = list(SnapshotRow.objects.filter(snapshot=snapshot))
    expected = compute_rows(region=city, year=2019, month=6)
    assert snapshot.project_count == len(written) == 6
    got, want = _as_dicts(written), _as_dicts(expected)
    assert set(got) == set(want)
    for pk in want:
        for field in FIELDS:
            a, b = got[pk][field], want[pk][field]
            if isinstance(b, list):
                a, b = sorted(a), sorted(b)
            assert a == b, (pk, field, a, b)


def test_the_rows_are_the_library_as_it_stood_at_the_month_end(library: dict[str, Any], regions: Any) -> None:
    p = library["projects"]
    snapshot = snapshot_take(region=regions["330400"], year=2019, month=6, actor=SYSTEM, today=TODAY)
    rows = {r.project_id: r for r in snapshot.rows.all()}
    assert p["new"].pk not in rows and p["inactive"].pk not in rows
    building = rows[p["building"].pk]
    assert building.stage == Stage.CONSTRUCTION
    assert building.stars == 2  # signed on time; started 8 days late, within the 10 grace days
    assert building.investment_ytd == Decimal("520.50")  # June is only submitted: May's reviewed figure
    assert building.year_plan == Decimal("1200.00")
    assert building.flags == []  # 备案 came late but came, 竣工 is due in November; June was reported
    assert building.list_ids == [library["list"].pk] and building.category_ids == [library["category"].pk]
    assert building.completion_planned_year == 2019 and building.reached == 6
    assert building.nodes["completed"] == ["2019-11-30", None]
    completed = rows[p["completed"].pk]
    # 投产 was reached on 2019-07-15, after the month end: then it was completed and not producing.
    assert completed.stage == Stage.COMMISSIONED
    assert completed.nodes["producing"] == ["2019-06-01", None]
    assert Flag.COMPLETED_NOT_PRODUCING in completed.flags and Flag.OVERDUE_NODE in completed.flags
    assert completed.stars == 1
    producing = rows[p["producing"].pk]
    assert producing.stage == Stage.COMMISSIONED
    assert Flag.PRODUCING_NOT_FULL in producing.flags
    assert rows[p["full"].pk].stage == Stage.OPERATING and rows[p["full"].pk].stars == 2
    assert Flag.NO_UPDATE not in rows[p["full"].pk].flags  # projects at 达产 no longer report
    assert rows[p["signed"].pk].stage == Stage.SIGNING and Flag.NO_UPDATE in rows[p["signed"].pk].flags
    empty = rows[p["empty"].pk]
    assert (empty.nodes, empty.reached, empty.stage, empty.list_ids) == ({}, 0, Stage.SIGNING, [])


def test_a_county_snapshot_holds_only_its_projects_and_a_month_is_taken_once(
    library: dict[str, Any], make_user: Any
) -> None:
    staff = make_user(Role.CITY_STAFF, "330400")
    snapshot = snapshot_take(region=library["pinghu"], year=2019, month=6, actor=staff, today=TODAY)
    assert {r.region_id for r in snapshot.rows.all()} == {library["pinghu"].pk}
    assert snapshot.history.first().history_user == staff
    with pytest.raises(ValidationError):
        snapshot_take(region=library["pinghu"], year=2019, month=6, actor=staff, today=TODAY)
    again = snapshot_take(region=library["pinghu"], year=2019, month=6, actor=staff, today=TODAY, replace=True)
    assert again.pk == snapshot.pk and again.rows.count() == 3
    with pytest.raises(ValidationError):  # the month has not ended yet
        snapshot_take(region=library["pinghu"], year=2019, month=12, actor=staff, today=TODAY)


def test_a_unit_reporter_cannot_take_snapshots(library: dict[str, Any], make_user: Any) -> None:
    from django.core.exceptions import PermissionDenied

    reporter = make_user(Role.UNIT_REPORTER, "330481")
    with pytest.raises(PermissionDenied):
        snapshot_take(region=library["haining"], year=2019, month=6, actor=reporter, today=TODAY)


def test_reading_a_past_month_uses_the_covering_snapshot_or_reconstructs_it(
    library: dict[str, Any], regions: Any
) -> None:
    p = library["projects"]
    snapshot, rows = month_rows(region=library["haining"], year=2019, month=6)
    assert snapshot is None and {r.project_id for r in rows} == {p["building"].pk, p["completed"].pk, p["signed"].pk}
    city_snapshot = snapshot_take(region=regions["330400"], year=2019, month=6, actor=SYSTEM, today=TODAY)
    # Later changes do not alter the month as recorded.
    p["building"].nodes.filter(node=Node.COMPLETED).update(actual_date=D(2019, 6, 5))
    snapshot, rows = month_rows(region=library["haining"], year=2019, month=6)
    assert snapshot == city_snapshot and len(rows) == 3
    assert next(r for r in rows if r.project_id == p["building"].pk).stage == Stage.CONSTRUCTION
    _, rebuilt = month_rows(region=library["haining"], year=2019, month=5)
    assert next(r for r in rebuilt if r.project_id == p["building"].pk).investment_ytd == Decimal("520.50")


def test_the_scheduled_job_takes_the_city_snapshot_of_the_previous_month_once(
    library: dict[str, Any], regions: Any
) -> None:
    lines: list[str] = []
    taken = snapshot_previous_month(today=D(2019, 7, 1), progress=lines.append)
    assert taken is not None and (taken.region, taken.year, taken.month) == (regions["330400"], 2019, 6)
    assert lines and snapshot_previous_month(today=D(2019, 7, 1)) is None
    # One for the city and one for each of its nine county-level units, which see their own only.
    assert MonthSnapshot.objects.count() == 10
    haining = MonthSnapshot.objects.get(region=library["haining"])
    assert {r.project_id for r in haining.rows.all()} == {
        r.project_id for r in taken.rows.filter(region=library["haining"])
    }


def test_the_monthly_task_takes_last_months_city_snapshot(library: dict[str, Any], regions: Any) -> None:
    from django.utils import timezone

    from projects.tasks import take_month_end_snapshot

    today = timezone.localdate()
    count = take_month_end_snapshot()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    snapshot = MonthSnapshot.objects.get(region=regions["330400"], year=year, month=month)
    assert count == snapshot.project_count == 6  # every active project but the one entered this month
    assert take_month_end_snapshot() is None
