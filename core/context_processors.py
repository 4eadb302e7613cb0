"""The navigation: one entry per module, shown when the user may view what it leads to.

Every app states its menu in `<app>/navigation.py` as `MENU = (title, [(label, url name, permission)])`
and, optionally, `ORDER` (the menu's place; apps without it keep their INSTALLED_APPS order, at 60).
Menus with the same title are one menu (regions and accounts both fill 系统).
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse

DEFAULT_ORDER = 60


@cache
def menus() -> list[tuple[Any, list[tuple[Any, str, str]]]]:
    found = []
    for config in apps.get_app_configs():
        if find_spec(f"{config.name}.navigation") is None:
            continue
        module = import_module(f"{config.name}.navigation")
        found.append((getattr(module, "ORDER", DEFAULT_ORDER), module.MENU))
    merged: dict[str, tuple[Any, list[tuple[Any, str, str]]]] = {}
    for _order, (title, items) in sorted(found, key=lambda pair: pair[0]):
        merged.setdefault(str(title), (title, []))[1].extend(items)
    return list(merged.values())


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    from .views import may_open

    result = []
    for title, items in menus():
        urls = [(label, reverse(name)) for label, name, perm in items if user.has_perm(perm)]
        # An entry is shown only when the page behind it lets the user in (no menu entry leads to a 403).
        links = [{"label": label, "url": url} for label, url in urls if may_open(user, url)]
        if links:
            result.append({"title": title, "links": links})
    return {"navigation": result}
