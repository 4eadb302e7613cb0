"""Monitoring calculations (domain.md §4): completion, 序时进度, growth, warnings, ranking, forecast.

Pure functions over Decimals: no database, no rounding (rounding is for display), results in
percent or percentage points, None whenever a figure is undefined (no target, no base, a zero
denominator). Every formula is the bureau's published one; the tests check them against the
published figures (1–4月 completion 41.9 % is 8.6 pp ahead of 序时; √1.091 → 4.4 %).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, NamedTuple, TypeVar

from targets.choices import FLOW_KINDS, Direction

if TYPE_CHECKING:
    from regions.models import Region
    from targets.models import Indicator

K = TypeVar("K", bound=Hashable)

HUNDRED = Decimal(100)
MONTHS_IN_YEAR = 12
# Kinds (targets.choices.IndicatorKind values) whose unit values are summed into the city value.
ADDITIVE = frozenset({"flow_amount", "flow_count", "stock"})

Colour = Literal["green", "yellow", "red"]
GREEN: Colour = "green"
YELLOW: Colour = "yellow"
RED: Colour = "red"


@dataclass(frozen=True)
class Thresholds:
    """When a unit's warning turns yellow or red, in percentage points behind 序时 (or the growth target).

    Green while at most `yellow_pp` behind, red when more than `red_pp` behind, yellow in between;
    negative growth is red when `red_on_negative_growth`. The default (domain.md §4) is green on or
    ahead of schedule, yellow 0–10 pp behind, red > 10 pp behind or negative growth; a published
    project rule uses yellow 10–30 pp and red > 30 pp (`Thresholds(Decimal(10), Decimal(30))`).
    """

    yellow_pp: Decimal = Decimal(0)
    red_pp: Decimal = Decimal(10)
    red_on_negative_growth: bool = True


DEFAULT_THRESHOLDS = Thresholds()


def _ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def completion_rate(actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    """完成率 = YTD actual ÷ annual target × 100 (a stock: current ÷ year-end target)."""
    ratio = _ratio(actual, target)
    return None if ratio is None else ratio * HUNDRED


def schedule_progress(month: int, *, cumulative_plan_share: Decimal | None = None) -> Decimal:
    """序时进度 in percent: months elapsed ÷ 12 × 100 (the 1—2月 report is month 2).

    Where a monthly plan exists, its cumulative share of the year's plan (0–1) replaces months ÷ 12.
    """
    if not 1 <= month <= MONTHS_IN_YEAR:
        raise ValueError(f"month must be 1..12, not {month}")
    if cumulative_plan_share is not None:
        return cumulative_plan_share * HUNDRED
    return Decimal(month) / MONTHS_IN_YEAR * HUNDRED


def deviation_pp(completion: Decimal | None, schedule: Decimal | None) -> Decimal | None:
    """Completion − 序时 in percentage points: positive is 快于序时进度, negative 慢于."""
    if completion is None or schedule is None:
        return None
    return completion - schedule


def yoy_growth(current: Decimal | None, base: Decimal | None) -> Decimal | None:
    """同比增速 = (YTD ÷ comparable same-period YTD of last year − 1) × 100; base 0 or missing → None."""
    ratio = _ratio(current, base)
    return None if ratio is None else (ratio - 1) * HUNDRED


def two_year_average_growth(current: Decimal | None, two_years_earlier: Decimal | None) -> Decimal | None:
    """两年平均增速 = (√(current ÷ same period two years earlier) − 1) × 100."""
    ratio = _ratio(current, two_years_earlier)
    if ratio is None or ratio < 0:
        return None
    return (ratio.sqrt() - 1) * HUNDRED


def growth_gap_pp(actual_growth: Decimal | None, target_growth: Decimal | None) -> Decimal | None:
    """A growth-rate target is judged as actual growth − target growth, in percentage points."""
    if actual_growth is None or target_growth is None:
        return None
    return actual_growth - target_growth


def warning_colour(
    *,
    deviation: Decimal | None = None,
    growth: Decimal | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Colour | None:
    """The warning colour of a deviation (pp vs 序时, or vs the growth target) and a growth rate.

    Red when more than `red_pp` behind, or growth is negative and the thresholds say so; yellow
    when more than `yellow_pp` behind; else green. None when there is nothing to judge.
    """
    if growth is not None and growth < 0 and thresholds.red_on_negative_growth:
        return RED
    if deviation is None:
        return None if growth is None else GREEN
    behind = -deviation
    if behind > thresholds.red_pp:
        return RED
    if behind > thresholds.yellow_pp:
        return YELLOW
    return GREEN


def rank(values: Mapping[K, Decimal | None], *, higher_is_better: bool = True) -> dict[K, int]:
    """Competition ranking (1, 2, 2, 4): ties share the better rank; units without a value are unranked."""
    present = [(key, value) for key, value in values.items() if value is not None]
    ordered = sorted(present, key=lambda kv: kv[1], reverse=higher_is_better)
    ranks: dict[K, int] = {}
    previous: Decimal | None = None
    current_rank = 0
    for position, (key, value) in enumerate(ordered, start=1):
        if previous is None or value != previous:
            current_rank = position
            previous = value
        ranks[key] = current_rank
    return ranks


def rank_change(current: Mapping[K, int], previous: Mapping[K, int]) -> dict[K, int | None]:
    """Places gained since last month (positive = moved up); None when unranked last month."""
    return {key: (previous[key] - place if key in previous else None) for key, place in current.items()}


class Figures(NamedTuple):
    """What a unit reports for one indicator and month (reporting.ReportValue), or the city's sum.

    A named tuple rather than a dataclass: a province-sized month builds tens of thousands of them.
    """

    value: Decimal | None = None
    base_value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def aggregate(kind: str, unit_values: Iterable[Figures], *, scale: Decimal = HUNDRED) -> Figures:
    """The city's figures from its units' figures, by kind (domain.md §3–4).

    Additive kinds (flows, stocks) sum values and comparable bases. Growth rates are recomputed
    from the summed amounts and bases (the growth then follows from `yoy_growth`). Shares and
    ratios are recomputed from the summed numerators and denominators, × `scale` (100 for a
    percentage, 1 for 台/万人). Rates are never averaged; qualitative indicators do not aggregate.
    """
    rows = list(unit_values)
    if kind in ADDITIVE or kind == "growth_rate":
        return Figures(value=_sum(r.value for r in rows), base_value=_sum(r.base_value for r in rows))
    if kind == "share":
        pairs = [r for r in rows if r.numerator is not None and r.denominator is not None]
        numerator = _sum(r.numerator for r in pairs)
        denominator = _sum(r.denominator for r in pairs)
        base = None  # last year's share cannot be summed; it would need last year's numerators
        ratio = _ratio(numerator, denominator)
        return Figures(
            value=None if ratio is None else ratio * scale,
            base_value=base,
            numerator=numerator,
            denominator=denominator,
        )
    return Figures()


def profile_share(ytd_by_month: Mapping[int, Decimal | None], month: int) -> Decimal | None:
    """One earlier year's seasonal profile point: the share (0–1) of its annual total (month 12) reached by `month`."""
    return _ratio(ytd_by_month.get(month), ytd_by_month.get(MONTHS_IN_YEAR))


