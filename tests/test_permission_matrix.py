"""The permission matrix: every model of the project apps × every role, on every page and API path.

Generated, so it grows by itself when a module adds a model: the models come from
`apps.get_models()` for `accounts.roles.PROJECT_APPS` (simple-history's historical models and
auto-created m2m tables left out), and a model without an entry in `tests.factories.FACTORIES`
fails. For each model and role we build one object in the user's scope (their own where the
model has an owner or an enterprise), one of someone else in the same region, and one in 嘉善县, then
ask the pages (list, detail, edit GET, delete GET, export — where the URL name exists by the
`<app>:<model>_<action>` convention) and the API (list, detail, PATCH {}) for them.

The expected status comes from an oracle written here, independently of `visible_to`:
403 without the model permission the role grants (accounts.roles.DEFAULTS), else 404 for an
object out of scope (its region is not under the user's region by path; for enterprise users,
not their own enterprise; for owned rows such as jobs, not theirs unless city admin; public
reference data is in everyone's scope; for department-scoped rows such as duties, a department
handler's own department only; an unpublished object such as a draft bulletin version only for
roles granted its draft permission), else 200. List pages, API lists and exports must not
contain any object the oracle says the user may not see (house style: "no permission → 403,
out of scope → 404, allowed → 200, generated for every model").
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, URLResolver, get_resolver, resolve, reverse
from openpyxl import load_workbook
from simple_history.models import HistoricalChanges

from accounts.choices import Role
from accounts.roles import DEFAULTS, PROJECT_APPS
from core.views import ObjectExportView
from tests.factories import FACTORIES, MatrixFactory, matrix_factory

OUTSIDE = "330421"  # 嘉善县: never under 海宁市
HAINING = "330481"
CITY = "330400"


def project_models() -> list[type[models.Model]]:
    """Every concrete model of the project apps a user can reach (no history tables, no m2m tables)."""
    found = []
    for label in PROJECT_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            if issubclass(model, HistoricalChanges) or model._meta.auto_created:
                continue
            found.append(model)
    return found


MODELS = project_models()

# Every role in 海宁市 (a county-level unit), and the city-level roles also where they normally sit.
PLACEMENTS = [(role.value, HAINING) for role in Role] + [
    (Role.CITY_ADMIN.value, CITY),
    (Role.CITY_STAFF.value, CITY),
    (Role.LEADER.value, CITY),
]


def model_label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


# --- the oracle -------------------------------------------------------------------------------


def role_grants(role: str, model: type[models.Model], action: str) -> bool:
    """Whether the role's default permission set (accounts.roles.DEFAULTS) holds `<action>_<model>`."""
    wanted = DEFAULTS.get(role, {})
    opts = model._meta
    if opts.app_label in PROJECT_APPS and action in wanted.get("*", ()):
        return True
    return action in wanted.get(f"{opts.app_label}.{opts.model_name}", ())


def in_scope(spec: MatrixFactory, obj: models.Model, user: Any) -> bool:
    """domain.md §1, restated from the object's own data: region path, enterprise, owner; drafts need their permission."""
    if spec.draft_of is not None and spec.draft_of(obj):
        assert spec.draft_permission is not None, "a draft_of needs the draft_permission that opens drafts"
        if not role_grants(user.role, *spec.draft_permission):
            return False
    return _in_region_scope(spec, obj, user)


def _in_region_scope(spec: MatrixFactory, obj: models.Model, user: Any) -> bool:
    if spec.public:
        return True
    if spec.owner_of is not None:
        owner = spec.owner_of(obj)
        return user.role == Role.CITY_ADMIN or (owner is not None and owner.pk == user.pk)
    if spec.department_of is not None and user.role == Role.DEPARTMENT_HANDLER:
        department = spec.department_of(obj)  # department-scoped rows: a handler's own department only
        return department is not None and department.pk == user.department_id
    if user.role == Role.ENTERPRISE_USER:
        enterprise = spec.enterprise_of(obj) if spec.enterprise_of else None
        return enterprise is not None and enterprise.pk == user.enterprise_id
    region = spec.region_of(obj) if spec.region_of else None
    return region is not None and user.region is not None and region.path.startswith(user.region.path)


def expected_status(user: Any, spec: MatrixFactory, model: type[models.Model], action: str, obj: Any) -> int:
    if not role_grants(user.role, model, action):
        return 403
    if obj is not None and not in_scope(spec, obj, user):
        return 404
    return 200


def visible_pks(spec: MatrixFactory, model: type[models.Model], user: Any) -> set[Any]:
    return {obj.pk for obj in model._base_manager.all() if in_scope(spec, obj, user)}


# --- discovering the URLs ----------------------------------------------------------------------


def ui_url(model: type[models.Model], action: str, obj: models.Model | None = None) -> str | None:
    name = f"{model._meta.app_label}:{model._meta.model_name}_{action}"
    try:
        return reverse(name, args=[obj.pk] if obj is not None else [])
    except NoReverseMatch:
        return None


