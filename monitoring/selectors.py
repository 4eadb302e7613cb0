"""Reading monitoring data: a plan × month gathered in a constant number of queries, then computed.

The selector fetches, whatever the number of units and indicators: the plan's indicators, its
targets for the year, its warning thresholds, and one `values_list` of report values (the month,
the month before for the change of rank, and the same month and December of the two earlier
years for the two-year average and the seasonal profile of the forecast). Earlier years' values
are found through the indicator's `series` (the same indicator in another year's plan). The
matrix is computed over columns by `frame.py` (Polars), by the rules of the pure functions in
`calculations.py`, which stay the reference and compute the drill-down and the charts (measured
in benchmarks/bench_monitoring.py: 350 ms per cell in Python, well under 200 ms over columns).

Which reports count: those the city accepted or that are locked (published). With
`provisional=True` submitted and unit-approved reports count too, and their cells are marked
provisional. Drafts and returned reports never count.

Scope: a user sees the units of their own subtree only. The city row (aggregates by kind) and
the rankings, which are built from every unit's figures, are shown only to users whose scope
holds the plan's whole region (`Matrix.complete`).
"""

from __future__ import annotations

import decimal
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from regions.models import Region
from regions.selectors import region_in_scope
from reporting.choices import ReportStatus
from reporting.models import MonthlyReport, ReportValue
from reporting.validation import NIL
from targets.choices import Direction, PeriodKind, RelativeKind, TargetStatus
from targets.models import Indicator, Plan, Target

from . import frame
from .calculations import (
    DEFAULT_THRESHOLDS,
    PROFILE_YEARS,
    Cell,
    Evaluation,
    Figures,
    OverallRow,
    Thresholds,
    ValueMap,
    evaluate,
    evaluate_cell,
    overall_ranking,
    series_of,
    share_scale,
)
from .models import WarningThreshold

FINAL_STATUSES = (ReportStatus.ACCEPTED, ReportStatus.LOCKED)
PROVISIONAL_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
REPORT_MONTHS = tuple(range(2, 13))


@dataclass
class Column:
    """An indicator of the matrix with the thresholds that colour it."""

    indicator: Indicator
    thresholds: Thresholds
    threshold_source: str  # "indicator", "plan" or "default"

    @property
    def higher_is_better(self) -> bool:
        return self.indicator.direction != Direction.LOWER


@dataclass
class Matrix:
    plan: Plan
    year: int
    month: int
    provisional: bool
    complete: bool  # the user sees every unit: city row and rankings are shown
    columns: list[Column] = field(default_factory=list)
    units: list[Region] = field(default_factory=list)
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)  # (region id, indicator id)
    city: dict[int, Cell] = field(default_factory=dict)  # indicator id → the city's cell
    overall: list[OverallRow] = field(default_factory=list)
    missing_units: list[Region] = field(default_factory=list)  # reported nothing this month (未报)

    @property
    def incomplete(self) -> bool:
        return bool(self.missing_units) or any(c.incomplete for c in self.city.values())

    def cell(self, region: Region, column: Column) -> Cell | None:
        return self.cells.get((region.pk, column.indicator.pk))

    def rows(self) -> list[tuple[Region, list[Cell | None]]]:
        return [(unit, [self.cell(unit, c) for c in self.columns]) for unit in self.units]

    def city_row(self) -> list[Cell | None]:
        return [self.city.get(c.indicator.pk) for c in self.columns]

    def ranking(self, column: Column) -> list[tuple[Region, Cell]]:
        """Units by their rank for one indicator (unranked last)."""
        ranked = [(u, c) for u in self.units if (c := self.cell(u, column)) is not None and c.rank is not None]
        return sorted(ranked, key=lambda uc: (uc[1].rank, uc[0].code))


def _statuses(provisional: bool) -> tuple[str, ...]:
    return FINAL_STATUSES + PROVISIONAL_STATUSES if provisional else FINAL_STATUSES


def plan_indicators(plan: Plan) -> list[Indicator]:
    return list(Indicator.objects.filter(plan=plan).order_by("order", "pk"))


def plan_years(plan: Plan) -> list[int]:
    return list(range(plan.year_start, plan.year_end + 1))