def forecast_year_end(ytd: Decimal | None, month: int, profile_shares: Sequence[Decimal | None]) -> Decimal | None:
    """Year-end projection (beyond the anchors, domain.md §4): YTD ÷ the mean share of the annual total
    that earlier years had reached by this month. No earlier year, or a zero share → None.

    `month` is kept for the callers' clarity; in December the projection is the YTD itself.
    """
    if ytd is None:
        return None
    if month == MONTHS_IN_YEAR:
        return ytd
    shares = [s for s in profile_shares if s is not None and s > 0]
    if not shares:
        return None
    mean = sum(shares, Decimal(0)) / len(shares)
    return ytd / mean


def forecast_misses_target(
    *, projection: Decimal | None, target: Decimal | None, deviation: Decimal | None, higher_is_better: bool = True
) -> bool:
    """The forecast warning: the projection misses the target while the unit is still on 序时 (deviation ≥ 0)."""
    if projection is None or target is None or deviation is None or deviation < 0:
        return False
    return projection < target if higher_is_better else projection > target


# --- one cell of the monitoring matrix -----------------------------------------------------------


class Evaluation(NamedTuple):
    """Everything the dashboard says about one unit × indicator × month (all unrounded)."""

    value: Decimal | None = None  # the figure judged: YTD, period end, the share (recomputed from its parts)
    target: Decimal | None = None
    completion: Decimal | None = None  # percent of the annual (year-end) target
    schedule: Decimal | None = None  # 序时进度, percent, flows only
    deviation: Decimal | None = None  # pp: vs 序时 for flows, vs the target for growth rates and shares
    growth: Decimal | None = None  # 同比, percent
    two_year_growth: Decimal | None = None  # 两年平均, percent
    colour: Colour | None = None
    forecast: Decimal | None = None  # projected year-end value (flows)
    forecast_warning: bool = False  # projection misses the target although on 序时
    measure: Decimal | None = None  # what units are ranked by: completion, growth, or the share


