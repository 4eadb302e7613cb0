"""The to-do list in a real Chromium: the department handler's home starts with its problems, the count is in the
navigation, and the item opens the list where the work is done."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.choices import Role
from projects.tests.factories import DepartmentFactory, ProjectFactory, ProjectProblemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_department_handler_starts_from_the_to_do_list(page, live_server, login, make_user, regions):
    land = DepartmentFactory(region=regions["330481"], name="海宁市自然资源和规划局")
    project = ProjectFactory(region=regions["330481"], name="浏览器测试待办项目")
    yesterday = dt.date.today() - dt.timedelta(days=1)
    ProjectProblemFactory(project=project, department=land, deadline=yesterday, text="用地指标尚未落实")
    ProjectProblemFactory(project=project, department=land, deadline=dt.date.today() + dt.timedelta(days=9))
    make_user(Role.DEPARTMENT_HANDLER, "330481", username="land_handler", department=land)

    login(page, "land_handler")
    todo = page.get_by_test_id("todo")
    items = todo.get_by_test_id("todo-item")
    assert items.count() == 2
    assert "已逾期的协调事项" in items.nth(0).inner_text()  # the overdue one first
    assert "本部门待办理的协调事项" in items.nth(1).inner_text() and "2" in items.nth(1).inner_text()
    total = page.get_by_test_id("todo-total")
    total.wait_for(state="visible")
    assert total.inner_text() == "3"  # 2 open + 1 of them overdue, both done from the problem list
    page.screenshot(path="test-artifacts/todo_department_handler.png", full_page=True)

    items.nth(1).click()
    page.wait_for_url("**/projects/problems/?status=open")
    assert "用地指标尚未落实" in page.get_by_test_id("object-table").inner_text()