def thresholds_for(plan: Plan, indicators: Iterable[Indicator]) -> dict[int, tuple[Thresholds, str]]:
    """Each indicator's thresholds: its own, else the plan's, else the domain default (one query)."""
    rows = list(WarningThreshold.objects.filter(plan=plan))
    plan_row = next((r for r in rows if r.indicator_id is None), None)
    own = {r.indicator_id: r for r in rows if r.indicator_id is not None}
    result: dict[int, tuple[Thresholds, str]] = {}
    for indicator in indicators:
        if indicator.pk in own:
            result[indicator.pk] = (own[indicator.pk].thresholds, "indicator")
        elif plan_row is not None:
            result[indicator.pk] = (plan_row.thresholds, "plan")
        else:
            result[indicator.pk] = (DEFAULT_THRESHOLDS, "default")
    return result


_FLOAT_TO_DECIMAL = decimal.Context(prec=15).create_decimal_from_float  # SQLite keeps 15 significant digits


def _decimal(value: Any) -> Decimal | None:
    """A database number as an exact Decimal: PostgreSQL returns Decimals; SQLite integers or floats."""
    kind = type(value)
    if kind is float:
        return _FLOAT_TO_DECIMAL(value)
    if kind is int:
        return Decimal(value)
    return value


def _plain_rows(queryset: QuerySet[Any], decimals: Sequence[int]) -> list[tuple[Any, ...]]:
    """The rows of a `values_list` queryset as plain tuples, without Django's per-value converters.

    Measured (benchmarks/bench_monitoring.py): on 24,000 rows the converters cost more than the query;
    here only the decimal columns are converted, by one function.
    """
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not decimals:
        return rows
    converted = []
    for row in rows:
        items = list(row)
        for i in decimals:
            items[i] = _decimal(items[i])
        converted.append(tuple(items))
    return converted


# (region id, indicator id) → (RelativeKind value, offset in percentage points)
RelativeMap = dict[tuple[int, int], tuple[str, Decimal]]


def year_targets(plan: Plan, year: int, *, user: Any) -> tuple[dict[tuple[int, int], Decimal | None], list[Region]]:
    """The numeric targets of the year, (region id, indicator id) → value, and the units that have targets.

    A flow's or growth rate's target is the year's; a stock's is the year-end one. Relative and text
    targets have no number to divide by (None). Two queries; the scope decides which units appear.
    """
    values, _relative, regions = year_targets_with_relative(plan, year, user=user)
    return values, regions


def year_targets_with_relative(
    plan: Plan, year: int, *, user: Any
) -> tuple[dict[tuple[int, int], Decimal | None], RelativeMap, list[Region]]:
    """`year_targets`, and the relative targets (比上年提升, 高于面上1个百分点) with their kind and offset."""
    targets = (
        Target.objects.visible_to(user)
        .filter(indicator__plan=plan)
        .filter(Q(period_kind=PeriodKind.YEAR, year_start=year) | Q(period_kind=PeriodKind.YEAR_END, year_end=year))
        .order_by()
        .values_list(
            "region_id",
            "indicator_id",
            "status",
            Cast("value", CharField()),
            "relative_kind",
            Cast("relative_offset", CharField()),
        )
    )
    # The value crosses as text: Decimal(text) is exact on PostgreSQL and many times faster than
    # converting SQLite's floats (which keep 15 significant digits either way).
    values: dict[tuple[int, int], Decimal | None] = {}
    relative: RelativeMap = {}
    number, related = TargetStatus.NUMBER, TargetStatus.RELATIVE
    for region_id, indicator_id, status, value, kind, offset in _plain_rows(targets, decimals=()):
        values[(region_id, indicator_id)] = Decimal(value) if status == number and value is not None else None
        if status == related and kind:
            relative[(region_id, indicator_id)] = (kind, Decimal(offset) if offset is not None else Decimal(0))
    region_ids = {region_id for region_id, _indicator in values}
    return values, relative, list(Region.objects.filter(pk__in=region_ids))


