"""Search pickers in a real Chromium: the project of a problem is found by typing part of its code, and the
enterprise of a project by part of its name; suggestions never include another unit's rows."""

from __future__ import annotations

import pytest

from accounts.choices import Role
from projects.models import ProjectProblem
from projects.tests.factories import DepartmentFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_choose_a_project_by_typing_its_code(page, live_server, login, make_user, regions):
    project = ProjectFactory(region=regions["330481"], name="年产五万吨纺织技改项目", code="2019-330481-17-03-000001")
    ProjectFactory(region=regions["330481"], name="年产五万吨纺织新建项目", code="2019-330481-17-03-000002")
    ProjectFactory(region=regions["330421"], name="嘉善纺织技改项目", code="2019-330421-17-03-000001")
    DepartmentFactory(region=regions["330481"], name="海宁市自然资源和规划局")
    make_user(Role.UNIT_REPORTER, "330481", username="hn_picker")

    login(page, "hn_picker")
    page.goto(f"{live_server.url}/projects/problems/add/")
    control = page.locator(".ts-wrapper").first
    control.click()
    page.keyboard.type("17-03")
    options = page.locator(".ts-dropdown .option")
    options.first.wait_for()
    page.wait_for_function("() => document.querySelectorAll('.ts-dropdown .option').length === 2")
    texts = options.all_inner_texts()
    assert all("嘉善" not in t for t in texts)  # another unit's project is not suggested
    page.keyboard.type("-000001")
    page.wait_for_function("() => document.querySelectorAll('.ts-dropdown .option').length === 1")
    assert "330481-17-03-000001" in options.first.inner_text()  # the code is shown under the name
    page.screenshot(path="test-artifacts/picker_project.png")
    options.first.click()

    page.get_by_label("问题类型").select_option("land")
    page.get_by_label("问题描述").fill("用地指标尚未落实")
    page.get_by_label("责任部门").select_option(label="海宁市自然资源和规划局")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/projects/problems/*/")
    assert ProjectProblem.objects.get().project == project
