"""The monthly report grid in a real Chromium, as a spreadsheet: typing, Enter moves down, a block copied from
Excel pastes, each row shows completion, 序时 deviation and growth as the figures change, the form still saves.
The page fits 1366 × 768 with every input column visible."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reporting.models import ReportValue
from reporting.tests.conftest import plan, report, users  # noqa: F401 — the 2019 plan, its users, 海宁市's 1—5月 draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def row_cell(page, position: int, field: str):
    return (
        page.locator('[data-testid="sheet"] .tabulator-row')
        .nth(position)
        .locator(f'.tabulator-cell[tabulator-field="{field}"]')
    )


def test_grid_types_pastes_computes_and_saves(page, live_server, login, plan, users, report):  # noqa: F811
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, "hn_reporter")
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    sheet = page.get_by_test_id("sheet")
    sheet.wait_for(state="visible")
    assert not page.get_by_test_id("grid").is_visible()  # the plain table is the fallback without script

    investment = plan.ind["investment"].pk
    # Targets are shown in the unit figures are typed in (万元), not the notice's 亿元.
    # (core/figures.py: 万元 with two decimals, as everywhere else the figure is shown)
    assert row_cell(page, 0, "target").inner_text().strip() == "1610000.00"

    row_cell(page, 0, "value").click()
    page.keyboard.type("628405.82", delay=20)
    page.keyboard.press("Enter")  # saves the cell and moves down to 技术改造投资增速
    page.wait_for_timeout(300)  # the grid opens the next cell's editor before keys reach it (flaky under load)
    page.keyboard.type("300000", delay=20)
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.locator(f'input[name="v-{investment}-value"]').input_value() == "628405.82"
    assert page.locator(f'input[name="v-{plan.ind["growth"].pk}-value"]').input_value() == "300000"

    # A block of two rows × one column copied from Excel, pasted from 工业投资's 上年同期.
    row_cell(page, 0, "base_value").click()
    page.evaluate(
        """() => { const data = new DataTransfer(); data.setData('text/plain', '581687.74\\r\\n270000\\r\\n');
        const target = document.querySelector('[data-testid=sheet] .tabulator-tableholder');
        target.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true})); }"""
    )
    assert page.locator(f'input[name="v-{investment}-base_value"]').input_value() == "581687.74"
    assert page.locator(f'input[name="v-{plan.ind["growth"].pk}-base_value"]').input_value() == "270000"

    # The server's figures (monitoring's rules): 628405.82 of 1610000 is 39.0 %, 序时 5/12 = 41.7 %, 2.6 pp behind;
    # growth 628405.82 / 581687.74 − 1 = 8.0 %.
    page.wait_for_function(
        "() => document.querySelector('[data-testid=sheet] .tabulator-row .tabulator-cell[tabulator-field=growth]').textContent.includes('8.0%')"
    )
    assert row_cell(page, 0, "completion").inner_text().strip() == "39.0%"
    assert "慢于序时进度2.6个百分点" in row_cell(page, 0, "deviation").inner_text()
    assert row_cell(page, 1, "growth").inner_text().strip() == "11.1%"  # 300000 / 270000 − 1

    # Everything fits 1366 px: no horizontal scroll of the page, every input column's header inside the window.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    for field in ("value", "base_value", "numerator", "denominator", "text", "note"):
        box = sheet.locator(f'.tabulator-col[tabulator-field="{field}"]').bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1366, field
    page.screenshot(path="test-artifacts/report_grid_1366.png")

    page.get_by_test_id("save").click()
    page.wait_for_url(f"**{report.get_absolute_url()}")
    stored = {v.indicator_id: v for v in ReportValue.objects.filter(report=report)}
    assert stored[investment].value == Decimal("628405.82")
    assert stored[investment].base_value == Decimal("581687.74")
    assert stored[plan.ind["growth"].pk].base_value == Decimal("270000")
