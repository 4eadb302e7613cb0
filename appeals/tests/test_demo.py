"""The demo year of requests: about 3,000, mostly answered on time and rated, some overdue and unsatisfied; idempotent."""

from __future__ import annotations

import datetime as dt

import pytest

from appeals import demo
from appeals.choices import Rating, Status
from appeals.figures import figure_table
from appeals.models import Appeal
from tests.factories import EnterpriseFactory


@pytest.mark.django_db
def test_demo_year(regions):
    for code in ("330481", "330421", "330402"):
        EnterpriseFactory.create_batch(10, region=regions[code])
    demo.load_demo(progress=lambda text: None)
    assert Appeal.objects.count() == demo.COUNT
    assert Appeal.objects.filter(rating=Rating.UNSATISFIED).exists()
    assert Appeal.objects.filter(status=Status.IN_PROGRESS, escalation_level=2).exists()
    total = figure_table(Appeal.objects.all(), by="category", today=dt.date(2019, 12, 31))[-1]
    assert total.received == demo.COUNT and total.overdue > 0 and total.satisfaction_rate > 80
    demo.load_demo(progress=lambda text: None)
    assert Appeal.objects.count() == demo.COUNT