def _share_value(figures: Figures, scale: Decimal) -> Decimal | None:
    ratio = _ratio(figures.numerator, figures.denominator)
    return figures.value if ratio is None else ratio * scale


def evaluate(
    *,
    kind: str,
    figures: Figures | None,
    target: Decimal | None,
    month: int,
    higher_is_better: bool = True,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    two_years_earlier: Decimal | None = None,
    profile_shares: Sequence[Decimal | None] = (),
    share_scale: Decimal = HUNDRED,
) -> Evaluation:
    """Judge one unit's figures for an indicator by its kind (domain.md §3 table, §4 computations).

    Flows: completion vs 序时 in pp, growth, two-year average, forecast. Stocks: current ÷ year-end
    target and growth (序时 does not apply to a level). Growth rates: actual − target growth in pp.
    Shares: current − target in pp (from numerator and denominator when reported). Where lower is
    better (energy use), the deviation's sign is turned so that positive always means "better".
    """
    if figures is None or kind == "qualitative":
        return Evaluation(target=target)
    sign = 1 if higher_is_better else -1
    if kind in ("flow_amount", "flow_count"):
        value = figures.value
        completion = completion_rate(value, target)
        schedule = schedule_progress(month)
        deviation = deviation_pp(completion, schedule)
        deviation = None if deviation is None else deviation * sign
        growth = yoy_growth(value, figures.base_value)
        forecast = forecast_year_end(value, month, profile_shares)
        return Evaluation(
            value=value,
            target=target,
            completion=completion,
            schedule=schedule,
            deviation=deviation,
            growth=growth,
            two_year_growth=two_year_average_growth(value, two_years_earlier),
            colour=warning_colour(
                deviation=deviation, growth=growth if higher_is_better else None, thresholds=thresholds
            ),
            forecast=forecast,
            forecast_warning=forecast_misses_target(
                projection=forecast, target=target, deviation=deviation, higher_is_better=higher_is_better
            ),
            measure=completion,
        )
    if kind == "stock":
        value = figures.value
        completion = completion_rate(value, target)
        growth = yoy_growth(value, figures.base_value)
        return Evaluation(
            value=value,
            target=target,
            completion=completion,
            growth=growth,
            colour=warning_colour(growth=growth if higher_is_better else None, thresholds=thresholds),
            measure=completion,
        )
    if kind == "growth_rate":
        growth = yoy_growth(figures.value, figures.base_value)
        gap = growth_gap_pp(growth, target)
        deviation = None if gap is None else gap * sign
        return Evaluation(
            value=figures.value,
            target=target,
            deviation=deviation,
            growth=growth,
            two_year_growth=two_year_average_growth(figures.value, two_years_earlier),
            colour=warning_colour(
                deviation=deviation, growth=growth if higher_is_better else None, thresholds=thresholds
            ),
            measure=growth,
        )
    if kind == "share":
        value = _share_value(figures, share_scale)
        gap = None if value is None or target is None else value - target
        deviation = None if gap is None else gap * sign
        return Evaluation(
            value=value,
            target=target,
            deviation=deviation,
            colour=warning_colour(deviation=deviation, thresholds=thresholds),
            measure=value,
        )
    return Evaluation(target=target)


def ranking_measure(
    *, kind: str, figures: Figures | None, target: Decimal | None, share_scale: Decimal = HUNDRED
) -> Decimal | None:
    """What units are ranked by, alone (for last month's ranks): completion for flows and stocks, growth for
    growth rates, the share itself for shares; the same as `evaluate(...).measure`.
    """
    if figures is None:
        return None
    if kind in ADDITIVE:
        return completion_rate(figures.value, target)
    if kind == "growth_rate":
        return yoy_growth(figures.value, figures.base_value)
    if kind == "share":
        return _share_value(figures, share_scale)
    return None


# --- the matrix's cells, the city row and the overall ranking (read by selectors.monitoring_matrix) ---------