def report_values(
    *,
    indicators: list[Indicator],
    region_ids: Iterable[int],
    periods: Q,
    provisional: bool,
) -> ValueMap:
    """Report values of the units for the indicators' series: three flat queries of plain tuples.

    `periods` filters MonthlyReport (year, month). Earlier years' values belong to other plans'
    indicators of the same series; the plan's own indicator wins where both exist.
    """
    keys = {series_of(i) for i in indicators}
    own_ids = {i.pk for i in indicators}
    series = [k for k in keys if not k.startswith("#")]
    key_of = {i.pk: series_of(i) for i in indicators}
    if series:
        for pk, series_key in Indicator.objects.filter(series__in=series).order_by().values_list("pk", "series"):
            key_of.setdefault(pk, series_key)
    reports = {
        pk: (region_id, year, month, status in PROVISIONAL_STATUSES)
        for pk, region_id, year, month, status in MonthlyReport.objects.filter(
            region_id__in=list(region_ids), status__in=_statuses(provisional)
        )
        .filter(periods)
        .order_by()
        .values_list("pk", "region_id", "year", "month", "status")
    }
    if not reports:
        return {}
    rows = _plain_rows(
        ReportValue.objects.filter(report_id__in=list(reports), indicator_id__in=list(key_of))
        .order_by()
        .values_list("report_id", "indicator_id", "value", "base_value", "numerator", "denominator"),
        decimals=(),
    )
    found: ValueMap = {}
    native = connections[ReportValue.objects.db].vendor == "postgresql"  # psycopg already returns Decimals
    dec = _decimal
    for report_id, indicator_id, value, base, num, den in rows:
        region_id, year, month, provisional_row = reports[report_id]
        slot = (region_id, key_of[indicator_id], year, month)
        if slot in found and indicator_id not in own_ids:
            continue
        figures = Figures(value, base, num, den) if native else Figures(dec(value), dec(base), dec(num), dec(den))
        found[slot] = (figures, provisional_row)
    return found


NilMarks = dict[tuple[int, int], str]  # (region id, indicator id) → the note of a figure marked 无


def nil_marks(
    *, indicators: list[Indicator], region_ids: Iterable[int], year: int, month: int, provisional: bool
) -> NilMarks:
    """The month's figures the units marked 无 (none this month, with a note; issue #12), one query.

    Such a figure is reported (the unit said so), yet it has no number: it is shown as 无, never as 0,
    never as 未报, is not ranked and is not in the city's sum (which then covers fewer units).
    """
    rows = (
        ReportValue.objects.filter(
            report__region_id__in=list(region_ids),
            report__year=year,
            report__month=month,
            report__status__in=_statuses(provisional),
            indicator__in=indicators,
            text=NIL,
            value__isnull=True,
        )
        .order_by()
        .values_list("report__region_id", "indicator_id", "note")
    )
    return {(region_id, indicator_id): note for region_id, indicator_id, note in rows}


def apply_nil(matrix: Matrix, marks: NilMarks) -> None:
    """Put the 无 marks on the matrix's cells (issue #12): such a cell has no figure, no rank and no colour, and the
    city's sum does not count its unit as covered (so a city figure short of a unit is not judged). The unit did
    report, so it is not 未报."""
    for (region_id, indicator_id), note in marks.items():
        cell = matrix.cells.get((region_id, indicator_id))
        if cell is None:
            cell = matrix.cells[(region_id, indicator_id)] = Cell(evaluation=Evaluation())
        if cell.evaluation.value is not None:
            continue  # a figure after all (a computed one): it stands
        counted = cell.reported
        cell.nil, cell.nil_note, cell.reported, cell.rank, cell.rank_change = True, note, False, None, None
        city = matrix.city.get(indicator_id)
        if counted and city is not None and city.covered:
            city.covered -= 1
            if city.of is not None and city.covered < city.of:
                city.evaluation = Evaluation(value=city.evaluation.value, target=city.evaluation.target)
    marked = {region_id for region_id, _indicator in marks}
    matrix.missing_units = [u for u in matrix.missing_units if u.pk not in marked]


def _month_periods(year: int, month: int) -> Q:
    """The month, the month before (change of rank), and the same month and December of earlier years."""
    current = [m for m in (month, month - 1) if m >= 2]
    return Q(year=year, month__in=current) | Q(
        year__in=list(range(year - PROFILE_YEARS, year)), month__in=sorted({month, 12})
    )


