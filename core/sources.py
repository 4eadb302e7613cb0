"""Computed indicator values: named queries over the system's own data (domain.md §4).

A count of projects, robots or tier titles is a query, not a number typed twice. An indicator
with `source = computed` names one of these keys in `source_query`; the report grid shows the
computed value read-only and saving the report stores it, so a locked report keeps the number
as it was. This is the registry (shared machinery); each app registers its own sources in its
`sources.py`, imported by its AppConfig.ready()
(enterprises, projects, tiers, smart). A source counts the records as they stood at the month's
end (core/asof.py), so a past month recomputed later gives the same figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

SourceFunc = Callable[[Any, int, int], Decimal]


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    func: SourceFunc


_SOURCES: dict[str, Source] = {}


def register_source(key: str, label: Any, func: SourceFunc) -> SourceFunc:
    """Register `func(region, year, month) -> Decimal` under `key` (an Indicator's `source_query`)."""
    _SOURCES[key] = Source(key, str(label), func)
    return func


def get_source(key: str) -> Source | None:
    return _SOURCES.get(key)


def source_choices() -> list[tuple[str, str]]:
    return [(s.key, s.label) for s in sorted(_SOURCES.values(), key=lambda s: s.key)]


def compute(key: str, region: Any, year: int, month: int) -> Decimal | None:
    """The source's value for a unit and month, or None when the key is not registered."""
    source = _SOURCES.get(key)
    return None if source is None else Decimal(source.func(region, year, month))
