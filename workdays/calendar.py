"""Working days on the Chinese calendar (domain.md §10: request deadlines are counted in working days).

A day is a working day when it is a Monday–Friday that is not a public holiday, or a weekend day the
State Council declared a makeup workday (调休上班). Which days those are comes per year from two
sources: the `chinese-calendar` library (the years it knows) and the years the city admin entered
as data (the State Council publishes next year's holidays each November, before a library release
knows them); an admin-entered year replaces the library's. A year neither source knows is refused
with `UnknownYearError`: a deadline is never guessed.

`WorkdayCalendar` precomputes, over the contiguous span of years it knows, the running count of
working days, so "n working days after d" and "working days between a and b" are one array lookup
each, for one date or for a whole column of dates (polars), not a day-by-day loop.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import polars as pl

EPOCH = dt.date(1970, 1, 1)


class UnknownYearError(ValueError):
    """A date falls in a year for which neither the library nor the admin's data gives the holidays."""

    def __init__(self, years: Iterable[int]) -> None:
        self.years = sorted(set(years))
        super().__init__("、".join(str(y) for y in self.years))


@dataclass(frozen=True)
class YearDays:
    """One year's exceptions to the Monday–Friday rule: holidays on weekdays and makeup workdays on weekends."""

    year: int
    holidays: frozenset[dt.date] = frozenset()
    makeup_workdays: frozenset[dt.date] = frozenset()
    source: str = "library"  # "library" (chinese-calendar) or "admin" (entered as data)


def library_years() -> dict[int, YearDays]:
    """The years `chinese-calendar` knows, as YearDays (holidays falling on weekends are days off anyway)."""
    from chinese_calendar import constants

    years: dict[int, tuple[set[dt.date], set[dt.date]]] = {}
    for day in constants.holidays:
        years.setdefault(day.year, (set(), set()))[0].add(day)
    for day in constants.workdays:
        years.setdefault(day.year, (set(), set()))[1].add(day)
    # A year is known when the library lists its holidays; a stray makeup day alone does not make it known.
    return {year: YearDays(year, frozenset(h), frozenset(w), "library") for year, (h, w) in years.items() if h}


def _ordinal(day: dt.date) -> int:
    return (day - EPOCH).days


