"""Attack suite: the scope crawler. Every object URL of the URL conf and the API routers, for every role, with
objects of another unit, another enterprise, another owner or department, and drafts: no 2xx answer.

The permission matrix (tests/test_permission_matrix.py) checks the conventional list/detail/edit/delete/export
names; this crawler takes every other GET route too (downloads, evidence, actions, the stored-file view,
`/api/.../{id}/<action>/`), discovered by walking `get_resolver()`, never from a hand list. A route belongs to a
model when its view (or viewset) names the model and its URL name starts with the model's name (page
`app:<model>_…`, API `…<model>-…`), so the id in the URL is an id of that model. The objects and the oracle (who
may see what) are the matrix's: `tests.factories.FACTORIES` and `in_scope`, an independent statement of the
scope rules. `test_the_crawler_finds_a_planted_leak` makes one model public and shows the crawler fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from django.db import models
from django.urls import URLResolver, get_resolver, reverse

from accounts.choices import Role
from core.scope import ScopeRule
from tests.factories import FACTORIES, matrix_factory
from tests.test_permission_matrix import HAINING, MODELS, OUTSIDE, in_scope, model_label

pytestmark = [pytest.mark.attack, pytest.mark.django_db]

ID_KWARGS = re.compile(r"^(pk|id|.*_id|.*_pk)$")
CHOICE_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[\w|]+)\)")
# Values of free-text kwargs (`<str:fmt>`) a route may take besides the object id. A route with another
# kwarg is reported by test_every_object_route_is_crawled, so none is skipped silently.
KWARG_VALUES = {"fmt": ("docx", "xlsx", "pdf")}
SKIPPED: dict[str, str] = {}


@dataclass(frozen=True)
class Route:
    name: str  # namespaced URL name
    model: type[models.Model]
    id_kwarg: str
    choices: tuple[tuple[str, tuple[str, ...]], ...]  # other kwargs and the values their regex allows

    def urls(self, pk: Any) -> Iterator[str]:
        def expand(index: int, kwargs: dict[str, Any]) -> Iterator[dict[str, Any]]:
            if index == len(self.choices):
                yield dict(kwargs)
                return
            name, values = self.choices[index]
            for value in values:
                yield from expand(index + 1, {**kwargs, name: value})

        for kwargs in expand(0, {self.id_kwarg: pk}):
            yield reverse(self.name, kwargs=kwargs)


def _view_model(callback: Any) -> type[models.Model] | None:
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view is None:
        return None
    model = (
        getattr(callback, "view_initkwargs", {}).get("model")  # a page of an `ObjectViews` declaration
        or getattr(view, "model", None)
        or getattr(getattr(view, "queryset", None), "model", None)
    )
    return model if isinstance(model, type) and issubclass(model, models.Model) else None


def _named_for(model: type[models.Model], name: str) -> bool:
    """`app:<model>_<action>` (pages) or `…<model>-<action>` (API basenames end with the model's name)."""
    short = name.rsplit(":", 1)[-1]
    model_name = model._meta.model_name
    return short.startswith(f"{model_name}_") or bool(re.search(rf"(^|-){model_name}-", short))


@cache
def object_routes() -> tuple[Route, ...]:
    """Every GET-able route that takes one object id of a known model (plus fixed choices such as a format)."""
    found: dict[str, Route] = {}

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for pattern in patterns:
            regex = prefix + pattern.pattern.regex.pattern.lstrip("^")
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, ns, regex.rstrip("$"))
                continue
            if not pattern.name:
                continue
            actions = getattr(pattern.callback, "actions", None)
            if actions is not None and "get" not in actions:
                continue
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None and (not hasattr(view_class, "get") or "get" not in view_class.http_method_names):
                continue  # a POST-only page (an action button): nothing to read
            model = _view_model(pattern.callback)
            if model is None or not _named_for(model, pattern.name):
                continue
            groups = list(re.compile(regex).groupindex)
            if "format" in groups:  # DRF's .json suffix twins of the same route
                continue
            ids = [g for g in groups if ID_KWARGS.match(g)]
            choices = {m["name"]: tuple(m["body"].split("|")) for m in CHOICE_GROUP.finditer(regex)}
            choices = {**KWARG_VALUES, **choices}
            others = [g for g in groups if g not in ids]
            name = namespace + pattern.name
            if len(ids) != 1 or any(g not in choices for g in others):
                if ids:
                    SKIPPED[name] = regex
                continue
            found.setdefault(name, Route(name, model, ids[0], tuple((g, choices[g]) for g in others)))

    walk(get_resolver().url_patterns, "", "")
    return tuple(found.values())


