"""The 亩均 demo: deterministic, idempotent, and it leaves a computed and published 2019 run."""

from __future__ import annotations

import pytest

from accounts.choices import Role
from mujun.demo import load_demo
from mujun.models import EnterpriseYearData, EvaluationResult, EvaluationRun, Objection, Rectification
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_publishes_a_run(regions, make_user):
    make_user(Role.CITY_ADMIN, "330400", username="admin")
    for i in range(30):
        EnterpriseFactory(region=regions["330481" if i % 2 else "330421"], size_class="above" if i % 3 else "below")
    lines: list[str] = []
    load_demo(progress=lines.append)
    run = EvaluationRun.objects.get(year=2019)
    assert run.status == "published" and run.result_count > 0
    assert EnterpriseYearData.objects.count() == 60
    assert Objection.objects.count() == 3
    counts = (EnterpriseYearData.objects.count(), EvaluationResult.objects.count(), Rectification.objects.count())
    load_demo(progress=lines.append)
    assert (
        EnterpriseYearData.objects.count(),
        EvaluationResult.objects.count(),
        Rectification.objects.count(),
    ) == counts
    assert EvaluationRun.objects.count() == 1 and lines