PROFILE_YEARS = 2  # earlier years whose seasonal profile projects the year end (and the two-year average)
# (region id, series key, year, month) → (figures, provisional)
ValueMap = dict[tuple[int, str, int, int], tuple[Figures, bool]]


def series_of(indicator: Indicator) -> str:
    """The key that follows an indicator across years' plans; without a series only its own values count."""
    return getattr(indicator, "series", "") or f"#{indicator.pk}"


def share_scale(indicator: Indicator) -> Decimal:
    """A percentage share is numerator ÷ denominator × 100; a ratio such as 台/万人 is the plain quotient."""
    return HUNDRED if indicator.unit in ("%", "％") else Decimal(1)


@dataclass
class Cell:
    """One unit × indicator of the month: the evaluation, and the unit's rank among all units."""

    evaluation: Evaluation
    provisional: bool = False
    reported: bool = False
    rank: int | None = None
    rank_change: int | None = None
    covered: int | None = None  # the city row: units that reported this indicator …
    of: int | None = None  # … of all units (`frame.apply_coverage`)
    nil: bool = False  # the unit marked this figure 无 (none this month): shown as 无, never as 0 or 未报
    nil_note: str = ""  # … and why (its 备注)

    @property
    def incomplete(self) -> bool:
        return self.covered is not None and self.of is not None and self.covered < self.of


@dataclass
class OverallRow:
    region: Region
    mean_rank: Decimal | None
    rank: int | None
    rank_change: int | None


def with_city(values: ValueMap, indicators: list[Indicator], unit_ids: list[int], city_id: int) -> None:
    """Add the city's figures per series and period, aggregated from its units by kind (never averaged)."""
    kinds = {series_of(i): i for i in indicators}
    grouped: dict[tuple[str, int, int], list[tuple[Figures, bool]]] = defaultdict(list)
    units = set(unit_ids)
    for (region_id, key, year, month), entry in values.items():
        if region_id in units:
            grouped[(key, year, month)].append(entry)
    for (key, year, month), entries in grouped.items():
        indicator = kinds[key]
        figures = aggregate(indicator.kind, (f for f, _p in entries), scale=share_scale(indicator))
        values[(city_id, key, year, month)] = (figures, any(p for _f, p in entries))


def evaluate_cell(
    *,
    indicator: Indicator,
    thresholds: Thresholds,
    values: ValueMap,
    region_id: int,
    year: int,
    month: int,
    target: Decimal | None,
) -> Cell:
    key = series_of(indicator)
    entry = values.get((region_id, key, year, month))
    earlier = values.get((region_id, key, year - 2, month))
    shares = []
    if indicator.kind in FLOW_KINDS:  # only flows are projected to the year end
        for y in range(year - PROFILE_YEARS, year):
            at_month, at_year_end = values.get((region_id, key, y, month)), values.get((region_id, key, y, 12))
            shares.append(
                profile_share(
                    {month: at_month[0].value if at_month else None, 12: at_year_end[0].value if at_year_end else None},
                    month,
                )
            )
    evaluation = evaluate(
        kind=indicator.kind,
        figures=entry[0] if entry else None,
        target=target,
        month=month,
        higher_is_better=indicator.direction != Direction.LOWER,
        thresholds=thresholds,
        two_years_earlier=earlier[0].value if earlier else None,
        profile_shares=shares,
        share_scale=share_scale(indicator),
    )
    return Cell(evaluation=evaluation, provisional=bool(entry and entry[1]), reported=entry is not None)


def overall_ranking(units: list[Region], now: dict[int, list[int]], before: dict[int, list[int]]) -> list[OverallRow]:
    """Overall rank: units ordered by the mean of their per-indicator ranks (lower is better), ties shared.

    The notices rank units per indicator; for one overall order the mean place over the indicators a
    unit is ranked in is used (a choice made here, explained on the page).
    """

    def means(places: dict[int, list[int]]) -> dict[int, Decimal | None]:
        return {u.pk: (Decimal(sum(p)) / len(p) if (p := places.get(u.pk)) else None) for u in units}

    mean_now, mean_before = means(now), means(before)
    ranks = rank(mean_now, higher_is_better=False)
    changes = rank_change(ranks, rank(mean_before, higher_is_better=False))
    rows = [OverallRow(u, mean_now[u.pk], ranks.get(u.pk), changes.get(u.pk)) for u in units]
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.region.code))
