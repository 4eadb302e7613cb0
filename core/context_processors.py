"""The navigation of every page: the task menus of the registry (`core/navigation.py`) this user may open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Built once per request: a page renders several templates with the request's context (the table, the
    filter form), and each would run the context processors again."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    menus = getattr(request, "_jingxin_navigation", None)
    if menus is None:
        menus = navigation_for(user)
        request._jingxin_navigation = menus  # type: ignore[attr-defined]
    return {"navigation": menus}
