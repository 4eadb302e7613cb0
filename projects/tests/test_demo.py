"""The library's demo: ~300 deterministic projects over the nine units, every stage, idempotent."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from projects import demo
from projects.choices import Stage
from projects.models import Project, ProjectNode, ProjectYearPlan
from tests.factories import EnterpriseFactory


@pytest.mark.django_db
def test_demo_projects_are_spread_deterministic_and_idempotent(regions: dict[str, Any], monkeypatch) -> None:
    monkeypatch.setattr(demo, "load_updates_demo", lambda progress: None)  # the monthly-updates demo has its own test
    for unit in demo._units():
        EnterpriseFactory(region=unit)
    lines: list[str] = []
    demo.load_demo(progress=lines.append)
    projects = list(Project.objects.order_by("code").values_list("code", "name", "stage", "stars", "total_investment"))
    assert len(projects) == 9 * demo.PER_UNIT
    assert Project.objects.values("region").distinct().count() == 9
    stages = Counter(p[2] for p in projects)
    assert set(stages) == set(Stage.values) and min(stages.values()) >= 10
    assert len({p[3] for p in projects}) >= 4  # stars vary
    assert ProjectYearPlan.objects.filter(year=2019).count() == len(projects)
    assert not ProjectNode.objects.filter(actual_date__gt=demo.DEMO_NOW).exists()
    # Running again changes nothing
    demo.load_demo(progress=lines.append)
    again = list(Project.objects.order_by("code").values_list("code", "name", "stage", "stars", "total_investment"))
    assert again == projects
