"""The navigation of every page: the task menus of the registry (`core/navigation.py`) this user may open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menus, built once per request and only when a template reads them: a page renders several templates
    with the request's context (django-tables2's table is one), and each ran this processor again (issue 14)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    cached = getattr(request, "_jingxin_navigation", None)
    if cached is None or cached[0] != user.pk:
        cached = (user.pk, SimpleLazyObject(lambda: navigation_for(user)))
        request._jingxin_navigation = cached  # type: ignore[attr-defined]
    return {"navigation": cached[1]}