@cache
def api_routes() -> dict[type[models.Model], dict[str, tuple[str, dict[str, str], type]]]:
    """model → {"list"|"detail": (url name, method→action map, viewset class)}, read from the routers."""
    routes: dict[type[models.Model], dict[str, tuple[str, dict[str, str], type]]] = {}

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
                continue
            viewset = getattr(pattern.callback, "cls", None)
            actions = getattr(pattern.callback, "actions", None)
            if viewset is None or not actions or not pattern.name:
                continue
            model = getattr(viewset, "model", None) or getattr(getattr(viewset, "queryset", None), "model", None)
            for kind in ("list", "detail"):
                if model is not None and pattern.name.endswith(f"-{kind}"):
                    routes.setdefault(model, {}).setdefault(kind, (namespace + pattern.name, actions, viewset))

    walk(get_resolver().url_patterns, "")
    return routes


def api_allows_patch(route: tuple[str, dict[str, str], type]) -> bool:
    _name, actions, viewset = route
    return "patch" in actions and "patch" in viewset.http_method_names


def xlsx_data_rows(content: bytes) -> int:
    """Data rows of a generic export: everything below the frozen title and header rows."""
    sheet = load_workbook(io.BytesIO(content), read_only=False).active
    first_data_row = sheet[sheet.freeze_panes].row if sheet.freeze_panes else 2
    return max(0, sheet.max_row - (first_data_row - 1))


# --- the tests ---------------------------------------------------------------------------------


def test_models_are_enumerated():
    labels = {model_label(m) for m in MODELS}
    assert {"enterprises.enterprise", "regions.region", "accounts.user", "jobs.job"} <= labels
    assert not any(label.split(".")[1].startswith("historical") for label in labels)
    assert "enterprises.enterprise_tags" not in labels


def test_every_project_model_has_a_factory():
    missing = [model_label(m) for m in MODELS if m not in FACTORIES]
    assert not missing, f"add these models to tests/factories.FACTORIES so the permission matrix covers them: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=model_label)
@pytest.mark.parametrize(("role", "home"), PLACEMENTS, ids=[f"{r}@{h}" for r, h in PLACEMENTS])
def test_permission_matrix(client, regions, make_user, model, role, home):
    assert model in FACTORIES, f"{model_label(model)} has no entry in tests/factories.FACTORIES"
    spec = matrix_factory(FACTORIES[model])
    user = make_user(role, home)
    mine = spec.build(regions[home], user)  # attached to the user where the model has an owner/enterprise
    neighbour = spec.build(regions[home], None)  # same region, someone else's (another enterprise, job)
    other = spec.build(regions[OUTSIDE], None)
    client.force_login(user)
    problems: list[str] = []
    visible = visible_pks(spec, model, user)

    def check(what: str, response: Any, expected: int) -> bool:
        if response.status_code != expected:
            problems.append(f"{what}: expected {expected}, got {response.status_code}")
            return False
        return response.status_code == 200

    # Pages: list and export (whole table), detail / edit / delete (one object).
    url = ui_url(model, "list")
    if url:
        response = client.get(url)
        if check(f"GET {url}", response, expected_status(user, spec, model, "view", None)):
            listed = {o.pk for o in response.context["view"].object_list}
            if listed - visible:
                problems.append(f"list {url} shows out-of-scope objects {sorted(listed - visible)}")
            if mine.pk in visible and mine.pk not in listed:
                problems.append(f"list {url} misses the in-scope object {mine.pk}")
            html = response.content.decode()
            for obj in (neighbour, other):
                if not in_scope(spec, obj, user) and f'href="{obj.get_absolute_url()}"' in html:
                    problems.append(f"list {url} links to out-of-scope {obj.get_absolute_url()}")
    url = ui_url(model, "export")
    if url:
        response = client.get(url)
        if check(f"GET {url}", response, expected_status(user, spec, model, "view", None)):
            content = b"".join(response.streaming_content)
            if issubclass(resolve(url).func.view_class, ObjectExportView):
                rows = xlsx_data_rows(content)
                if rows != len(visible):
                    problems.append(f"export {url} has {rows} rows, the user may see {len(visible)}")
    for obj in (mine, neighbour, other):
        for action, perm in (("detail", "view"), ("edit", "change"), ("delete", "delete")):
            url = ui_url(model, action, obj)
            if url:
                check(f"GET {url}", client.get(url), expected_status(user, spec, model, perm, obj))

    # API: list, detail, PATCH {} (405 where the API is read-only and the role may change).
    routes = api_routes().get(model, {})
    if "list" in routes:
        url = reverse(routes["list"][0])
        assert url.startswith("/api/"), url
        response = client.get(url, {"page_size": 1000})
        if check(f"GET {url}", response, expected_status(user, spec, model, "view", None)):
            body = response.json()
            assert body["next"] is None, "more than 1000 rows: the matrix expects one page"
            listed = {row["id"] for row in body["results"]}
            if listed - visible:
                problems.append(f"API list {url} returns out-of-scope objects {sorted(listed - visible)}")
            if mine.pk in visible and mine.pk not in listed:
                problems.append(f"API list {url} misses the in-scope object {mine.pk}")
    if "detail" in routes:
        for obj in (mine, neighbour, other):
            url = reverse(routes["detail"][0], args=[obj.pk])
            check(f"GET {url}", client.get(url), expected_status(user, spec, model, "view", obj))
            expected = expected_status(user, spec, model, "change", obj)
            if expected != 403 and not api_allows_patch(routes["detail"]):
                expected = 405
            check(f"PATCH {url}", client.patch(url, {}, content_type="application/json"), expected)

    assert not problems, f"{model_label(model)} as {role} in {home}:\n" + "\n".join(problems)