def monitoring_matrix(
    *,
    plan: Plan,
    year: int,
    month: int,
    user: Any,
    provisional: bool = False,
    overlay: Callable[[list[Indicator], ValueMap], None] | None = None,
    marks: NilMarks | None = None,
) -> Matrix:
    """The unit × indicator matrix of a plan for one month, with ranks, changes of rank and the city row.

    Eight queries whatever the size of the plan: indicators, thresholds, targets (with their units),
    the series' indicators, report values, the figures marked 无, and the user's scope (cached on the user). The cells are
    computed over columns (`frame.py`, Polars) by the rules of `calculations.evaluate`. `overlay` may
    replace report values before anything is computed (the bulletins put the published months'
    snapshots in place); it receives the values as a ValueMap. `marks` replaces the figures marked 无 read from
    the reports (the bulletins give a published month's, from its snapshot).
    """
    indicators = plan_indicators(plan)
    thresholds = thresholds_for(plan, indicators)
    targets, relative, regions = year_targets_with_relative(plan, year, user=user)
    complete = region_in_scope(user, plan.scope_region_id)
    units = sorted(
        (r for r in regions if r.pk != plan.scope_region_id),
        key=lambda r: (not r.code.isdigit(), r.code),
    )
    matrix = Matrix(plan=plan, year=year, month=month, provisional=provisional, complete=complete, units=units)
    matrix.columns = [Column(i, *thresholds[i.pk]) for i in indicators]
    unit_ids = [u.pk for u in units]
    periods = _month_periods(year, month)
    if overlay is not None:
        values = report_values(indicators=indicators, region_ids=unit_ids, periods=periods, provisional=provisional)
        overlay(indicators, values)
        table = frame.frame_from_values(values)
    else:
        table = frame.values_frame(
            indicators=indicators,
            key_of=series_keys(indicators),
            region_ids=unit_ids,
            periods=periods,
            statuses=_statuses(provisional),
            provisional_statuses=PROVISIONAL_STATUSES,
        )
    kinds = {series_of(i): i.kind for i in indicators}
    scales = {series_of(i): float(share_scale(i)) for i in indicators}
    if complete:
        table = frame.with_city(table, kinds=kinds, scales=scales, unit_ids=unit_ids, city_id=plan.scope_region_id)
    elif any(kind == RelativeKind.ABOVE_CITY for kind, _offset in relative.values()):
        table = _with_city_reference(
            table, plan=plan, year=year, month=month, provisional=provisional, indicators=indicators
        )
    cells = frame.evaluate_frame(
        values=table,
        indicators=indicators,
        key_of_indicator={i.pk: series_of(i) for i in indicators},
        scales={i.pk: float(share_scale(i)) for i in indicators},
        thresholds={i.pk: thresholds[i.pk][0] for i in indicators},
        targets=targets,
        relative=relative,
        city_id=plan.scope_region_id,
        region_ids=[*unit_ids, plan.scope_region_id] if complete else unit_ids,
        year=year,
        month=month,
        profile_years=PROFILE_YEARS,
        with_previous=complete and month > 2,
    )
    for region_id, indicator_id, evaluation, reported, provisional_cell in frame.evaluations(cells, targets):
        cell = Cell(evaluation=evaluation, provisional=provisional_cell, reported=reported)
        if region_id == plan.scope_region_id and complete:
            matrix.city[indicator_id] = cell
        else:
            matrix.cells[(region_id, indicator_id)] = cell
    if complete:
        now = frame.ranks(cells, unit_ids=unit_ids, column="measure")
        before = frame.ranks(cells, unit_ids=unit_ids, column="measure_before") if month > 2 else None
        previous: dict[tuple[int, int], int] = {}
        overall_before: dict[int, list[int]] = defaultdict(list)
        if before is not None:
            for region_id, indicator_id, place in before.iter_rows():
                previous[(region_id, indicator_id)] = place
                overall_before[region_id].append(place)
        overall_now: dict[int, list[int]] = defaultdict(list)
        for region_id, indicator_id, place in now.iter_rows():
            cell = matrix.cells[(region_id, indicator_id)]
            cell.rank = place
            earlier = previous.get((region_id, indicator_id))
            cell.rank_change = None if earlier is None else earlier - place
            overall_now[region_id].append(place)
        # The overall places in the order of the columns, as the per-indicator loop gave them before.
        matrix.overall = overall_ranking(units, overall_now, overall_before)
        frame.apply_coverage(matrix, cells, unit_ids=unit_ids)
    if marks is None:
        marks = nil_marks(indicators=indicators, region_ids=unit_ids, year=year, month=month, provisional=provisional)
    apply_nil(matrix, marks)
    return matrix


