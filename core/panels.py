"""Panels on detail pages, contributed by other apps (the one-enterprise view of domain.md §2).

An app registers `Panel(model="enterprises.enterprise", title=..., template=..., context=...)` in
its AppConfig.ready(); the generic detail page renders every panel registered for its model, in
`order`. The context function receives the object and the user, and must itself respect scope.

Most panels of most objects are empty (an enterprise has no requests, no titles, no diagnoses …), and asking each
app's scoped queryset for nothing costs a page more than the rest of it. A panel therefore names the tables its
rows come from (`sources`); one query asks whether any of them has a row for the object at all, in no one's scope,
and a panel none of whose sources has one shows its `empty` context without calling its context function. A row
that exists goes through the context function as before, so the scope of what is shown is the panel's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Model

ContextFunc = Callable[[Model, Any], dict[str, Any]]


@dataclass(frozen=True)
class Panel:
    model: str  # "app_label.model_name"
    title: Any  # str or a lazy translation
    template: str
    context: ContextFunc = field(default=lambda obj, user: {})
    order: int = 100
    permission: str | None = None  # shown only to users with this permission
    # "app_label.model_name.field", a foreign key to the object, for each table the panel's rows come from, or
    # "app_label.model_name" for a table the panel reads whatever the object (any row at all). Empty: always asked.
    sources: tuple[str, ...] = ()
    # what the context function returns when none of the sources has a row (core/tests/test_panels.py checks it)
    empty: Mapping[str, Any] = field(default_factory=dict)


_PANELS: dict[str, list[Panel]] = {}


def register(panel: Panel) -> None:
    panels = _PANELS.setdefault(panel.model, [])
    panels[:] = [p for p in panels if p.template != panel.template] + [panel]
    panels.sort(key=lambda p: p.order)


def registered(label: str) -> list[Panel]:
    """The panels of a model ("app_label.model_name"), in order."""
    return list(_PANELS.get(label, []))


_CONDITIONS: dict[str, str] = {}


def _condition(source: str) -> str:
    """`EXISTS (…)` for one source, with a placeholder for the object's key when the source names a field."""
    if source not in _CONDITIONS:
        app_label, model_name, *column = source.split(".")
        opts = apps.get_model(app_label, model_name)._meta
        sql = f"SELECT 1 FROM {connection.ops.quote_name(opts.db_table)}"  # noqa: S608  (names from the models)
        if column:
            sql += f" WHERE {connection.ops.quote_name(opts.get_field(column[0]).column)} = %s"
        _CONDITIONS[source] = f"EXISTS ({sql})"
    return _CONDITIONS[source]


def sources_with_rows(obj: Model, sources: Iterable[str]) -> set[str]:
    """The sources that have a row for the object (one query, in no one's scope: an existence test only)."""
    asked = sorted(set(sources))
    if not asked:
        return set()
    conditions = [_condition(source) for source in asked]
    params = [obj.pk for condition in conditions if "%s" in condition]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(conditions), params)
        row = cursor.fetchone()
    return {source for source, found in zip(asked, row, strict=True) if found}


def panels_for(obj: Model, user: Any) -> list[dict[str, Any]]:
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    allowed = [p for p in _PANELS.get(label, []) if not p.permission or user.has_perm(p.permission)]
    found = sources_with_rows(obj, (source for panel in allowed for source in panel.sources))
    shown = []
    for panel in allowed:
        if panel.sources and not found.intersection(panel.sources):
            context = dict(panel.empty)
        else:
            context = panel.context(obj, user)
        shown.append({"title": panel.title, "template": panel.template, "context": context})
    return shown
