"""Reading the tier libraries: counts per title, unit and year, the pipeline, an enterprise's ladder, and the
小升规 events found in the enterprise register's history (domain.md §9)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from enterprises.choices import SizeClass
from enterprises.models import Enterprise
from regions.choices import COUNTY_LEVEL
from regions.models import Region

from . import calculations
from .choices import COUNTED, EntryStatus, Level
from .models import TierEntry, Title


def county_units(user: Any) -> list[Region]:
    """The county-level units the user's figures are broken down by (their own unit for a unit user)."""
    qs = Region.objects.filter(kind__in=COUNTY_LEVEL)
    if not user.sees_everything:
        qs = qs.filter(pk__in=user.scope_region_ids)
    return list(qs.order_by("path"))


def unit_finder(units: Iterable[Region]) -> Callable[[str], Region | None]:
    """A region path → the county-level unit it lies in (a town's enterprise counts for its county)."""
    by_path = {u.path: u for u in units}
    lengths = sorted({len(p) for p in by_path})
    cache: dict[str, Region | None] = {}

    def find(path: str) -> Region | None:
        if path not in cache:
            cache[path] = next((by_path[path[:n]] for n in lengths if path[:n] in by_path), None)
        return cache[path]

    return find


@dataclass
class Cell:
    """The counts of one title × unit × year: entries by status, recognitions by level."""

    entries: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_level: dict[str, int] = field(default_factory=dict)

    @property
    def recognised(self) -> int:
        return sum(self.by_status.get(s, 0) for s in COUNTED)

    @property
    def conversion(self) -> Decimal | None:
        """Pipeline conversion: recognised ÷ every entry of the library (nominated included), in %."""
        if not self.entries:
            return None
        return (Decimal(100) * self.recognised / self.entries).quantize(Decimal("0.1"))

    def add(self, status: str, level: str, n: int) -> None:
        self.entries += n
        self.by_status[status] = self.by_status.get(status, 0) + n
        if status in COUNTED and level:
            self.by_level[level] = self.by_level.get(level, 0) + n


@dataclass
class CountsTable:
    """Per title, unit and year (and the total of the user's units): what the 统计 page and the API show."""

    titles: list[Title]
    units: list[Region]
    years: list[int]
    cells: dict[tuple[int, int | None, int], Cell]  # (title, unit or None for the total, year)

    def cell(self, title_id: int, unit_id: int | None, year: int) -> Cell:
        return self.cells.get((title_id, unit_id, year), Cell())


def title_counts(user: Any, *, year: int | None = None, title: Title | None = None) -> CountsTable:
    """One GROUP BY over the entries in the user's scope (title, year, status, level, region path), rolled up
    to the county-level units in Python: a handful of rows however many enterprises the registry holds."""
    qs = TierEntry.objects.visible_to(user)
    if year is not None:
        qs = qs.filter(year=year)
    if title is not None:
        qs = qs.filter(title=title)
    grouped = (
        qs.order_by()
        .values_list("title_id", "year", "status", "level", "enterprise__region_id")
        .annotate(n=Count("id"))
    )
    units = county_units(user)
    paths = dict(Region.objects.values_list("pk", "path"))  # a few hundred regions: no join in the GROUP BY
    find_path = unit_finder(units)

    def find(region_id: int) -> Region | None:
        return find_path(paths[region_id])

    cells: dict[tuple[int, int | None, int], Cell] = defaultdict(Cell)
    years: set[int] = set()
    for title_id, y, status, level, region_id, n in grouped:
        unit = find(region_id)
        years.add(y)
        cells[(title_id, None, y)].add(status, level, n)
        if unit is not None:
            cells[(title_id, unit.pk, y)].add(status, level, n)
    titles = [title] if title is not None else list(Title.objects.filter(active=True))
    return CountsTable(titles=titles, units=units, years=sorted(years, reverse=True), cells=dict(cells))


def title_counts_naive(user: Any, *, year: int | None = None) -> dict[tuple[int, int | None, int], int]:
    """The per-row way (benchmark reference): every entry and its enterprise's region fetched, counted in Python."""
    units = county_units(user)
    out: dict[tuple[int, int | None, int], int] = defaultdict(int)
    qs = TierEntry.objects.visible_to(user).select_related("enterprise__region")
    if year is not None:
        qs = qs.filter(year=year)
    for entry in qs:
        if entry.status not in COUNTED:
            continue
        out[(entry.title_id, None, entry.year)] += 1
        unit = next((u for u in units if entry.enterprise.region.path.startswith(u.path)), None)
        if unit is not None:
            out[(entry.title_id, unit.pk, entry.year)] += 1
    return dict(out)


@dataclass(frozen=True)
class LadderYear:
    year: int
    entries: list[TierEntry]
    top: TierEntry | None  # the highest recognised title of the year
    moved_up: bool  # a higher rung than any recognised before