def _with_city_reference(
    table: Any, *, plan: Plan, year: int, month: int, provisional: bool, indicators: list[Indicator]
) -> Any:
    """The city's figures of the month added for a unit user whose target is 高于面上 (the city's value + pp).

    Only the aggregate is added, never another unit's figures; it is what the city publishes.
    """
    unit_ids = list(
        Target.objects.filter(indicator__plan=plan)
        .exclude(region_id=plan.scope_region_id)
        .order_by()
        .values_list("region_id", flat=True)
        .distinct()
    )
    everyone = frame.values_frame(
        indicators=indicators,
        key_of=series_keys(indicators),
        region_ids=unit_ids,
        periods=Q(year=year, month=month),
        statuses=_statuses(provisional),
        provisional_statuses=PROVISIONAL_STATUSES,
    )
    city = frame.with_city(
        everyone,
        kinds={series_of(i): i.kind for i in indicators},
        scales={series_of(i): float(share_scale(i)) for i in indicators},
        unit_ids=unit_ids,
        city_id=plan.scope_region_id,
    ).filter(frame.pl.col("region_id") == plan.scope_region_id)
    return frame.pl.concat([table, city])


def series_keys(indicators: list[Indicator]) -> dict[int, str]:
    """indicator id → series key, for the plan's indicators and the other plans' indicators of the same series."""
    key_of = {i.pk: series_of(i) for i in indicators}
    series = [k for k in set(key_of.values()) if not k.startswith("#")]
    if series:
        for pk, series_key in Indicator.objects.filter(series__in=series).order_by().values_list("pk", "series"):
            key_of.setdefault(pk, series_key)
    return key_of


# --- charts and drill-down --------------------------------------------------------------------------


@dataclass
class SeriesPoint:
    month: int
    schedule: Decimal | None
    completion: Decimal | None
    deviation: Decimal | None


def completion_series(
    *,
    plan: Plan,
    indicator: Indicator,
    year: int,
    month: int,
    user: Any,
    units: list[Region],
    provisional: bool = False,
) -> dict[int, list[SeriesPoint]]:
    """Completion against 序时 month by month (2..month) per unit, for one indicator (two queries)."""
    targets, _regions = year_targets(plan, year, user=user)
    values = report_values(
        indicators=[indicator],
        region_ids=[u.pk for u in units],
        periods=Q(year=year, month__lte=month),
        provisional=provisional,
    )
    key = series_of(indicator)
    result: dict[int, list[SeriesPoint]] = {}
    for unit in units:
        points = []
        for m in range(2, month + 1):
            entry = values.get((unit.pk, key, year, m))
            ev = evaluate(
                kind=indicator.kind,
                figures=entry[0] if entry else None,
                target=targets.get((unit.pk, indicator.pk)),
                month=m,
                higher_is_better=indicator.direction != Direction.LOWER,
                share_scale=share_scale(indicator),
            )
            points.append(SeriesPoint(m, ev.schedule, ev.completion, ev.deviation))
        result[unit.pk] = points
    return result


@dataclass
class History:
    """One unit's months of a year: per indicator, a cell per report month (drill-down)."""

    plan: Plan
    region: Region
    year: int
    columns: list[Column]
    months: list[int]
    cells: dict[tuple[int, int], Cell]  # (indicator id, month)

    def rows(self) -> list[tuple[Column, list[Cell]]]:
        return [(c, [self.cells[(c.indicator.pk, m)] for m in self.months]) for c in self.columns]


def unit_history(*, plan: Plan, region: Region, year: int, user: Any, provisional: bool = False) -> History:
    """Every month and indicator of one unit (the caller has checked the unit is in the user's scope)."""
    indicators = plan_indicators(plan)
    thresholds = thresholds_for(plan, indicators)
    targets, _regions = year_targets(plan, year, user=user)
    values = report_values(
        indicators=indicators,
        region_ids=[region.pk],
        periods=Q(year__gte=year - PROFILE_YEARS, year__lte=year),
        provisional=provisional,
    )
    columns = [Column(i, *thresholds[i.pk]) for i in indicators]
    cells = {
        (c.indicator.pk, m): evaluate_cell(
            indicator=c.indicator,
            thresholds=c.thresholds,
            values=values,
            region_id=region.pk,
            year=year,
            month=m,
            target=targets.get((region.pk, c.indicator.pk)),
        )
        for c in columns
        for m in REPORT_MONTHS
    }
    return History(plan=plan, region=region, year=year, columns=columns, months=list(REPORT_MONTHS), cells=cells)
