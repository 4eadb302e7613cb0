"""The navigation registry (core/navigation.py): task menus filled by the apps' sections, only what a role opens."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

import pytest
from django.apps import apps
from django.utils import translation

from accounts.choices import Role
from core.navigation import GROUPS, columns, menus, navigation_for


def sections(*sizes: int) -> list[dict]:
    return [
        {"title": f"s{i}", "links": [{"label": str(n), "url": "/"} for n in range(size)]}
        for i, size in enumerate(sizes)
    ]


@pytest.mark.parametrize(
    ("sizes", "expected"),
    [
        ((11,), [[11]]),  # one section is never split
        ((4, 2, 2), [[4, 2, 2]]),  # ten or fewer: one column
        ((4, 2, 2, 3, 5), [[4, 2, 2], [3, 5]]),  # 月报与监测: 8 | 8
        ((4, 6, 6), [[4, 6], [6]]),  # 企业服务: 10 | 6 is closer than 4 | 12
        ((7, 7), [[7], [7]]),
    ],
)
def test_long_menus_are_two_balanced_columns_of_whole_sections(sizes, expected):
    assert [[len(s["links"]) for s in column] for column in columns(sections(*sizes))] == expected


def test_every_app_names_a_task_menu_that_exists():
    for config in apps.get_app_configs():
        if config.name == "core" or find_spec(f"{config.name}.navigation") is None:
            continue
        module = import_module(f"{config.name}.navigation")
        assert getattr(module, "GROUP", None) in GROUPS, config.name


def test_the_bar_is_the_task_menus_in_order():
    with translation.override("zh-hans"):
        titles = [str(title) for title, _sections in menus()]
    assert titles == ["月报与监测", "重点项目", "亩均评价", "企业服务", "企业培育", "产业链招商", "系统"]


@pytest.mark.django_db
def test_each_role_sees_the_menus_it_uses(make_user):
    with translation.override("zh-hans"):
        staff = [str(m["title"]) for m in navigation_for(make_user(Role.CITY_STAFF, "330400"))]
        firm = navigation_for(make_user(Role.ENTERPRISE_USER, "330481"))
    assert staff[:3] == ["月报与监测", "重点项目", "亩均评价"]
    assert "月报与监测" not in [str(m["title"]) for m in firm]  # no monthly reports for an enterprise
    for menu in firm:  # a menu's sections hold exactly its entries
        assert [link for column in menu["columns"] for s in column for link in s["links"]] == menu["links"]


def test_the_system_menu_runs_as_an_administrator_works():
    """Users and roles, the organisation, settings, the operation log, then jobs and the API docs (issue 15)."""
    with translation.override("zh-hans"):
        system = dict((str(title), sections) for title, sections in menus())["系统"]
        assert [str(s.title) for s in system] == ["用户与角色", "组织", "节假日", "审计", "任务与接口"]
        assert [str(label) for label, _name, _perm in system[-1].items] == ["后台任务", "API 文档"]


@pytest.fixture
def fragments():
    from core import context_processors

    context_processors._fragments.clear()
    yield context_processors
    context_processors._fragments.clear()


@pytest.mark.django_db
def test_the_bar_is_drawn_once_per_kind_of_user_and_as_drawn_afresh(client, make_user, fragments, monkeypatch):
    from django.template.loader import render_to_string

    first, second = make_user(Role.CITY_STAFF, "330400"), make_user(Role.CITY_STAFF, "330400")
    drawn = []
    monkeypatch.setattr(fragments, "navigation_for", lambda user: drawn.append(user.pk) or navigation_for(user))
    pages = []
    for user in (first, second, first):
        client.force_login(user)
        pages.append(client.get("/").content.decode())
    with translation.override("zh-hans"):
        fresh = render_to_string("includes/navigation.html", {"navigation": navigation_for(first)})
    assert "重点项目" in fresh
    assert all(fresh in page for page in pages)
    assert drawn == [first.pk]  # the same kind of user: the kept fragment


@pytest.mark.django_db
def test_a_county_user_never_gets_the_citys_fragment(client, make_user, fragments):
    city = make_user(Role.CITY_STAFF, "330400")
    client.force_login(city)
    client.get("/")
    (key,) = fragments._fragments
    fragments._fragments[key] = "<li>城市的菜单</li>"  # marks the city staff's kept fragment
    pages = {}
    for name, user in {
        "city": make_user(Role.CITY_STAFF, "330400"),
        "county, same role": make_user(Role.CITY_STAFF, "330481"),
        "county reporter": make_user(Role.UNIT_REPORTER, "330481"),
        "enterprise": make_user(Role.ENTERPRISE_USER, "330400"),
    }.items():
        client.force_login(user)
        pages[name] = client.get("/").content.decode()
    assert "城市的菜单" in pages["city"]  # the mark shows where it may: the test can see a leak
    assert [name for name, page in pages.items() if "城市的菜单" in page] == ["city"]


@pytest.mark.django_db
def test_a_changed_permission_draws_the_bar_again(client, make_user, fragments):
    user = make_user(Role.CITY_STAFF, "330400")
    client.force_login(user)
    assert "重点项目" in client.get("/").content.decode()
    user.groups.clear()  # every permission of the role taken away
    page = client.get("/").content.decode()
    assert "重点项目" not in page and len(fragments._fragments) == 2
