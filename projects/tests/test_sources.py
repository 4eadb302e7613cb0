"""The key-project computed sources: 开工率/竣工率/投产率 with numerator and denominator per unit, the city's rate
recomputed from the summed counts (not an average of the units' rates), and counts by investment tier, as the
library stood at the month end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from core.sources import compute
from projects.choices import Node
from projects.tests.factories import ProjectFactory, ProjectNodeFactory

pytestmark = pytest.mark.django_db
D = dt.date


def project(region: Any, nodes: dict[str, dt.date], investment: int = 5_000, completion: dt.date | None = None):
    p = ProjectFactory(region=region, total_investment=Decimal(investment))
    for code, actual in nodes.items():
        ProjectNodeFactory(project=p, node=code, planned_date=None, actual_date=actual)
    if completion:
        p.nodes.update_or_create(node=Node.COMPLETED, defaults={"planned_date": completion})
    return p


def test_rates_per_unit_and_city_from_summed_counts(regions):
    haining, pinghu, city = regions["330481"], regions["330482"], regions["330400"]
    signed = D(2021, 1, 10)
    # 海宁: 1 of 1 started (100 %); 平湖: 1 of 3 started (33.3 %). The city: 2 of 4 = 50 %, not (100+33.3)/2.
    project(haining, {Node.SIGNED: signed, Node.STARTED: D(2021, 3, 1)}, investment=120_000)
    project(pinghu, {Node.SIGNED: signed, Node.STARTED: D(2021, 5, 1), Node.COMPLETED: D(2021, 6, 1)},
            completion=D(2021, 6, 30))  # fmt: skip
    project(pinghu, {Node.SIGNED: signed}, completion=D(2021, 11, 30))
    project(pinghu, {Node.SIGNED: signed}, investment=150_000)
    assert compute("projects_start_rate", haining, 2021, 6) == Decimal("100.0")
    assert compute("projects_start_rate", pinghu, 2021, 6) == Decimal("33.3")
    assert compute("projects_start_rate", city, 2021, 6) == Decimal("50.0")
    assert (compute("projects_started", city, 2021, 6), compute("projects_signed", city, 2021, 6)) == (2, 4)
    assert compute("projects_start_rate", city, 2021, 2) == Decimal("0.0")  # as it stood at the end of February
    assert compute("projects_completion_rate", pinghu, 2021, 6) == Decimal("50.0")  # 1 of the 2 due in 2021
    assert (compute("projects_completed", pinghu, 2021, 6), compute("projects_completion_due", pinghu, 2021, 6)) == (
        1,
        2,
    )
    assert compute("projects_tier_10yi", city, 2021, 6) == 2
    assert compute("projects_tier_10yi_started", city, 2021, 6) == 1
    assert compute("projects_tier_10yi_started", city, 2021, 2) == 0
