"""开工率 / 竣工率 / 投产率 per unit and list, with numerator, denominator and basis; the Qingyang case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from core.actors import SYSTEM
from projects.choices import Node
from projects.models import SnapshotRow
from projects.rates import count_rows, rates_of, rates_table
from projects.snapshots import NODE_RANK, snapshot_take
from projects.tests.factories import ProjectFactory, ProjectListFactory, ProjectNodeFactory

D = dt.date


def _row(reached: int, completion_year: int | None = None) -> SnapshotRow:
    return SnapshotRow(reached=reached, completion_planned_year=completion_year, stars=0, stage="signing")


def test_qingyang_case_8214_and_41_percent() -> None:
    """The published Qingyang figures: 开工率 82.14 %, 投产率 41 %.

    The source gives the rates only, not the counts; 575 started and 287 producing out of 700 signed
    are the smallest integers that give exactly 82.14 % (575/700 = 82.142…) and exactly 41.00 %
    (287/700), so that is the case tested, through the same aggregation the rates page uses.
    """
    rows = (
        [_row(NODE_RANK[Node.PRODUCING])] * 287  # producing (they count as started too)
        + [_row(NODE_RANK[Node.STARTED])] * (575 - 287)  # started, not producing yet
        + [_row(NODE_RANK[Node.FILED])] * (700 - 575)  # signed and filed, not started
        + [_row(0)] * 3  # in the library but not signed: outside every denominator
    )
    group = rates_of("青阳", count_rows(rows, 2019), places=2)
    assert (group.start.numerator, group.start.denominator, group.start.percent) == (575, 700, Decimal("82.14"))
    assert (group.production.numerator, group.production.denominator) == (287, 700)
    assert group.production.percent == Decimal("41.00")
    assert rates_of("青阳", count_rows(rows, 2019)).start.percent == Decimal("82.1")  # shown with one decimal
    assert "签约" in group.start.basis and "投产" in group.production.basis


def test_rates_per_unit_and_list_from_the_month_end_snapshot(regions: dict[str, Any]) -> None:
    haining, pinghu = regions["330481"], regions["330482"]
    key = ProjectListFactory(name="省重点")

    def project(
        region: Any, nodes: dict[str, dt.date], completion_planned: dt.date | None = None, on_list: bool = False
    ) -> Any:
        p = ProjectFactory(region=region)
        for code, actual in nodes.items():
            ProjectNodeFactory(project=p, node=code, planned_date=None, actual_date=actual)
        if completion_planned:
            p.nodes.update_or_create(node=Node.COMPLETED, defaults={"planned_date": completion_planned})
        if on_list:
            p.lists.add(key)
        return p

    project(haining, {Node.SIGNED: D(2019, 1, 5), Node.STARTED: D(2019, 3, 1)}, D(2019, 10, 1), on_list=True)
    project(haining, {Node.SIGNED: D(2019, 1, 5), Node.PRODUCING: D(2019, 5, 1)}, on_list=True)
    project(haining, {Node.SIGNED: D(2019, 2, 5)})
    project(haining, {Node.SIGNED: D(2019, 2, 5), Node.STARTED: D(2019, 7, 1)})  # started after June
    project(pinghu, {Node.SIGNED: D(2018, 2, 5), Node.COMPLETED: D(2019, 6, 1)}, D(2019, 6, 30))
    snapshot_take(region=regions["330400"], year=2019, month=6, actor=SYSTEM, today=D(2019, 8, 1))

    table = rates_table(region=regions["330400"], year=2019, month=6)
    assert table.snapshot is not None
    by_unit = {g.label: g for g in table.units}
    hn = by_unit["海宁市"]
    assert (hn.start.numerator, hn.start.denominator, hn.start.percent) == (2, 4, Decimal("50.0"))
    assert (hn.production.numerator, hn.production.percent) == (1, Decimal("25.0"))
    assert (hn.completion.numerator, hn.completion.denominator, hn.completion.percent) == (0, 1, Decimal("0.0"))
    ph = by_unit["平湖市"]
    assert (ph.completion.numerator, ph.completion.denominator) == (1, 1)
    assert by_unit["桐乡市"].start.percent is None  # nothing signed: no rate, not 0 %
    assert (table.total.start.numerator, table.total.start.denominator) == (3, 5)
    on_list = rates_table(region=regions["330400"], year=2019, month=6, list_id=key.pk)
    assert on_list.list_name == "省重点"
    assert (on_list.total.start.numerator, on_list.total.start.denominator) == (2, 2)
    assert next(g for g in table.by_list if g.label == "省重点").production.percent == Decimal("50.0")
    county = rates_table(region=haining, year=2019, month=6)
    assert [g.label for g in county.units] == ["海宁市"]


@pytest.mark.parametrize("month", [6])
def test_a_month_without_snapshot_is_reconstructed(regions: dict[str, Any], month: int) -> None:
    p = ProjectFactory(region=regions["330481"])
    ProjectNodeFactory(project=p, node=Node.SIGNED, actual_date=D(2019, 1, 1))
    ProjectNodeFactory(project=p, node=Node.STARTED, actual_date=D(2019, 9, 1))
    table = rates_table(region=regions["330481"], year=2019, month=month)
    assert table.snapshot is None and (table.total.start.numerator, table.total.start.denominator) == (0, 1)