def file_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.get_fields() if isinstance(f, models.FileField)]


# Drafts (domain.md §12): a bulletin version is seen by the city's own staff while a draft; leaders,
# department handlers, units and enterprises see published versions only. Stated here, not read from the code.
DRAFT_READERS = {Role.CITY_ADMIN, Role.CITY_STAFF}


def drafts(region: Any) -> list[models.Model]:
    from bulletins.choices import VersionStatus
    from bulletins.tests.factories import BulletinVersionFactory, _bulletin_in

    version = BulletinVersionFactory(bulletin=_bulletin_in(region, None), status=VersionStatus.DRAFT)
    return [version]


def crawl(client: Any, user: Any, targets: list[tuple[models.Model, str]]) -> list[str]:
    """GET every object route and stored file of each (object, why it is hidden); a 2xx answer is a leak."""
    routes = object_routes()
    leaks = []
    for obj, why in targets:
        model = type(obj)
        urls = [url for route in routes if route.model is model for url in route.urls(obj.pk)]
        urls += [reverse("stored_file", args=[model_label(model), obj.pk, f]) for f in file_fields(model)]
        for url in urls:
            status = client.get(url).status_code
            if 200 <= status < 300:
                leaks.append(f"{user.role}: GET {url} → {status} ({model_label(model)} {obj.pk}, {why})")
    return leaks


def hidden_objects(regions: dict[str, Any], user: Any, models_: list[type[models.Model]]) -> list[tuple[Any, str]]:
    """For each model: an object of another unit and one of the same unit but someone else's (another enterprise,
    owner or department), kept where the oracle says the user may not see it."""
    targets = []
    for model in models_:
        spec = matrix_factory(FACTORIES[model])
        for obj, why in (
            (spec.build(regions[OUTSIDE], None), "another unit"),
            (spec.build(regions[HAINING], None), "someone else's in the unit"),
        ):
            if not in_scope(spec, obj, user):
                targets.append((obj, why))
    if user.role not in DRAFT_READERS:
        targets += [(obj, "a draft") for obj in drafts(regions[HAINING])]
    return targets


def test_the_routes_are_discovered_not_listed() -> None:
    names = {route.name for route in object_routes()}
    # a few that no naming convention of the matrix reaches: downloads, evidence, API actions
    assert {"bulletins:bulletinversion_download", "mujun:objection_evidence"} <= names, sorted(names)
    assert any(name.endswith("bulletinversion-download") for name in names)
    assert any(name.endswith("objection-evidence") for name in names)
    assert len(names) > 100


def test_every_object_route_is_crawled() -> None:
    object_routes()
    assert SKIPPED == {}, "routes with an object id the crawler cannot fill in: add their kwargs to KWARG_VALUES"


ROLES = [role.value for role in Role]


@pytest.mark.parametrize("role", ROLES)
def test_no_object_url_answers_for_an_object_out_of_scope(client, regions, make_user, role):
    user = make_user(role, HAINING)
    client.force_login(user)
    leaks = crawl(client, user, hidden_objects(regions, user, MODELS))
    assert not leaks, "\n".join(leaks)


def test_the_crawler_finds_a_planted_leak(client, regions, make_user, monkeypatch):
    """Make project photos public in the scope rule: the crawler must report 嘉善's photo to a 海宁 reporter."""
    from projects.models import ProjectPhoto

    monkeypatch.setattr(ProjectPhoto, "scope", ScopeRule(public=True))
    user = make_user(Role.UNIT_REPORTER, HAINING)
    client.force_login(user)
    leaks = crawl(client, user, hidden_objects(regions, user, [ProjectPhoto]))
    assert any("/files/projects.projectphoto/" in leak for leak in leaks), leaks
    assert any("/api/project-photos/" in leak for leak in leaks), leaks
