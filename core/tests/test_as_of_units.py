"""Computed sources count a project or a lead in the unit it was in at the month's end (issue 17: "an enterprise that
moved unit counts where it was" — and so does a project or a lead): read from the history tables (core.asof)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from investment.sources import projects_over_100m
from projects.sources import projects_investment_ytd
from projects.updates import COUNTED
from tests.factories import FACTORIES  # noqa: F401 — loads the apps' factories in the order they expect

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def moved(row: Any, region: Any, *, created: dt.date, on: dt.date) -> None:
    """Move `row` to `region`, its creation recorded on `created` and the move on `on`."""
    row.region = region
    row.save()
    records = list(row.history.order_by("history_id"))
    type(records[0]).objects.filter(pk=records[0].pk).update(history_date=dt.datetime.combine(created, dt.time(9), TZ))
    type(records[-1]).objects.filter(pk=records[-1].pk).update(history_date=dt.datetime.combine(on, dt.time(9), TZ))


def test_a_project_counts_in_the_unit_it_was_in_at_the_months_end(regions):
    from projects.tests.factories import ProjectFactory, ProjectUpdateFactory

    haining, jiashan = regions["330481"], regions["330421"]
    project = ProjectFactory(region=haining)
    ProjectUpdateFactory(project=project, year=2019, month=3, investment_ytd=Decimal("120.00"), status=COUNTED[0])
    moved(project, jiashan, created=dt.date(2019, 1, 5), on=dt.date(2019, 5, 10))

    assert projects_investment_ytd(haining, 2019, 3) == Decimal("120.00")
    assert projects_investment_ytd(jiashan, 2019, 3) == 0
    assert projects_investment_ytd(jiashan, 2019, 6) == Decimal("120.00")
    assert projects_investment_ytd(haining, 2019, 6) == 0
    assert projects_investment_ytd(regions["330400"], 2019, 3) == Decimal("120.00")  # the city either way


def test_a_signed_lead_counts_in_the_unit_it_was_in_at_the_months_end(regions):
    from investment.tests.factories import LeadFactory, make_project

    haining, jiashan = regions["330481"], regions["330421"]
    lead = LeadFactory(
        region=haining,
        stage="signed",
        signed_on=dt.date(2019, 2, 20),
        amount=Decimal(150000),
        project=make_project(haining),
    )
    moved(lead, jiashan, created=dt.date(2019, 1, 5), on=dt.date(2019, 5, 10))

    assert projects_over_100m(haining, 2019, 3) == 1 and projects_over_100m(jiashan, 2019, 3) == 0
    assert projects_over_100m(jiashan, 2019, 6) == 1 and projects_over_100m(haining, 2019, 6) == 0
