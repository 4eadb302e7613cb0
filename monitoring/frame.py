"""The monitoring matrix computed over columns (Polars): the same rules as `calculations.evaluate`, vectorised.

A province-sized plan is 100 units × 40 indicators, with the month, the month before and two
earlier years: 24,000 report values. Turning each into a Decimal and judging 4,000 cells one
Python call at a time cost ≈ 350 ms; here the database returns the numbers as floats, Polars
computes every cell's completion, 序时 deviation, growth, two-year average, forecast, colour and
rank at once, and the results come back as Decimals rounded to `PLACES` decimal places
(docs/decisions.md, "Polars for bulk calculations"; measured in benchmarks/bench_monitoring.py).

Precision: inputs have at most 6 decimals (ReportValue) and realistic magnitudes (< 10⁹ 万元),
well inside a float's 15–16 significant digits, so sums and quotients rounded to 9 places are
the exact Decimal results to 9 places; colours and ranks are decided on the rounded values, as
the Decimal rules decide them on exact ones. `calculations.evaluate` stays the reference: the
tests compare both on the published cases and on random plans (monitoring/tests/test_frame.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import polars as pl
from django.db.models import Q

from core.frames import read_queryset
from reporting.models import MonthlyReport, ReportValue
from targets.choices import Direction
from targets.models import Indicator

from .calculations import ADDITIVE, Evaluation, Thresholds

PLACES = 9
FLOWS = ("flow_amount", "flow_count")
NUMBERS = ("value", "base", "num", "den")

VALUE_SCHEMA: dict[str, Any] = {
    "region_id": pl.Int64,
    "key": pl.String,
    "year": pl.Int64,
    "month": pl.Int64,
    "value": pl.Float64,
    "base": pl.Float64,
    "num": pl.Float64,
    "den": pl.Float64,
    "provisional": pl.Boolean,
}


def values_frame(
    *,
    indicators: list[Indicator],
    key_of: dict[int, str],
    region_ids: Iterable[int],
    periods: Q,
    statuses: Sequence[str],
    provisional_statuses: Sequence[str],
) -> pl.DataFrame:
    """Report values of the units for the indicators' series, one row per (unit, series, year, month).

    Two queries; the numbers arrive as floats, so no Python Decimal is built per value.
    Earlier years' values belong to other plans' indicators of the same series; the plan's own
    indicator wins where both exist (as in `selectors.report_values`).
    """
    reports = list(
        MonthlyReport.objects.filter(region_id__in=list(region_ids), status__in=list(statuses))
        .filter(periods)
        .order_by()
        .values_list("pk", "region_id", "year", "month", "status")
    )
    report_rows = pl.DataFrame(
        reports,
        schema={
            "report_id": pl.Int64,
            "region_id": pl.Int64,
            "year": pl.Int64,
            "month": pl.Int64,
            "status": pl.String,
        },
        orient="row",
    )
    # Two flat queries (reports, then all their values) are faster than one join on SQLite, and
    # selecting by report alone (600 range scans) faster than by report × indicator (72,000 probes);
    # other plans' values of the same reports are dropped below. The numbers never become Python
    # Decimals (`core.frames.read_queryset`).
    numbers = ("value", "base_value", "numerator", "denominator")
    columns = {
        "report_id": pl.Int64,
        "indicator_id": pl.Int64,
        "value": pl.Float64,
        "base": pl.Float64,
        "num": pl.Float64,
        "den": pl.Float64,
    }
    queryset = (
        ReportValue.objects.filter(report_id__in=[r[0] for r in reports])
        .order_by()
        .values_list("report_id", "indicator_id", *numbers)
    )
    raw = pl.DataFrame(schema=columns)
    if reports:
        raw = read_queryset(queryset, columns)
    raw = raw.join(report_rows, on="report_id", how="inner")
    own = {i.pk for i in indicators}
    return (
        raw.with_columns(
            pl.col("indicator_id").replace_strict(key_of, default=None, return_dtype=pl.String).alias("key"),
            pl.col("indicator_id").is_in(list(own)).alias("own"),
            pl.col("status").is_in(list(provisional_statuses)).alias("provisional"),
        )
        .filter(pl.col("key").is_not_null())
        .sort("own", descending=True)
        .unique(subset=["region_id", "key", "year", "month"], keep="first")
        .select(list(VALUE_SCHEMA))
    )


def frame_from_values(values: dict[tuple[int, str, int, int], tuple[Any, bool]]) -> pl.DataFrame:
    """A ValueMap (selectors.report_values, possibly overlaid with published snapshots) as a values frame."""

    def number(value: Decimal | None) -> float | None:
        return None if value is None else float(value)

    rows = [
        (region_id, key, year, month, *(number(v) for v in figures), provisional)
        for (region_id, key, year, month), (figures, provisional) in values.items()
    ]
    return pl.DataFrame(rows, schema=VALUE_SCHEMA, orient="row")


def with_city(
    values: pl.DataFrame, *, kinds: dict[str, str], scales: dict[str, float], unit_ids: list[int], city_id: int
) -> pl.DataFrame:
    """Add the city's rows per series and period, aggregated from its units by kind (`calculations.aggregate`).

    Flows, stocks and growth rates sum amounts and bases; shares sum numerators and denominators
    and recompute the share; nothing is averaged. Qualitative indicators get an empty row.
    """
    units = values.filter(pl.col("region_id").is_in(unit_ids)).with_columns(
        pl.col("key").replace_strict(kinds, return_dtype=pl.String).alias("kind"),
        pl.col("key").replace_strict(scales, return_dtype=pl.Float64).alias("scale"),
    )
    pair = pl.col("num").is_not_null() & pl.col("den").is_not_null()

    def total(column: str, mask: pl.Expr | None = None) -> pl.Expr:
        expr = pl.col(column) if mask is None else pl.col(column).filter(mask)
        return pl.when(expr.count() > 0).then(expr.sum()).otherwise(None)

    summed = units.group_by("key", "year", "month").agg(
        pl.col("kind").first(),
        pl.col("scale").first(),
        total("value").alias("sum_value"),
        total("base").alias("sum_base"),
        total("num", pair).alias("sum_num"),
        total("den", pair).alias("sum_den"),
        pl.col("provisional").any().alias("provisional"),
    )
    additive = pl.col("kind").is_in([*ADDITIVE, "growth_rate"])
    share = pl.col("kind") == "share"
    city = summed.select(
        pl.lit(city_id, dtype=pl.Int64).alias("region_id"),
        "key",
        "year",
        "month",
        pl.when(additive)
        .then(pl.col("sum_value"))
        .when(share & (pl.col("sum_den") != 0))
        .then(pl.col("sum_num") / pl.col("sum_den") * pl.col("scale"))
        .otherwise(None)
        .alias("value"),
        pl.when(additive).then(pl.col("sum_base")).otherwise(None).alias("base"),
        pl.when(share).then(pl.col("sum_num")).otherwise(None).alias("num"),
        pl.when(share).then(pl.col("sum_den")).otherwise(None).alias("den"),
        "provisional",
    )
    return pl.concat([values, city])


def _ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.when(numerator.is_not_null() & denominator.is_not_null() & (denominator != 0)).then(
        numerator / denominator
    )


def _at(values: pl.LazyFrame, year: int, month: int, columns: dict[str, str]) -> pl.LazyFrame:
    """The rows of one period, keyed by (region_id, key), with columns renamed."""
    return values.filter((pl.col("year") == year) & (pl.col("month") == month)).select(
        "region_id", "key", *(pl.col(c).alias(alias) for c, alias in columns.items())
    )


def evaluate_frame(
    *,
    values: pl.DataFrame,
    indicators: list[Indicator],
    key_of_indicator: dict[int, str],
    scales: dict[int, float],
    thresholds: dict[int, Thresholds],
    targets: dict[tuple[int, int], Decimal | None],
    region_ids: list[int],
    year: int,
    month: int,
    profile_years: int,
    with_previous: bool,
    relative: dict[tuple[int, int], tuple[str, Decimal]] | None = None,
    city_id: int | None = None,
) -> pl.DataFrame:
    """Every (region, indicator) cell judged by its kind: the columns of `calculations.Evaluation`.

    Also `reported`, `provisional` and, with `with_previous`, `measure_before` (last month's ranking
    measure, for the change of rank). Floats, rounded to PLACES.

    Relative targets (domain.md §3) become numbers here, as `resolved_target`: 比上年提升 is last
    year's same-period share or growth rate (+ the offset), 高于面上 the city's (`city_id` rows of
    `values`) + the offset in percentage points. Shares and growth rates are then judged against
    that number as against a typed one; for an amount (flows, stocks), "above last year" means its
    growth against 0 + offset, "above the city" its growth against the city's growth + offset.
    """
    indicator_rows = pl.DataFrame(
        [
            (
                i.pk,
                key_of_indicator[i.pk],
                i.kind,
                i.direction != Direction.LOWER,
                scales[i.pk],
                float(thresholds[i.pk].yellow_pp),
                float(thresholds[i.pk].red_pp),
                thresholds[i.pk].red_on_negative_growth,
            )
            for i in indicators
        ],
        schema={
            "indicator_id": pl.Int64,
            "key": pl.String,
            "kind": pl.String,
            "hib": pl.Boolean,
            "scale": pl.Float64,
            "yellow": pl.Float64,
            "red": pl.Float64,
            "neg": pl.Boolean,
        },
        orient="row",
    )
    relative = relative or {}
    rows = []
    for (region_id, indicator_id), target in targets.items():
        rel_kind, offset = relative.get((region_id, indicator_id), (None, None))
        rows.append(
            (
                region_id,
                indicator_id,
                None if target is None else float(target),
                rel_kind,
                None if offset is None else float(offset),
            )
        )
    target_rows = pl.DataFrame(
        rows,
        schema={
            "region_id": pl.Int64,
            "indicator_id": pl.Int64,
            "target": pl.Float64,
            "rel_kind": pl.String,
            "rel_offset": pl.Float64,
        },
        orient="row",
    )
    lazy_values = values.lazy()
    cells = (
        pl.LazyFrame({"region_id": region_ids}, schema={"region_id": pl.Int64})
        .join(indicator_rows.lazy(), how="cross")
        .join(target_rows.lazy(), on=["region_id", "indicator_id"], how="left")
        .join(
            _at(lazy_values, year, month, {c: c for c in (*NUMBERS, "provisional")}),
            on=["region_id", "key"],
            how="left",
        )
        .join(_at(lazy_values, year - 2, month, {"value": "earlier"}), on=["region_id", "key"], how="left")
    )
    for n, y in enumerate(range(year - profile_years, year)):
        cells = cells.join(
            _at(lazy_values, y, month, {"value": f"profile_month_{n}"}), on=["region_id", "key"], how="left"
        ).join(_at(lazy_values, y, 12, {"value": f"profile_end_{n}"}), on=["region_id", "key"], how="left")
    if with_previous:
        cells = cells.join(
            _at(
                lazy_values,
                year,
                month - 1,
                {"value": "prev_value", "base": "prev_base", "num": "prev_num", "den": "prev_den"},
            ),
            on=["region_id", "key"],
            how="left",
        )
    reported = pl.col("provisional").is_not_null()  # a row existed for the period
    cells = cells.with_columns(reported.alias("reported"), pl.col("provisional").fill_null(False))

    kind = pl.col("kind")
    if relative:
        last_year = {"value": "ly_value", "base": "ly_base", "num": "ly_num", "den": "ly_den"}
        city_now = {"value": "c_value", "base": "c_base", "num": "c_num", "den": "c_den"}
        cells = cells.join(_at(lazy_values, year - 1, month, last_year), on=["region_id", "key"], how="left").join(
            _at(lazy_values.filter(pl.col("region_id") == city_id), year, month, city_now).drop("region_id"),
            on="key",
            how="left",
        )

        def share_of(prefix: str) -> pl.Expr:
            ratio = _ratio(pl.col(f"{prefix}_num"), pl.col(f"{prefix}_den")) * pl.col("scale")
            return pl.coalesce(ratio, pl.col(f"{prefix}_value"))

        def growth_of(prefix: str) -> pl.Expr:
            return (_ratio(pl.col(f"{prefix}_value"), pl.col(f"{prefix}_base")) - 1) * 100

        reference = (
            pl.when(pl.col("rel_kind") == "above_city")
            .then(pl.when(kind == "share").then(share_of("c")).otherwise(growth_of("c")))
            .when(pl.col("rel_kind") == "above_last_year")
            .then(
                pl.when(kind == "share")
                .then(share_of("ly"))
                .when(kind == "growth_rate")
                .then(growth_of("ly"))
                .otherwise(pl.lit(0.0))
            )
        )
        cells = cells.with_columns((reference + pl.col("rel_offset").fill_null(0.0)).round(PLACES).alias("resolved"))
        cells = cells.with_columns(
            pl.when(kind.is_in(["share", "growth_rate"]) & pl.col("resolved").is_not_null())
            .then(pl.col("resolved"))
            .otherwise(pl.col("target"))
            .alias("target")
        )
    else:
        cells = cells.with_columns(pl.lit(None, dtype=pl.Float64).alias("resolved"))
    v, t = pl.col("value"), pl.col("target")
    amount_relative = kind.is_in([*FLOWS, "stock"]) & pl.col("resolved").is_not_null()
    sign = pl.when(pl.col("hib")).then(1.0).otherwise(-1.0)
    flow = kind.is_in(FLOWS)
    judged = pl.col("reported") & (kind != "qualitative")
    completion = _ratio(v, t) * 100
    growth = (_ratio(v, pl.col("base")) - 1) * 100
    share_value = pl.coalesce(_ratio(pl.col("num"), pl.col("den")) * pl.col("scale"), v)
    schedule = pl.lit(month / 12 * 100)
    two_year = pl.when(_ratio(v, pl.col("earlier")) >= 0).then((_ratio(v, pl.col("earlier")).sqrt() - 1) * 100)

    shares = [_ratio(pl.col(f"profile_month_{n}"), pl.col(f"profile_end_{n}")) for n in range(profile_years)]
    valid = [pl.when(s > 0).then(s) for s in shares]
    count = pl.sum_horizontal([s.is_not_null().cast(pl.Int64) for s in valid]) if valid else pl.lit(0)
    mean_share = pl.sum_horizontal(valid) / count if valid else pl.lit(None, dtype=pl.Float64)
    forecast = (
        pl.when(v.is_null())
        .then(None)
        .when(pl.lit(month == 12))
        .then(v)
        .when(count > 0)
        .then(v / mean_share)
        .otherwise(None)
    )

    def rounded(expr: pl.Expr) -> pl.Expr:
        return expr.round(PLACES)

    cells = cells.with_columns(
        rounded(
            pl.when(~judged)
            .then(None)
            .when(kind == "share")
            .then(share_value)
            .when(kind.is_in([*FLOWS, "stock", "growth_rate"]))
            .then(v)
        ).alias("out_value"),
        rounded(pl.when(judged & kind.is_in([*FLOWS, "stock"])).then(completion)).alias("completion"),
        rounded(pl.when(judged & flow).then(schedule)).alias("schedule"),
        rounded(pl.when(judged & kind.is_in([*FLOWS, "stock", "growth_rate"])).then(growth)).alias("growth"),
        rounded(pl.when(judged & kind.is_in([*FLOWS, "growth_rate"])).then(two_year)).alias("two_year_growth"),
        rounded(pl.when(judged & flow).then(forecast)).alias("forecast"),
    )
    deviation = (
        pl.when(~judged)
        .then(None)
        .when(amount_relative)
        .then((pl.col("growth") - pl.col("resolved")) * sign)
        .when(flow)
        .then((pl.col("completion") - pl.col("schedule")) * sign)
        .when(kind == "growth_rate")
        .then((pl.col("growth") - t) * sign)
        .when(kind == "share")
        .then((pl.col("out_value") - t) * sign)
    )
    cells = cells.with_columns(rounded(deviation).alias("deviation"))

    dev = pl.col("deviation")
    judged_growth = pl.when(pl.col("hib") & kind.is_in([*FLOWS, "stock", "growth_rate"])).then(pl.col("growth"))
    colour = (
        pl.when(~judged)
        .then(None)
        .when(judged_growth.is_not_null() & (judged_growth < 0) & pl.col("neg"))
        .then(pl.lit("red"))
        .when(dev.is_null())
        .then(pl.when(judged_growth.is_null()).then(None).otherwise(pl.lit("green")))
        .when(-dev > pl.col("red"))
        .then(pl.lit("red"))
        .when(-dev > pl.col("yellow"))
        .then(pl.lit("yellow"))
        .otherwise(pl.lit("green"))
    )
    forecast_warning = (
        flow
        & pl.col("forecast").is_not_null()
        & t.is_not_null()
        & dev.is_not_null()
        & (dev >= 0)
        & pl.when(pl.col("hib")).then(pl.col("forecast") < t).otherwise(pl.col("forecast") > t)
    ).fill_null(False)
    measure = (
        pl.when(~judged)
        .then(None)
        .when(kind.is_in([*FLOWS, "stock"]))
        .then(pl.col("completion"))
        .when(kind == "growth_rate")
        .then(pl.col("growth"))
        .when(kind == "share")
        .then(pl.col("out_value"))
    )
    cells = cells.with_columns(
        colour.alias("colour"), forecast_warning.alias("forecast_warning"), measure.alias("measure")
    )
    if with_previous:
        pv = pl.col("prev_value")
        before = (
            pl.when(kind.is_in(list(ADDITIVE)))
            .then(_ratio(pv, t) * 100)
            .when(kind == "growth_rate")
            .then((_ratio(pv, pl.col("prev_base")) - 1) * 100)
            .when(kind == "share")
            .then(pl.coalesce(_ratio(pl.col("prev_num"), pl.col("prev_den")) * pl.col("scale"), pv))
        )
        cells = cells.with_columns(rounded(before).alias("measure_before"))
    return cells.collect()


def ranks(cells: pl.DataFrame, *, unit_ids: list[int], column: str) -> pl.DataFrame:
    """Competition ranks (1, 2, 2, 4) of the units per indicator by `column`; unranked when it is null."""
    units = cells.filter(pl.col("region_id").is_in(unit_ids) & pl.col(column).is_not_null())
    higher = units.filter(pl.col("hib")).with_columns(
        pl.col(column).rank("min", descending=True).over("indicator_id").alias("place")
    )
    lower = units.filter(~pl.col("hib")).with_columns(
        pl.col(column).rank("min", descending=False).over("indicator_id").alias("place")
    )
    return pl.concat([higher, lower]).select("region_id", "indicator_id", pl.col("place").cast(pl.Int64))


OUTPUT = (
    "out_value",
    "target",
    "completion",
    "schedule",
    "deviation",
    "growth",
    "two_year_growth",
    "colour",
    "forecast",
    "forecast_warning",
    "measure",
)


def evaluations(
    cells: pl.DataFrame, targets: dict[tuple[int, int], Decimal | None]
) -> list[tuple[int, int, Evaluation, bool, bool]]:
    """(region id, indicator id, Evaluation with Decimals, reported, provisional) per cell.

    Numbers cross as text (Polars formats the rounded floats), so each Decimal is exact to PLACES.
    The target is the stored Decimal itself, or the number a relative target resolved to.
    """
    numeric = [c for c in OUTPUT if c not in ("target", "colour", "forecast_warning")]
    table = cells.select(
        "region_id",
        "indicator_id",
        "reported",
        "provisional",
        "colour",
        "forecast_warning",
        *(pl.col(c).cast(pl.String) for c in numeric),
        pl.col("resolved").cast(pl.String),
    )
    columns = {name: table.get_column(name).to_list() for name in table.columns}
    decimal = Decimal
    converted = {c: [None if s is None else decimal(s) for s in columns[c]] for c in (*numeric, "resolved")}
    result = []
    for i, (region_id, indicator_id) in enumerate(zip(columns["region_id"], columns["indicator_id"], strict=True)):
        evaluation = Evaluation(
            value=converted["out_value"][i],
            target=targets.get((region_id, indicator_id))
            if converted["resolved"][i] is None
            else converted["resolved"][i],
            completion=converted["completion"][i],
            schedule=converted["schedule"][i],
            deviation=converted["deviation"][i],
            growth=converted["growth"][i],
            two_year_growth=converted["two_year_growth"][i],
            colour=columns["colour"][i],
            forecast=converted["forecast"][i],
            forecast_warning=columns["forecast_warning"][i],
            measure=converted["measure"][i],
        )
        result.append((region_id, indicator_id, evaluation, columns["reported"][i], columns["provisional"][i]))
    return result


def coverage(cells: pl.DataFrame, *, unit_ids: list[int]) -> tuple[dict[int, int], set[int]]:
    """How many units reported each (non-qualitative) indicator this month, and which units reported any."""
    units = cells.filter(pl.col("region_id").is_in(unit_ids) & (pl.col("kind") != "qualitative"))
    counts = units.group_by("indicator_id").agg(pl.col("reported").sum().alias("n"))
    reported = set(units.filter(pl.col("reported")).get_column("region_id").unique().to_list())
    return {int(i): int(n) for i, n in counts.iter_rows()}, reported


def apply_coverage(matrix: Any, cells: pl.DataFrame, *, unit_ids: list[int]) -> None:
    """An incomplete month (issue #12): the city row covers n of N units and is not judged.

    A city value summed over the units that reported is not the city's figure: it keeps its value
    and says how many units it covers, but gets no completion, 序时 deviation, growth or colour (the
    city target is for all units). Units with nothing reported are `missing_units` (shown as 未报,
    never ranked or coloured as if they had reported zero).
    """
    counts, reported = coverage(cells, unit_ids=unit_ids)
    total = len(unit_ids)
    for indicator_id, city in matrix.city.items():
        covered = counts.get(indicator_id)
        if covered is None:
            continue
        city.covered, city.of = covered, total
        if covered < total:
            city.evaluation = Evaluation(value=city.evaluation.value, target=city.evaluation.target)
    matrix.missing_units = [u for u in matrix.units if u.pk not in reported]
