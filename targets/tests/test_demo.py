"""The demo of `make run` holds the two seed plans, imported through the importer."""

from __future__ import annotations

import pytest

from core.demo import load_demo
from targets.models import Plan, Target


@pytest.mark.django_db
def test_load_demo_imports_the_seed_plans_once():
    load_demo(enterprises=20)
    load_demo(enterprises=20)
    assert sorted(Plan.objects.values_list("year_start", "year_end")) == [(2019, 2019), (2019, 2021)]
    investment = Target.objects.filter(indicator__name="工业投资", year_start=2019)
    assert investment.get(region__code="330400").display_value == 780
    assert Target.objects.count() == 90 + 120
