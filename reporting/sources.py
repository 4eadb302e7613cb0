"""Computed indicator values: named queries over the system's own data (domain.md §4).

A count of projects, robots or tier titles is a query, not a number typed twice. An indicator
with `source = computed` names one of these keys in `source_query`; the report grid shows the
computed value read-only and saving the report stores it, so a locked report keeps the number
as it was. Later modules (projects, tiers) register their own sources in their AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

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


# --- sources of this project's data ------------------------------------------------------------


def enterprises_above_size(region: Any, year: int, month: int) -> Decimal:
    """规上工业企业数: the above-designated-size enterprises registered in the unit (its subtree) today.

    The enterprise register keeps no history yet, so the count is the current one whatever the
    month: honest for the month being reported, not for re-computing past months.
    """
    from enterprises.choices import SizeClass
    from enterprises.models import Enterprise

    return Decimal(Enterprise.objects.filter(region__path__startswith=region.path, size_class=SizeClass.ABOVE).count())


def enterprises_all(region: Any, year: int, month: int) -> Decimal:
    """工业企业数 (企业库): every enterprise registered in the unit (its subtree) today."""
    from enterprises.models import Enterprise

    return Decimal(Enterprise.objects.filter(region__path__startswith=region.path).count())


register_source("enterprises_above_size", _("企业库：规上工业企业数"), enterprises_above_size)
register_source("enterprises_all", _("企业库：工业企业数"), enterprises_all)