@dataclass
class WorkdayCalendar:
    """The working-day index over the known years; build once per request or job, query many times.

    `_cum[i]` is the number of working days from the first known 1 January to day i inclusive, so
    the n-th working day after day s is the first index whose count reaches `_cum[s] + n` (a binary
    search), and the working days in (a, b] are `_cum[b] - _cum[a]`. `_unknown_cum` counts days of
    unknown years the same way, so a span crossing one is detected in one subtraction.
    """

    years: Mapping[int, YearDays]
    first: int = field(init=False)
    last: int = field(init=False)

    def __post_init__(self) -> None:
        if not self.years:
            raise UnknownYearError([dt.date.today().year])
        self.first, self.last = min(self.years), max(self.years)
        start, end = dt.date(self.first, 1, 1), dt.date(self.last + 1, 1, 1)
        self._offset = _ordinal(start)
        self._size = (end - start).days
        working = [(self._offset + i - 4) % 7 < 5 for i in range(self._size)]  # 1970-01-01 was a Thursday
        known = [False] * self._size
        for year, spec in self.years.items():
            lo, hi = _ordinal(dt.date(year, 1, 1)) - self._offset, _ordinal(dt.date(year + 1, 1, 1)) - self._offset
            known[lo:hi] = [True] * (hi - lo)
            for day in spec.holidays:
                working[_ordinal(day) - self._offset] = False
            for day in spec.makeup_workdays:
                working[_ordinal(day) - self._offset] = True
        cum, unknown, c, u = [], [], 0, 0
        for w, k in zip(working, known, strict=True):
            c += w
            u += not k
            cum.append(c)
            unknown.append(u)
        self._working = working
        self._cum_list, self._unknown_list = cum, unknown
        self._cum = pl.Series("cum", cum, dtype=pl.Int64)
        self._unknown_cum = pl.Series("unknown", unknown, dtype=pl.Int64)

    # --- one date ------------------------------------------------------------------------------------

    def _one(self, day: dt.date) -> int:
        i = _ordinal(day) - self._offset
        if not 0 <= i < self._size:
            raise UnknownYearError([day.year])
        return i

    def _check_span(self, lo: int, hi: int) -> None:
        if self._unknown_list[hi] - (self._unknown_list[lo - 1] if lo else 0):
            years = {
                self._year_of(i)
                for i in range(lo, hi + 1)
                if self._unknown_list[i] - (self._unknown_list[i - 1] if i else 0)
            }
            raise UnknownYearError(years)

    def _year_of(self, i: int) -> int:
        return (EPOCH + dt.timedelta(days=self._offset + i)).year

    def is_workday(self, day: dt.date) -> bool:
        i = self._one(day)
        self._check_span(i, i)
        return self._working[i]

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (the filing day itself does not count; n = 0: `start`)."""
        i = self._one(start)
        if n <= 0:
            self._check_span(i, i)
            return start
        j = bisect_left(self._cum_list, self._cum_list[i] + n)
        if j >= self._size:
            raise UnknownYearError([self.last + 1])
        self._check_span(i, j)
        return EPOCH + dt.timedelta(days=self._offset + j)

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: how many working days it took from `start` to `end` (0 if end ≤ start)."""
        i, j = self._one(start), self._one(end)
        self._check_span(min(i, j), max(i, j))
        return max(self._cum_list[j] - self._cum_list[i], 0)

    # --- whole columns (polars) ----------------------------------------------------------------------

    def _index(self, dates: pl.Series) -> pl.Series:
        idx = dates.cast(pl.Date).cast(pl.Int64) - self._offset
        bad = (idx < 0) | (idx >= self._size)
        if bad.any():
            raise UnknownYearError(dates.filter(bad).dt.year().unique().to_list())
        return idx

    def _check_spans(self, lo: pl.Series, hi: pl.Series) -> None:
        before = self._unknown_cum.gather((lo - 1).clip(0, None)).zip_with(
            lo > 0, pl.Series([0] * len(lo), dtype=pl.Int64)
        )
        gaps = self._unknown_cum.gather(hi) - before
        if (gaps > 0).any():
            first = int(lo.filter(gaps > 0)[0])
            last = int(hi.filter(gaps > 0)[0])
            self._check_span(first, last)  # names the unknown year(s) of the first bad span

    def add_workdays_series(self, starts: pl.Series, n: pl.Series | int) -> pl.Series:
        """`add_workdays` for a column of dates and a column (or one number) of working-day counts."""
        counts = n if isinstance(n, pl.Series) else pl.Series([n] * len(starts))
        counts = counts.cast(pl.Int64)
        idx = self._index(starts)
        found = self._cum.search_sorted(self._cum.gather(idx) + counts, side="left")
        result = idx.zip_with(counts <= 0, found.cast(pl.Int64))
        if (result >= self._size).any():
            raise UnknownYearError([self.last + 1])
        self._check_spans(idx, result)
        return (result + self._offset).cast(pl.Int32).cast(pl.Date).alias("due")

    def workdays_between_series(self, starts: pl.Series, ends: pl.Series) -> pl.Series:
        """`workdays_between` for two columns of dates."""
        lo, hi = self._index(starts), self._index(ends)
        self._check_spans(lo.zip_with(lo <= hi, hi), hi.zip_with(hi >= lo, lo))
        return (self._cum.gather(hi) - self._cum.gather(lo)).clip(0, None).alias("workdays")


def add_workdays_naive(years: Mapping[int, YearDays], start: dt.date, n: int) -> dt.date:
    """The slow reference: step day by day. Used by tests and the benchmark to check the index."""
    day = start
    while n > 0:
        day += dt.timedelta(days=1)
        spec = years.get(day.year)
        if spec is None:
            raise UnknownYearError([day.year])
        working = (day.weekday() < 5 and day not in spec.holidays) or day in spec.makeup_workdays
        n -= working
    return day
