"""Irreversible steps ask first and say what will happen: publishing a month is only done when confirmed."""

from __future__ import annotations

import pytest

from accounts.choices import Role
from reporting.models import MonthPublication
from reporting.tests.conftest import plan  # noqa: F401 — the 2019 plan of 嘉兴市

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_publishing_a_month_asks_first(page, live_server, login, make_user, plan):  # noqa: F811
    make_user(Role.CITY_STAFF, "330400", username="city_publisher")
    login(page, "city_publisher")
    page.goto(f"{live_server.url}/reporting/?year=2019&month=5")
    asked: list[str] = []

    def answer(accept: bool):
        def handle(dialog):
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        return handle

    if page.get_by_test_id("publish-incomplete").count():  # units missing (issue 12): confirm and give a reason first
        page.get_by_test_id("confirm-incomplete").check()
        page.get_by_test_id("incomplete-reason").fill("按期通报")
    page.once("dialog", answer(False))
    page.get_by_test_id("publish").click()
    page.wait_for_timeout(300)
    assert asked and "锁定" in asked[0] and "修订" in asked[0]  # it says what publishing does
    assert not MonthPublication.objects.exists()

    page.once("dialog", answer(True))
    with page.expect_navigation():
        page.get_by_test_id("publish").click()
    assert MonthPublication.objects.filter(year=2019, month=5).exists()
