"""The to-do list of the home page and the counts in the navigation: what each person must do today.

Apps contribute providers in `<app>/todo.py` as `PROVIDERS = [function, ...]`; each function takes
`(user, today)` and returns the `TodoItem`s that user has now, in a fixed number of queries
(aggregates, never one query per row), so the whole list costs the same whatever the data.
`core` imports no domain app: the providers are discovered like `<app>/navigation.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.http import HttpRequest, JsonResponse
from django.urls import reverse

from core import clock

# Levels of urgency, in the order the list shows them.
DANGER, WARNING, INFO = "danger", "warning", "info"
LEVEL_ORDER = {DANGER: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class TodoItem:
    """One thing to do: a label with its count, the page where it is done and, when there is one, the deadline.

    `nav` is the URL name of the navigation entry that shows the count (the list it is done from).
    """

    label: Any
    count: int
    url: str
    level: str = INFO
    deadline: dt.date | None = None
    detail: Any = ""
    nav: str = ""

    @property
    def overdue_on(self) -> bool:
        return self.deadline is not None and self.deadline < clock.today()


Provider = Callable[[Any, dt.date], list[TodoItem]]


def providers() -> list[Provider]:
    """Every installed app's `PROVIDERS` (`<app>/todo.py`), in the order of INSTALLED_APPS."""
    found: list[Provider] = []
    for config in apps.get_app_configs():
        if find_spec(f"{config.name}.todo") is not None:
            found.extend(getattr(import_module(f"{config.name}.todo"), "PROVIDERS", ()))  # core.todo itself has none
    return found


def todo_items(user: Any, today: dt.date | None = None) -> list[TodoItem]:
    """The user's to-do list: the items with something to do, most urgent first, then nearest deadline."""
    if user is None or not user.is_authenticated:
        return []
    today = today or clock.today()
    items = [item for provider in providers() for item in provider(user, today) if item.count]
    return sorted(items, key=lambda i: (LEVEL_ORDER.get(i.level, 9), i.deadline or dt.date.max))


def nav_counts(items: list[TodoItem]) -> dict[str, int]:
    """Counts per navigation entry (URL name): the sum of the items done from that entry's page."""
    counts: dict[str, int] = {}
    for item in items:
        if item.nav:
            counts[item.nav] = counts.get(item.nav, 0) + item.count
    return counts


def todo_counts(request: HttpRequest) -> JsonResponse:
    """The navigation's counts, fetched by the page after it is drawn (so pages cost no extra query):
    `{"total": n, "links": {url: n}}`, a link's URL being the page its items are done from."""
    items = todo_items(request.user)
    counts = nav_counts(items)
    links = {reverse(name): count for name, count in counts.items()}
    return JsonResponse({"total": sum(counts.values()), "links": links})
