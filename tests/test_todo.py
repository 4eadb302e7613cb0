"""The to-do registry (core/todo.py): every app's providers answer for every role, the home page starts with the
list, the navigation's counts come from one JSON request."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from accounts.choices import Role
from core.todo import TodoItem, nav_counts, providers, todo_items

pytestmark = pytest.mark.django_db


def test_apps_contribute_providers() -> None:
    modules = {p.__module__ for p in providers()}
    assert {"reporting.todo", "projects.todo", "mujun.todo", "bulletins.todo", "monitoring.todo"} <= modules


@pytest.mark.parametrize("role", list(Role))
def test_every_role_gets_a_list_and_the_home_page_starts_with_it(role: str, make_user: Any, client: Any) -> None:
    user = make_user(role, "330400" if role in (Role.CITY_ADMIN, Role.CITY_STAFF, Role.LEADER) else "330481")
    assert isinstance(todo_items(user, dt.date(2019, 6, 10)), list)
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="todo"' in page
    assert page.index('data-testid="todo"') < page.index("我的后台任务")
    counts = client.get(reverse("todo_counts")).json()
    assert set(counts) == {"total", "links"}


def test_nav_counts_add_up_per_entry() -> None:
    items = [
        TodoItem("a", 2, "/x", nav="projects:projectproblem_list"),
        TodoItem("b", 3, "/y", nav="projects:projectproblem_list"),
        TodoItem("c", 1, "/z"),
    ]
    assert nav_counts(items) == {"projects:projectproblem_list": 5}


def test_counts_need_a_login(client: Any) -> None:
    assert client.get(reverse("todo_counts")).status_code == 302


def test_add_button_and_menu_follow_the_views_own_permission(client: Any, city_admin: Any) -> None:
    """The city admin holds mujun.add_evaluationrun but starting a run needs mujun.run_evaluation: no 新增 button,
    no menu entry leading to a 403."""
    from core.views import may_open

    client.force_login(city_admin)
    add_url = reverse("mujun:evaluationrun_add")
    assert not may_open(city_admin, add_url)
    assert client.get(add_url).status_code == 403
    page = client.get(reverse("mujun:evaluationrun_list")).content.decode()
    assert f'href="{add_url}"' not in page
    assert may_open(city_admin, reverse("enterprises:enterprise_add"))
