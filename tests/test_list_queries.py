"""Every list page and every list API answers with the same number of queries for 3 rows and for 30 (issue 18).

Generated, like the permission matrix: the list pages are the URLconf's `ObjectListView`s, the list APIs the
routers' `-list` routes of a model's viewset, so a new list is covered without editing this file. Rows come
from the permission matrix's row makers (`tests.factories.FACTORIES`, every app's entries merged), built in
海宁市 and listed by the city administrator, who may see every list and every row; `ROW_MAKERS` below replaces
the few makers that hand back the same object every time. A list whose model has no row maker fails, so none is
silently skipped; a list whose rows do not appear fails too (a count over an empty list proves nothing).

A difference in the count is an N+1 (a query per row for a related object): the failure lists the queries
that only the 30-row request ran. The fix belongs in the view's or viewset's `related` / `prefetch`, the
table's or serializer's queryset, not here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.choices import Role
from appeals.models import AppealCategory
from core.views import ObjectListView
from enterprises.models import Industry
from regions.models import Region
from tests.factories import FACTORIES, matrix_factory

HAINING = "330481"
CITY = "330400"
FEW, MANY = 3, 30


def _new_region(region: Region, user: Any) -> Region:
    """A new town under the region (the matrix's Region maker returns the region itself)."""
    n = Region.objects.count()
    return Region.objects.add_child(region, {"code": f"{region.code}{n:03d}", "name": f"测试镇{n}", "kind": "town"})


def _new_industry(region: Region, user: Any) -> Industry:
    """A new division (the matrix's Industry maker returns C34)."""
    n = Industry.objects.count()
    return Industry.objects.create(code=f"Z{n:04d}", name=f"测试行业{n}", level="division")


def _new_appeal_category(region: Region, user: Any) -> AppealCategory:
    """A new category (the matrix's maker gets or creates the one category 缺工)."""
    n = AppealCategory.objects.count()
    return AppealCategory.objects.create(code=f"test{n}", name=f"测试类别{n}")


# Row makers for models whose FACTORIES entry does not make a new row on every call.
ROW_MAKERS: dict[type[models.Model], Callable[[Region, Any], models.Model]] = {
    Region: _new_region,
    Industry: _new_industry,
    AppealCategory: _new_appeal_category,
}


def row_maker(model: type[models.Model]) -> Callable[[Region, Any], models.Model] | None:
    if model in ROW_MAKERS:
        return ROW_MAKERS[model]
    if model in FACTORIES:
        return matrix_factory(FACTORIES[model]).build
    return None


# URL arguments of list pages that take one, from a row the page must show.
URL_KWARGS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "projects:stage_list": lambda project: {"stage": project.stage},
}


@dataclass(frozen=True)
class ListEndpoint:
    kind: str  # "page" | "api"
    name: str  # URL name, with its namespace
    model: type[models.Model]

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}"


@cache
def list_endpoints() -> tuple[ListEndpoint, ...]:
    """Every list page (an ObjectListView subclass) and list API (a viewset's `-list` route) of the URLconf."""
    found: dict[str, ListEndpoint] = {}

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
                continue
            assert isinstance(pattern, URLPattern)
            name = f"{namespace}{pattern.name}" if pattern.name else None
            if name is None or name in found:
                continue
            view_class = getattr(pattern.callback, "view_class", None)
            viewset = getattr(pattern.callback, "cls", None)
            if view_class is not None and issubclass(view_class, ObjectListView):
                model = pattern.callback.view_initkwargs.get("model") or view_class.model  # type: ignore[attr-defined]
                found[name] = ListEndpoint("page", name, model)
            elif viewset is not None and name.endswith("-list"):
                model = getattr(viewset, "model", None) or getattr(getattr(viewset, "queryset", None), "model", None)
                if model is not None:
                    found[name] = ListEndpoint("api", name, model)

    walk(get_resolver().url_patterns, "")
    return tuple(sorted(found.values(), key=str))


ENDPOINTS = list_endpoints()


def test_lists_are_enumerated() -> None:
    names = {e.name for e in ENDPOINTS}
    assert {"enterprises:enterprise_list", "mujun:evaluationresult_list", "mujun-evaluationresult-list"} <= names
    assert len([e for e in ENDPOINTS if e.kind == "page"]) >= 60
    assert len([e for e in ENDPOINTS if e.kind == "api"]) >= 80


def test_every_list_has_a_row_maker() -> None:
    missing = sorted({f"{e.model._meta.label} ({e})" for e in ENDPOINTS if row_maker(e.model) is None})
    assert not missing, f"add a row maker (tests/factories FACTORIES or ROW_MAKERS here) for: {missing}"


def _shape(sql: str) -> str:
    """A query with its literals taken out, so the same query for different rows counts as one shape."""
    return re.sub(r"\b\d+\b|'[^']*'|%s|\"s\d+_x\d+\"", "?", sql)


def _request(client: Any, endpoint: ListEndpoint, row: Any) -> tuple[int, int, list[str]]:
    """(status, rows listed, queries run) of one request for the list."""
    url = reverse(endpoint.name, kwargs=URL_KWARGS[endpoint.name](row) if endpoint.name in URL_KWARGS else None)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    listed = -1
    if response.status_code == 200:
        if endpoint.kind == "api":
            listed = len(response.json()["results"])
        else:
            listed = len(response.context["table"].page.object_list)
    return response.status_code, listed, [q["sql"] for q in ctx.captured_queries]


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_list_query_count_does_not_grow_with_rows(client, regions, make_user, endpoint):
    make = row_maker(endpoint.model)
    assert make is not None, f"{endpoint.model._meta.label} has no row maker (see test_every_list_has_a_row_maker)"
    admin = make_user(Role.CITY_ADMIN, CITY)
    client.force_login(admin)
    rows = [make(regions[HAINING], admin) for _ in range(FEW)]
    status, _listed, _ = _request(client, endpoint, rows[0])  # warm the process-wide caches (content types, menus)
    assert status == 200, f"{endpoint}: the city administrator gets {status}"
    _status, few_listed, few = _request(client, endpoint, rows[0])
    rows += [make(regions[HAINING], admin) for _ in range(MANY - FEW)]
    _status, many_listed, many = _request(client, endpoint, rows[0])

    page_size = 50
    assert many_listed > few_listed or few_listed >= page_size, (
        f"{endpoint}: {few_listed} rows listed before and {many_listed} after adding {MANY - FEW}: "
        "the rows made for the test do not appear in the list"
    )
    extra = Counter(map(_shape, many)) - Counter(map(_shape, few))
    assert len(many) == len(few), (
        f"{endpoint}: {len(few)} queries for {few_listed} rows, {len(many)} for {many_listed}; "
        "run only with more rows:\n" + "\n".join(f"{n}× {sql[:300]}" for sql, n in extra.most_common(5))
    )
