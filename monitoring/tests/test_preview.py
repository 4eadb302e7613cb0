"""The report grid's row figures (monitoring/preview.py) are the dashboard's: the same figures, once stored and
accepted, give the same completion, 序时 deviation, growth and colour in the monitoring matrix."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from monitoring.preview import shown
from monitoring.selectors import monitoring_matrix
from reporting import services
from reporting.tests.conftest import entries, plan, report, users  # noqa: F401

pytestmark = pytest.mark.django_db


def form_data(figures: dict[int, dict[str, Any]]) -> dict[str, str]:
    return {f"v-{pk}-{name}": value for pk, fields in figures.items() for name, value in fields.items()}


def test_preview_equals_the_dashboard(client: Any, plan: Any, users: dict[str, Any], report: Any) -> None:  # noqa: F811
    figures = entries(plan)
    client.force_login(users["reporter"])
    preview = client.post(reverse("monitoring:report_preview", args=[report.pk]), form_data(figures)).json()
    # Nothing typed is stored by the preview.
    assert not report.values.exists()

    services.report_save_values(report=report, entries=figures, actor=users["reporter"])
    services.report_submit(report=report, actor=users["reporter"])
    services.report_approve(report=report, actor=users["reviewer"])
    services.report_accept(report=report, actor=users["staff"])
    matrix = monitoring_matrix(plan=plan, year=2019, month=5, user=users["staff"])
    for key in ("investment", "growth", "share"):
        indicator = plan.ind[key]
        cell = matrix.cells[(report.region_id, indicator.pk)]
        assert preview[str(indicator.pk)] == shown(cell.evaluation, indicator.kind), key
    investment = preview[str(plan.ind["investment"].pk)]
    assert investment["completion"] == "39.0%"  # 628405.82 ÷ 1610000
    assert investment["deviation"] == "慢于序时进度2.6个百分点"  # 序时 5/12 = 41.7 %
    assert investment["growth"] == "8.0%"  # 628405.82 ÷ 581687.74 − 1


def test_typed_figures_count_before_they_are_saved(client: Any, plan: Any, users: dict[str, Any], report: Any) -> None:  # noqa: F811
    client.force_login(users["reporter"])
    url = reverse("monitoring:report_preview", args=[report.pk])
    typed = form_data({plan.ind["investment"].pk: {"value": "805000", "base_value": "700000"}})
    row = client.post(url, typed).json()[str(plan.ind["investment"].pk)]
    assert row["completion"] == "50.0%" and row["growth"] == "15.0%"
    assert row["deviation"] == "快于序时进度8.3个百分点"  # 50.0 − 41.7
    assert client.post(url, {f"v-{plan.ind['investment'].pk}-value": "abc"}).status_code == 200  # unreadable: blank


def test_another_units_report_is_not_found(client: Any, plan: Any, users: dict[str, Any], report: Any) -> None:  # noqa: F811
    client.force_login(users["jiashan"])
    assert client.post(reverse("monitoring:report_preview", args=[report.pk]), {}).status_code == 404
