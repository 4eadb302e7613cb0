"""The navigation registry: the menus are the bureau's tasks, each filled by the apps that serve it.

Every app states its part in `<app>/navigation.py`: `GROUP` (the task menu it belongs to, a key of `GROUPS`),
`MENU = (section title, [(label, url name, permission)])` and, optionally, `ORDER` (the section's place in its
menu; apps without it keep their INSTALLED_APPS order, at 60). Moving an app to another task menu is one line,
its `GROUP`. An app without `GROUP` is a menu of its own, titled by its section, placed by its `ORDER`.

A user sees an entry only when the page behind it lets them in, a section only with an entry, a menu only with
a section; so each role sees the menus it uses. A menu with many entries shows its sections in columns, so it
stays within a 768 px high window.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

DEFAULT_ORDER = 60
# More entries than this in one menu: its sections are laid out in two columns.
COLUMN_LENGTH = 10


@dataclass(frozen=True)
class Group:
    """A task menu: its title in the bar (short, so the bar fits 1366 px in every language) and its place."""

    title: Any
    order: int


GROUPS: dict[str, Group] = {
    "reports": Group(pgettext_lazy("menu", "月报与监测"), 10),  # targets, monthly reports, monitoring, bulletins
    "projects": Group(pgettext_lazy("menu", "重点项目"), 20),
    "mujun": Group(pgettext_lazy("menu", "亩均评价"), 30),
    "services": Group(_("企业服务"), 40),  # the enterprise library, requests, policies
    "cultivation": Group(_("企业培育"), 50),  # tiers, smart transformation
    "chains": Group(_("产业链招商"), 60),  # chains, investment promotion
    "system": Group(_("系统"), 100),
}


@dataclass(frozen=True)
class Section:
    """One app's entries inside a task menu, headed by its title."""

    title: Any
    items: tuple[tuple[Any, str, str], ...]


@cache
def menus() -> list[tuple[Any, list[Section]]]:
    """(menu title, sections) in the bar's order, from every installed app's `navigation.py`."""
    found: list[tuple[int, int, str, Any, Section]] = []
    for config in apps.get_app_configs():
        if config.name == __package__ or find_spec(f"{config.name}.navigation") is None:
            continue  # this module is the registry, not a menu
        module = import_module(f"{config.name}.navigation")
        title, items = module.MENU
        order = getattr(module, "ORDER", DEFAULT_ORDER)
        group = GROUPS.get(getattr(module, "GROUP", ""))
        key = getattr(module, "GROUP", None) or str(title)
        menu_order = group.order if group is not None else order
        found.append(
            (menu_order, order, key, group.title if group is not None else title, Section(title, tuple(items)))
        )
    merged: dict[str, tuple[Any, list[Section]]] = {}
    for _menu_order, _order, key, title, section in sorted(found, key=lambda row: (row[0], row[1])):
        merged.setdefault(key, (title, []))[1].append(section)
    return list(merged.values())


def columns(sections: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Sections in one column, or in two with about as many entries each (a section never split)."""
    total = sum(len(s["links"]) for s in sections)
    if total <= COLUMN_LENGTH or len(sections) < 2:
        return [sections]
    best, running, split = total, 0, 1
    for i, section in enumerate(sections[:-1], start=1):
        running += len(section["links"])
        if abs(total - 2 * running) < best:
            best, split = abs(total - 2 * running), i
    return [sections[:split], sections[split:]]


def navigation_for(user: Any) -> list[dict[str, Any]]:
    """The menus this user sees: `title`, `links` (every entry, for tests and counts) and `columns` of sections."""
    from .views import may_open

    result = []
    for title, sections in menus():
        shown: list[dict[str, Any]] = []
        for section in sections:
            urls = [(label, reverse(name)) for label, name, perm in section.items if user.has_perm(perm)]
            # An entry is shown only when the page behind it lets the user in (no menu entry leads to a 403).
            links = [{"label": label, "url": url} for label, url in urls if may_open(user, url)]
            if links:
                shown.append({"title": section.title if len(sections) > 1 else None, "links": links})
        if shown:
            if len(shown) == 1:
                shown[0]["title"] = None  # one section: the menu's title says it
            links = [link for part in shown for link in part["links"]]
            result.append({"title": title, "links": links, "columns": columns(shown)})
    return result
