"""开工率, 竣工率 and 投产率 per unit and per list for a month (domain.md §6, sourced definitions).

开工率 = started (including already producing) ÷ signed; 投产率 = producing ÷ signed; 竣工率 =
completed ÷ the projects planned to complete that year. Each figure comes with its numerator,
denominator and basis (calculations.Rate). The month is read as it stood at its end: from the
month-end snapshot, or reconstructed when there is none (snapshots.month_rows).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from regions.choices import COUNTY_LEVEL
from regions.models import Region

from . import calculations as calc
from .models import MonthSnapshot, ProjectList, SnapshotRow
from .snapshots import RANK_COMPLETED, RANK_PRODUCING, RANK_SIGNED, RANK_STARTED, month_rows


@dataclass(frozen=True)
class Counts:
    """The counts behind the three rates for one group of projects."""

    projects: int = 0
    signed: int = 0
    started: int = 0
    producing: int = 0
    completion_due: int = 0
    completed: int = 0

    def add(self, row: SnapshotRow, year: int) -> Counts:
        due = row.completion_planned_year == year
        return Counts(
            self.projects + 1,
            self.signed + (row.reached >= RANK_SIGNED),
            self.started + (row.reached >= RANK_STARTED),
            self.producing + (row.reached >= RANK_PRODUCING),
            self.completion_due + due,
            self.completed + (due and row.reached >= RANK_COMPLETED),
        )


@dataclass(frozen=True)
class GroupRates:
    """The rates of one unit (or one list) with the counts they come from."""

    label: str
    region: Region | None
    counts: Counts
    start: calc.Rate
    completion: calc.Rate
    production: calc.Rate


def rates_of(label: str, counts: Counts, region: Region | None = None, places: int = 1) -> GroupRates:
    return GroupRates(
        label,
        region,
        counts,
        calc.start_rate(signed=counts.signed, started=counts.started, places=places),
        calc.completion_rate(planned_to_complete=counts.completion_due, completed=counts.completed, places=places),
        calc.production_rate(signed=counts.signed, producing=counts.producing, places=places),
    )


def count_rows(rows: Iterable[SnapshotRow], year: int) -> Counts:
    counts = Counts()
    for row in rows:
        counts = counts.add(row, year)
    return counts


def units_under(region: Region) -> list[Region]:
    """The county-level units a region's figures are broken down by, in region order (itself if it is one)."""
    if region.kind in COUNTY_LEVEL:
        return [region]
    return list(Region.objects.filter(path__startswith=region.path, kind__in=COUNTY_LEVEL).order_by("path"))


def unit_finder(units: list[Region], regions_by_id: dict[int, Region]) -> Callable[[int], Region | None]:
    """row.region_id → the county-level unit it belongs to (a project of a town counts for its county)."""
    cache: dict[int, Region | None] = {}

    def find(region_id: int) -> Region | None:
        if region_id not in cache:
            region = regions_by_id.get(region_id)
            cache[region_id] = next((u for u in units if region is not None and region.path.startswith(u.path)), None)
        return cache[region_id]

    return find


def region_index(region: Region) -> dict[int, Region]:
    return {r.pk: r for r in Region.objects.filter(path__startswith=region.path)}


@dataclass(frozen=True)
class RatesTable:
    region: Region
    year: int
    month: int
    snapshot: MonthSnapshot | None  # None: reconstructed from the nodes and updates
    list_name: str | None
    units: list[GroupRates]
    total: GroupRates
    by_list: list[GroupRates]


def rates_table(*, region: Region, year: int, month: int, list_id: int | None = None) -> RatesTable:
    """The three rates per unit under `region` (optionally only the projects of one list), the total, and per list."""
    snapshot, rows = month_rows(region=region, year=year, month=month)
    lists = list(ProjectList.objects.filter(active=True).order_by("order", "code"))
    list_name = next((lst.name for lst in lists if lst.pk == list_id), None) if list_id else None
    chosen = [r for r in rows if list_id is None or list_id in (r.list_ids or [])]
    units = units_under(region)
    find = unit_finder(units, region_index(region))
    per_unit: dict[int, Counts] = {u.pk: Counts() for u in units}
    for row in chosen:
        unit = find(row.region_id)
        if unit is not None:
            per_unit[unit.pk] = per_unit[unit.pk].add(row, year)
    by_list = [rates_of(lst.name, count_rows((r for r in rows if lst.pk in (r.list_ids or [])), year)) for lst in lists]
    return RatesTable(
        region=region,
        year=year,
        month=month,
        snapshot=snapshot,
        list_name=list_name,
        units=[rates_of(u.name, per_unit[u.pk], u) for u in units],
        total=rates_of(_("合计"), count_rows(chosen, year), region),
        by_list=by_list,
    )


def rates_export_rows(table: RatesTable) -> list[list[Any]]:
    """The rates table as rows for Excel: unit, then per rate numerator, denominator, %, and the basis."""
    rows: list[list[Any]] = []
    for group in [*table.units, table.total]:
        line: list[Any] = [group.label]
        for rate in (group.start, group.completion, group.production):
            line += [rate.numerator, rate.denominator, rate.percent]
        rows.append(line)
    return rows
