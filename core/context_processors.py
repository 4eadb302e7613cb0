"""The navigation of every page: the task menus of the registry (`core/navigation.py`) this user may open.

The menus of a user depend only on who the user is to the site — their permissions, role, region, enterprise,
department, whether they are active or a superuser — and on the language and the URLs; every signed-in page drew
them again (fifty permission checks and URL reversals and a template loop: about a sixth of a list page's CPU,
docs/benchmarks.md "List and detail pages, session 10"). The drawn HTML is kept per process under a key made of
exactly those things, so two users share a fragment only when every one of them is equal: a county user never
gets the city's fragment, nor an English page a Chinese one. The permissions are the ones the page's own
permission check has already loaded for the request; the key holds them as they are, so a changed role or
permission gives a new key (nothing to invalidate, and nothing shared between processes).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe

from .navigation import navigation_for

FRAGMENT_TEMPLATE = "includes/navigation.html"
FRAGMENTS_KEPT = 512  # distinct (permissions, role, region, language) sets a process keeps; the oldest go first
_fragments: OrderedDict[tuple[Any, ...], SafeString] = OrderedDict()


def fragment_key(user: Any) -> tuple[Any, ...]:
    """Everything the menus of `user` are made of (`navigation_for`: `has_perm`, and the views' `opens_for`, which
    read the role and the enterprise), with the language and the URLs they are drawn in."""
    permissions: Any = "*" if user.is_superuser else frozenset(user.get_all_permissions())
    return (
        translation.get_language(),
        get_script_prefix(),
        get_urlconf(),
        user.is_active,
        user.is_superuser,
        getattr(user, "role", None),
        getattr(user, "region_id", None),
        getattr(user, "enterprise_id", None),
        getattr(user, "department_id", None),
        permissions,
    )


def navigation_html(user: Any, menus: Any) -> SafeString:
    """The menus of the bar (`includes/navigation.html`), drawn once per key and process."""
    key = fragment_key(user)
    html = _fragments.get(key)
    if html is None:
        html = mark_safe(render_to_string(FRAGMENT_TEMPLATE, {"navigation": menus}))  # noqa: S308 — a template's output
        _fragments[key] = html
        while len(_fragments) > FRAGMENTS_KEPT:
            _fragments.popitem(last=False)
    return html


@receiver(setting_changed)
def _forget_fragments(*, setting: str, **kwargs: Any) -> None:
    if setting in {"ROOT_URLCONF", "LANGUAGES", "TEMPLATES", "INSTALLED_APPS"}:
        _fragments.clear()


def navigation(request: HttpRequest) -> dict[str, Any]:
    """`navigation` (the menus, for tests and templates that walk them) and `navigation_html` (the bar's menus,
    drawn), both lazy: a template that shows neither costs nothing. Built once per request: a page renders several
    templates with the request's context (the table, the filter form), and each runs the context processors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": [], "navigation_html": ""}
    found = getattr(request, "_jingxin_navigation", None)
    if found is None:
        menus = SimpleLazyObject(lambda: navigation_for(user))
        found = {"navigation": menus, "navigation_html": SimpleLazyObject(lambda: navigation_html(user, menus))}
        request._jingxin_navigation = found  # type: ignore[attr-defined]
    return found
