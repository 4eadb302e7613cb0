"""Panels on detail pages, contributed by other apps (the one-enterprise view of domain.md §2).

An app registers `Panel(model="enterprises.enterprise", title=..., template=..., context=...)` in
its AppConfig.ready(); the generic detail page renders every panel registered for its model, in
`order`. The context function receives the object and the user, and must itself respect scope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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


_PANELS: dict[str, list[Panel]] = {}


def register(panel: Panel) -> None:
    panels = _PANELS.setdefault(panel.model, [])
    panels[:] = [p for p in panels if p.template != panel.template] + [panel]
    panels.sort(key=lambda p: p.order)


def panels_for(obj: Model, user: Any) -> list[dict[str, Any]]:
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    shown = []
    for panel in _PANELS.get(label, []):
        if panel.permission and not user.has_perm(panel.permission):
            continue
        shown.append({"title": panel.title, "template": panel.template, "context": panel.context(obj, user)})
    return shown
