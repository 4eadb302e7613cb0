"""The demo of `make run` holds the two seed plans, imported through the importer."""

from __future__ import annotations

import pytest

from home.demo import load_demo
from targets.models import Plan, Target


@pytest.mark.django_db
def test_load_demo_imports_the_seed_plans_once():
    load_demo(enterprises=20)
    load_demo(enterprises=20)
    # The monthly-report demo adds synthetic history plans for 2017 and 2018 (marked in their notes).
    seeds = Plan.objects.exclude(notes__startswith="合成历史数据")
    assert sorted(seeds.values_list("year_start", "year_end")) == [(2019, 2019), (2019, 2021)]
    assert sorted(Plan.objects.filter(notes__startswith="合成历史数据").values_list("year_start", flat=True)) == [
        2017,
        2018,
    ]
    investment = Target.objects.filter(indicator__name="工业投资", year_start=2019)
    assert investment.get(region__code="330400").display_value == 780
    assert Target.objects.filter(indicator__plan__in=seeds).count() == 90 + 120
