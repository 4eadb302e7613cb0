"""Issue 11 point 7: requests any signed-in user can make never end in a 500.

The list pages and API lists are discovered from the URL conf (every `ObjectListView` and every
router `-list` route with pagination), not from a hand list, so a new list is covered by itself.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.views import ObjectListView

BAD_PAGES = [str(10**30), "-1", "0", "abc", "99999", "1e3", ""]


@cache
def list_urls() -> tuple[list[str], list[str]]:
    """(HTML list pages, API lists) reachable without URL arguments."""
    pages: list[str] = []
    apis: list[str] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
                continue
            if not isinstance(pattern, URLPattern) or not pattern.name or pattern.pattern.regex.groups:
                continue
            view_class = getattr(pattern.callback, "view_class", None)
            viewset = getattr(pattern.callback, "cls", None)
            if view_class is not None and issubclass(view_class, ObjectListView):
                pages.append(reverse(namespace + pattern.name))
            elif (
                viewset is not None
                and pattern.name.endswith("-list")
                and getattr(viewset, "pagination_class", None) is not None
            ):
                url = reverse(namespace + pattern.name)
                if "{" not in url and "format" not in pattern.name:
                    apis.append(url)

    walk(get_resolver().url_patterns, "")
    return sorted(set(pages)), sorted(set(apis))


def test_lists_are_discovered():
    pages, apis = list_urls()
    assert "/enterprises/" in pages and "/bulletins/versions/" in pages and len(pages) > 20
    assert "/api/enterprises/" in apis and "/api/bulletin-versions/" in apis and len(apis) > 20


@pytest.mark.django_db
@pytest.mark.parametrize("url", list_urls()[0] + list_urls()[1])
def test_any_page_number_gives_a_page_or_404(client, admin_user, url):
    client.force_login(admin_user)
    for page in BAD_PAGES:
        for param in ("page", "per_page", "page_size"):
            response = client.get(url, {param: page})
            assert response.status_code in (200, 404), f"{url}?{param}={page}: {response.status_code}"
