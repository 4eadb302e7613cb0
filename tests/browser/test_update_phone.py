"""The monthly project update on a phone (390 px wide): nothing wider than the screen, 本年累计 starts blank
and is derived on saving, and the photo picker offers the camera."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.choices import Role
from projects.models import ProjectUpdate
from projects.tests.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_update_form_on_a_phone(page, live_server, login, make_user, regions):
    project = ProjectFactory(
        region=regions["330481"], name="年产十万套智能装备技改项目", code="2026-330481-34-03-000009"
    )
    make_user(Role.UNIT_REPORTER, "330481", username="hn_phone")
    login(page, "hn_phone")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/projects/updates/add/")
    assert page.get_by_label("本年累计完成投资（万元）").input_value() == ""  # not a 0 that fails saving
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.locator(".ts-wrapper").first.click()
    page.keyboard.type("智能装备")
    page.locator(".ts-dropdown .option").first.click()
    page.get_by_label("本月完成投资（万元）").fill("1200")
    page.get_by_label("形象进度").fill("主体厂房封顶")
    page.screenshot(path="test-artifacts/update_form_390.png", full_page=True)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/projects/updates/*/")
    update = ProjectUpdate.objects.get(project=project)
    assert update.investment_ytd == Decimal("1200")  # derived: no earlier month this year

    photo = page.locator('input[type="file"][name="image"]')
    assert photo.get_attribute("accept") == "image/*" and photo.get_attribute("capture") == "environment"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="test-artifacts/update_detail_390.png", full_page=True)
