"""Matching a table's unit names to regions, and finding the total (合计/全市) and the city it stands for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from .model import RecognizedTable, RegionLike, UnitEntry

if TYPE_CHECKING:
    from .reading import _Matcher


def resolve_units(result: RecognizedTable, matcher: _Matcher) -> None:
    """Match every unit name; find the total (合计/全市, or the region above all the others)."""
    entries = result.units
    result.units = []
    total: UnitEntry | None = None
    for entry in entries:
        if matcher.is_total_label(entry.name):
            entry.is_total = True
            match = matcher.match(entry.name)
            if match.matched:
                _attach(entry, matcher.by_pk[match.region.pk])
            if total is not None:
                result.finding(entry.row, entry.column, _("合计出现了不止一次：“%s”") % entry.name)
                continue
            total = entry
            continue
        match = matcher.match(entry.name)
        if match.matched:
            _attach(entry, matcher.by_pk[match.region.pk])
        else:
            entry.problem = match.problem
            result.finding(entry.row, entry.column, match.problem)
        result.units.append(entry)

    matched = [u for u in result.units if u.matched]
    # A region above all the other units (e.g. a column headed 嘉兴市) is the city value too.
    for entry in matched:
        others = [u for u in matched if u is not entry]
        if others and all(_is_below(u.region_path, entry.region_path) for u in others):
            if total is None:
                entry.is_total = True
                total = entry
                result.units.remove(entry)
            break
    matched = [u for u in result.units if u.matched]
    city = None
    if total is not None and total.matched:
        city = matcher.by_pk[total.region_id] if total.region_id is not None else None
    elif matched:
        city = _common_parent(matched, matcher)
        if total is not None and city is not None:
            _attach(total, city)
    if city is not None:
        result.city_region_id, result.city_region_code = city.pk, city.code
        for entry in matched:
            if not _is_below(entry.region_path, city.path):
                result.finding(
                    entry.row,
                    entry.column,
                    _("“%(unit)s”不属于%(city)s，不能与其他单位放在同一张分解表中")
                    % {"unit": entry.name, "city": city.name},
                )
    elif matched:
        result.table_finding(_("这些单位不属于同一个上级地区，无法确定全市（合计）对应的地区"))
    seen: dict[int, UnitEntry] = {}
    for entry in matched:
        assert entry.region_id is not None
        if entry.region_id in seen:
            first = seen[entry.region_id]
            result.finding(
                entry.row,
                entry.column,
                _("“%(name)s”与“%(first)s”是同一个单位（%(region)s），重复出现")
                % {"name": entry.name, "first": first.name, "region": entry.region_name},
            )
        else:
            seen[entry.region_id] = entry
    result.total = total
    if not result.units:
        result.table_finding(_("表中没有县（市、区）单位"))


def _attach(entry: UnitEntry, region: RegionLike) -> None:
    entry.region_id, entry.region_code, entry.region_name = region.pk, region.code, region.name
    entry.region_path = region.path


def _is_below(path: str | None, ancestor: str | None) -> bool:
    return bool(path and ancestor and path != ancestor and path.startswith(ancestor))


def _common_parent(units: list[UnitEntry], matcher: _Matcher) -> RegionLike | None:
    """The deepest region above every unit: the city of a table of counties."""
    paths = [u.region_path or "" for u in units]
    prefix = paths[0]
    for path in paths[1:]:
        while not path.startswith(prefix):
            prefix = prefix[:-1]
    candidates = [r for p, r in matcher.by_path.items() if prefix.startswith(p) and all(_is_below(q, p) for q in paths)]
    return max(candidates, key=lambda r: len(r.path), default=None)
