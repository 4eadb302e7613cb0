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


@dataclass(frozen=True)
class SourceFamily:
    """Sources named by data rather than code: every key `<prefix><rest>` is resolved when asked, so a row the
    admin adds (a tier title) has its source at once, without a restart. `keys()` lists the family's current
    (key, label) pairs; `resolve(rest)` gives the source of one key, or None when no row answers it."""

    prefix: str
    keys: Callable[[], list[tuple[str, str]]]
    resolve: Callable[[str], Source | None]


_FAMILIES: dict[str, SourceFamily] = {}


def register_source(key: str, label: Any, func: SourceFunc) -> SourceFunc:
    """Register `func(region, year, month) -> Decimal` under `key` (an Indicator's `source_query`)."""
    _SOURCES[key] = Source(key, str(label), func)
    return func


def register_source_family(family: SourceFamily) -> SourceFamily:
    """Register sources whose keys come from data (`SourceFamily`); a fixed source of the same key wins."""
    _FAMILIES[family.prefix] = family
    return family


def get_source(key: str) -> Source | None:
    source = _SOURCES.get(key)
    if source is not None:
        return source
    for prefix, family in _FAMILIES.items():
        if key.startswith(prefix):
            found = family.resolve(key[len(prefix) :])
            if found is not None:
                return found
    return None


def source_choices() -> list[tuple[str, str]]:
    """Every source an indicator may name: the fixed ones and the families' current keys (reads their data)."""
    pairs = {s.key: s.label for s in _SOURCES.values()}
    for family in _FAMILIES.values():
        pairs.update({k: v for k, v in family.keys() if k not in _SOURCES})
    return sorted(pairs.items())


def compute(key: str, region: Any, year: int, month: int) -> Decimal | None:
    """The source's value for a unit and month, or None when the key is not registered."""
    source = get_source(key)
    return None if source is None else Decimal(source.func(region, year, month))
