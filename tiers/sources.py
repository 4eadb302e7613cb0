"""Computed indicator sources of the tier libraries (core/sources.py registry, domain.md §4 and §9).

"新增认定" of a title (and of each of its levels) for a unit and month: the entries recognised from 1 January of
the year to the month's end, counted as they stood at the month's end (core/asof.py: a recognition dated later
does not count, an entry dropped by then does not count, an enterprise counts in the unit it belonged to then).
One source per title of the title table (seeded or added by the admin: a source family read from the data,
core/sources.py), e.g. `tiers_recognised_xjr` (新增专精特新"小巨人") and `tiers_recognised_xjr_national`.
"入库" of a title's library (`tiers_entered_<code>`, e.g. 入库"小升规"培育企业 462家 in the 2021 review): the
year's entries of the library in the unit at the month's end, a second family on the same title table.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.asof import as_of, month_end
from core.sources import Source, SourceFamily, register_source_family
from enterprises.models import Enterprise

from .choices import COUNTED, Level
from .models import TierEntry, Title


def recognised_count(region: Any, year: int, month: int, *, code: str, level: str = "") -> int:
    """New recognitions of a title (optionally of one level) in the unit's subtree, year to the month's end."""
    title = Title.objects.filter(code=code).values_list("pk", flat=True).first()
    if title is None:
        return 0
    cutoff = month_end(year, month)
    entries = as_of(TierEntry, cutoff, title_id=title).filter(
        status__in=COUNTED, recognised_on__gte=dt.date(year, 1, 1), recognised_on__lt=cutoff.date()
    )
    if level:
        entries = entries.filter(level=level)
    return _owners_inside(region, cutoff, list(entries.values_list("enterprise_id", flat=True)))


def _owners_inside(region: Any, cutoff: Any, owners: list[int]) -> int:
    """How many of the entries' enterprises (one per entry) belonged to the unit's subtree at the cut-off."""
    if not owners:
        return 0
    inside = set(
        as_of(Enterprise, cutoff, id__in=set(owners))
        .filter(region__path__startswith=region.path)
        .values_list("id", flat=True)
    )
    return sum(1 for owner in owners if owner in inside)


def entered_count(region: Any, year: int, month: int, *, code: str) -> int:
    """入库: the entries of a title's library for the year in the unit's subtree, as they stood at the month's
    end, whatever their status then (nominated, cultivating, recognised, dropped or expired: each entered the
    library); a nomination withdrawn (deleted) by then does not count. An entry carries no business date of
    entry, so its first record is that date: an entry recorded after the month's end does not count in that
    month (not taken as first entered, the rule of `as_of` for back-filled rows, which would put every entry
    of the year into January)."""
    title = Title.objects.filter(code=code).values_list("pk", flat=True).first()
    if title is None:
        return 0
    cutoff = month_end(year, month)
    entries = as_of(TierEntry, cutoff, title_id=title).filter(year=year, history_date__lt=cutoff)
    return _owners_inside(region, cutoff, list(entries.values_list("enterprise_id", flat=True)))


def recognised_count_naive(region: Any, year: int, month: int, *, code: str, level: str = "") -> int:
    """The per-row way (benchmark reference): each entry's and its enterprise's history read one by one."""
    cutoff = month_end(year, month)
    count = 0
    for entry in TierEntry.objects.filter(title__code=code):
        rows = list(entry.history.filter(history_date__lt=cutoff).order_by("-history_id")[:1]) or list(
            entry.history.order_by("history_id")[:1]
        )
        state = rows[0]
        if state.history_type == "-" or state.status not in COUNTED or state.recognised_on is None:
            continue
        if not dt.date(year, 1, 1) <= state.recognised_on < cutoff.date() or (level and state.level != level):
            continue
        owner = (
            Enterprise.history.filter(id=state.enterprise_id, history_date__lt=cutoff).order_by("-history_id").first()
        )
        owner = owner or Enterprise.history.filter(id=state.enterprise_id).order_by("history_id").first()
        if owner is not None and owner.region.path.startswith(region.path):
            count += 1
    return count


PREFIX = "tiers_recognised_"


def _label(title: Title, level: str = "") -> str:
    """The source's label: the title's target indicator as the notices word it (its `target_label`), else
    "新增<title>"; a level's source names the level."""
    if level:
        return str(_("梯度培育：新增%(level)s%(t)s（家）") % {"t": title.name, "level": Level(level).label})
    if title.target_label:
        return str(_("梯度培育：%(t)s（家）") % {"t": title.target_label})
    return str(_("梯度培育：新增%(t)s（家）") % {"t": title.name})


def _source(title: Title, level: str = "") -> Source:
    code = title.code

    def func(region: Any, year: int, month: int) -> Decimal:
        return Decimal(recognised_count(region, year, month, code=code, level=level))

    key = f"{PREFIX}{code}_{level}" if level else f"{PREFIX}{code}"
    return Source(key, _label(title, level), func)


ENTERED = "tiers_entered_"


def _entered_source(title: Title) -> Source:
    code = title.code

    def func(region: Any, year: int, month: int) -> Decimal:
        return Decimal(entered_count(region, year, month, code=code))

    return Source(f"{ENTERED}{code}", str(_("梯度培育：入库“%(t)s”培育企业（家）") % {"t": title.name}), func)


def title_sources(title: Title) -> list[tuple[str, str]]:
    """(key, label) of a title's sources: new recognitions of the title, and of each of its levels; the year's
    entries of its library (入库)."""
    sources = (_source(title), *(_source(title, lv) for lv in title.levels or []), _entered_source(title))
    return [(s.key, s.label) for s in sources]


def _keys() -> list[tuple[str, str]]:
    pairs = [pair for title in Title.objects.order_by("ladder", "pk") for pair in title_sources(title)]
    return [(k, v) for k, v in pairs if k.startswith(PREFIX)]


def _entered_keys() -> list[tuple[str, str]]:
    return [(s.key, s.label) for s in map(_entered_source, Title.objects.order_by("ladder", "pk"))]


def _entered_resolve(rest: str) -> Source | None:
    title = Title.objects.filter(code=rest).first()
    return _entered_source(title) if title is not None else None


def _resolve(rest: str) -> Source | None:
    """`xjr` → the title 专精特新"小巨人"; `xjr_national` → its 国家级 recognitions. Read from the title table, so a
    title the admin adds (or renames, or gives a level) feeds targets at once."""
    title = Title.objects.filter(code=rest).first()
    if title is not None:
        return _source(title)
    head, _sep, level = rest.rpartition("_")
    title = Title.objects.filter(code=head).first() if head and level in Level.values else None
    if title is not None and level in (title.levels or []):
        return _source(title, level)
    return None


# Every title of the table, seeded or added by the admin, has its sources (no list in code).
register_source_family(SourceFamily(PREFIX, _keys, _resolve))
register_source_family(SourceFamily(ENTERED, _entered_keys, _entered_resolve))
