"""The monitoring dashboard in a real Chromium: the published 1—4月 case, colours, charts and the data scope."""

from __future__ import annotations

import pytest

from accounts.choices import Role
from monitoring.tests.conftest import scenario  # noqa: F401 — the monitoring scenario fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HAINING, PINGHU = "330481", "330482"


def test_city_staff_see_the_matrix_colours_and_charts(page, live_server, login, make_user, scenario):  # noqa: F811
    make_user(Role.CITY_STAFF, "330400", username="city_monitor")
    login(page, "city_monitor")
    page.goto(f"{live_server.url}/monitoring/plans/{scenario.plan.pk}/?year=2019&month=4")

    haining = page.locator(f'[data-testid="matrix"] tr[data-unit="{HAINING}"]')
    first_cell = haining.locator("td").first
    assert "快于序时进度8.6个百分点" in first_cell.inner_text()  # domain.md §4: 41.9 % is 8.6 pp ahead
    assert "41.9%" in first_cell.inner_text()
    assert "bg-green-lt" in (first_cell.get_attribute("class") or "")
    pinghu_cell = page.locator(f'[data-testid="matrix"] tr[data-unit="{PINGHU}"] td').first
    assert "慢于序时进度3.3个百分点" in pinghu_cell.inner_text()
    assert "bg-yellow-lt" in (pinghu_cell.get_attribute("class") or "")
    assert page.locator('[data-testid="matrix"] tr[data-unit="city"]').is_visible()
    # ECharts drew both charts from the page's JSON (a script error would fail the test in the fixture).
    for chart in ("progress", "ranking"):
        page.locator(f'[data-monitoring-chart="{chart}"] canvas').first.wait_for()
    assert page.get_by_test_id("overall-ranking").locator("tbody tr").count() == 3


def test_unit_reporter_sees_only_their_row(page, live_server, login, make_user, scenario):  # noqa: F811
    make_user(Role.UNIT_REPORTER, HAINING, username="hn_monitor")
    login(page, "hn_monitor")
    page.goto(f"{live_server.url}/monitoring/plans/{scenario.plan.pk}/?year=2019&month=4")

    rows = page.locator('[data-testid="matrix"] tbody tr')
    rows.first.wait_for()
    assert rows.count() == 1
    assert rows.first.get_attribute("data-unit") == HAINING
    text = page.get_by_test_id("matrix").inner_text()
    assert "平湖" not in text and "嘉善" not in text and "全市" not in text