def enterprise_ladder(enterprise: Enterprise, user: Any) -> list[LadderYear]:
    """The enterprise's titles over the years (the panel on its page), newest first, with "moved up" marked."""
    entries = list(
        TierEntry.objects.visible_to(user).filter(enterprise=enterprise).select_related("title").order_by("year")
    )
    by_year: dict[int, list[TierEntry]] = defaultdict(list)
    for entry in entries:
        by_year[entry.year].append(entry)
    out, best = [], -1
    for year in sorted(by_year):
        rows = sorted(by_year[year], key=lambda e: e.title.ladder)
        recognised = [e for e in rows if e.status in COUNTED]
        top = max(recognised, key=lambda e: e.title.ladder) if recognised else None
        moved = top is not None and best >= 0 and top.title.ladder > best
        if top is not None:
            best = max(best, top.title.ladder)
        out.append(LadderYear(year, rows, top, moved))
    return list(reversed(out))


def small_to_above_events(*, year: int, user: Any) -> dict[int, dt.date]:
    """小升规 events of a year from the enterprise register's history: the first record of the year in which an
    enterprise recorded as 规下 becomes 规上 → that date. Enterprises entered directly as 规上 are not events."""
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    history = Enterprise.history.model  # type: ignore[attr-defined]
    candidates = (
        history.objects.filter(history_date__gte=start, history_date__lt=end, size_class=SizeClass.ABOVE)
        .filter(id__in=Enterprise.objects.visible_to(user).values("pk"))
        .values("id")
    )
    events: dict[int, dt.date] = {}
    previous: dict[int, str] = {}
    rows = (
        history.objects.filter(id__in=candidates, history_date__lt=end)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "size_class", "history_date")
    )
    for pk, size, when in rows:
        before = previous.get(pk)
        if before == SizeClass.BELOW and size == SizeClass.ABOVE and when >= start and pk not in events:
            events[pk] = timezone.localtime(when, tz).date()
        previous[pk] = size
    return events


def level_label(level: str) -> str:
    return str(Level(level).label) if level else ""


STATUS_ORDER = list(EntryStatus)


# --- recognitions running out (即将到期) ----------------------------------------------------------------------


def title_validities() -> dict[int, int]:
    """The titles with validity years → those years (a title without never expires)."""
    rows = Title.objects.filter(validity_years__gt=0).values_list("pk", "validity_years")
    return {pk: years for pk, years in rows if years}


def ending_q(first_year: int, last_year: int) -> Q:
    """Recognised entries whose validity ends (`valid_until`) in a year from `first_year` to `last_year`: per title
    with validity years a range of recognition dates (an index range, not an expression per row); titles without
    validity never end (an empty Q matches nothing then)."""
    q = Q(pk__in=[])
    for pk, years in title_validities().items():
        start, stop = calculations.ending_between(first_year, last_year, years)
        q |= Q(title_id=pk, recognised_on__gte=start, recognised_on__lt=stop)
    return Q(status=EntryStatus.RECOGNISED) & q


@dataclass
class EndingTable:
    """即将到期: per title and county-level unit, how many recognitions end in each of `years` (a unit prepares the
    re-recognition of its enterprises); unit None is the total of the user's units."""

    years: list[int]
    titles: list[Title]
    units: list[Region]
    counts: dict[tuple[int, int | None, int], int]  # (title, unit or None, valid_until) → recognitions

    def rows(self) -> list[tuple[Title, Region | None, list[int]]]:
        """(title, unit or None for the total, a count per year), titles and units that have any."""
        out = []
        for title in self.titles:
            for unit in (None, *self.units):
                row = [self.counts.get((title.pk, unit.pk if unit else None, y), 0) for y in self.years]
                if any(row):
                    out.append((title, unit, row))
        return out


def ending_counts(user: Any, *, today: dt.date, years: int = 2) -> EndingTable:
    """The recognitions in the user's scope ending this year or the next `years − 1`: one GROUP BY (title, year of
    recognition, region) over the date ranges of `ending_q`, rolled up to the county-level units in Python."""
    span = [today.year + i for i in range(years)]
    grouped = (
        TierEntry.objects.visible_to(user)
        .filter(ending_q(span[0], span[-1]))
        .order_by()
        .values_list("title_id", ExtractYear("recognised_on"), "enterprise__region_id")
        .annotate(n=Count("id"))
    )
    validity = title_validities()
    titles = list(Title.objects.filter(pk__in=list(validity)))
    units = county_units(user)
    paths = dict(Region.objects.values_list("pk", "path"))
    find = unit_finder(units)
    counts: dict[tuple[int, int | None, int], int] = defaultdict(int)
    for title_id, recognised_year, region_id, n in grouped:
        until = recognised_year + validity[title_id] - 1
        counts[(title_id, None, until)] += n
        unit = find(paths[region_id])
        if unit is not None:
            counts[(title_id, unit.pk, until)] += n
    return EndingTable(years=span, titles=titles, units=units, counts=dict(counts))
