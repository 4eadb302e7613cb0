"""The 亩均 score and class (亩均效益综合评价, domain.md §7), as pure functions over Polars DataFrames.

The Zhejiang method: an enterprise's score is Σ (indicator value ÷ benchmark × weight) + bonus − penalty,
the value ÷ benchmark ratio optionally capped; an indicator without data gets the group's average score on
that indicator (or 0, as the rule set says). Benchmarks are entered, or the group's mean/median × a factor,
and a GB/T 4754 division may have its own weight or benchmark (分行业评价). Enterprises are ranked within
their group; classes follow the cut-offs by rank (default A top 20 %, B to 60 %, C to 95 %, D the rest),
and tied scores share the better class. The veto list caps at C, the protection list is never D. Firms
sharing a parcel are evaluated together: their measures are summed and each gets the combined result.

No database here: the run's selector builds the input frame, the service writes the output.
Precision: indicator values, benchmarks and scores are rounded to 4 decimals where they are computed, by one
explicit rule (half up on the float product x·10⁴, then × 10⁻⁴: `round4` / `_round4`): plain IEEE
multiplications give the same doubles in Polars and in Python (Polars turns a division by a constant into a
multiplication by its reciprocal, so ratios are written as value × (1 ÷ benchmark) everywhere), so the stored Decimals and a row-by-row implementation agree exactly
(a library's own rounding of binary halves differs between implementations).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

import polars as pl

from .choices import KLASS_ORDER, BenchmarkMode, MissingRule

# indicator code → (numerator, denominator, scale): value = numerator ÷ denominator × scale.
FORMULAS: dict[str, tuple[str, str, float]] = {
    "tax_per_mu": ("tax", "land_mu", 1.0),  # 万元/亩
    "va_per_mu": ("value_added", "land_mu", 1.0),  # 万元/亩
    "va_per_energy": ("value_added", "energy_tce", 1.0),  # 万元/吨标准煤
    "va_per_emission": ("value_added", "emission_t", 1.0),  # 万元/吨
    "labour_productivity": ("value_added", "employees", 1.0),  # 万元/人
    "rd_ratio": ("rd", "revenue", 100.0),  # %
    "tax_per_kwh": ("tax", "electricity", 1.0),  # 万元/万千瓦时 = 元/千瓦时
}
MEASURES = ("tax", "value_added", "revenue", "land_mu", "energy_tce", "emission_t", "employees", "rd", "electricity")
DIGITS = 4
_SCALE = 10.0**DIGITS
_STEP = 1 / _SCALE


def round4(x: float) -> float:
    """4 decimals, half up on x·10⁴ in float arithmetic (the same operations as `_round4`)."""
    return math.floor(x * _SCALE + 0.5) * _STEP


def group_mean(values: Sequence[float] | pl.Series) -> float:
    """The mean of 4-decimal figures (indicator values, scores), exact: summed in whole units of 10⁻⁴ as
    integers, then one division, so every implementation (and every order of summation) gets the same double."""
    if isinstance(values, pl.Series):
        total, n = int((values * _SCALE).round(0).cast(pl.Int64).sum()), values.len()
    else:
        total, n = sum(round(v * _SCALE) for v in values), len(values)
    return total / n * _STEP


def group_median(values: Sequence[float] | pl.Series) -> float:
    ordered = pl.Series(values, dtype=pl.Float64).sort() if not isinstance(values, pl.Series) else values.sort()
    middle = len(ordered) // 2
    upper = float(ordered[middle])
    return upper if len(ordered) % 2 else (float(ordered[middle - 1]) + upper) / 2


def _round4(expr: pl.Expr) -> pl.Expr:
    return (expr * _SCALE + 0.5).floor() * _STEP


@dataclass(frozen=True)
class IndicatorRule:
    """One indicator of a group's rules (weights and benchmarks as published, e.g. 亩均税收 30, 24.097 万元/亩)."""

    code: str
    weight: float
    mode: str = BenchmarkMode.ENTERED
    benchmark: float | None = None
    factor: float = 1.0
    cap: float | None = None
    missing: str = MissingRule.GROUP_AVERAGE


@dataclass(frozen=True)
class GroupRules:
    """A group's rule set: its indicators, class cut-offs (cumulative %, by rank), tie rule and industry overrides."""

    group: str
    indicators: tuple[IndicatorRule, ...]
    cut_a: Decimal = Decimal("20")
    cut_b: Decimal = Decimal("60")
    cut_c: Decimal = Decimal("95")
    ties_share_better: bool = True
    # (GB/T 4754 division code, indicator code) → (weight or None, benchmark or None)
    overrides: Mapping[tuple[str, str], tuple[float | None, float | None]] = field(default_factory=dict)


def class_quotas(n: int, rules: GroupRules) -> tuple[int, int, int]:
    """How many ranks each cumulative cut-off covers: the last rank in A, in A+B, in A+B+C (floor, exact)."""
    return (
        int(n * rules.cut_a // 100),
        int(n * rules.cut_b // 100),
        int(n * rules.cut_c // 100),
    )


def class_of_rank(rank: int, quotas: tuple[int, int, int]) -> str:
    """The class of a rank (1 best): A up to the first quota, B to the second, C to the third, else D."""
    for klass, quota in zip("ABC", quotas, strict=True):
        if rank <= quota:
            return klass
    return "D"


def apply_lists(klass: str, *, vetoed: bool, protected: bool) -> str:
    """The veto list caps at C; the protection list lifts D to C (both: C)."""
    if vetoed and klass in ("A", "B"):
        klass = "C"
    if protected and klass == "D":
        klass = "C"
    return klass


def _with_unit(frame: pl.DataFrame) -> pl.DataFrame:
    """`unit`: the evaluation unit, the enterprise itself or, for a shared parcel, its lowest member id
    within the group (an integer key keeps the joins cheap)."""
    shared = pl.col("parcel").fill_null("") != ""
    return frame.with_columns(
        pl.when(shared).then(pl.col("id").min().over(["group", "parcel"])).otherwise(pl.col("id")).alias("unit")
    )


def _combine_parcels(frame: pl.DataFrame) -> pl.DataFrame:
    """One evaluation unit per parcel within a group: summed measures (null when every member lacks it),
    the largest bonus and penalty, vetoed or protected when any member is, the first member's division."""
    shared = frame.filter(pl.col("unit") != pl.col("id")).select("unit").unique()
    if shared.is_empty():
        return frame
    is_shared = pl.col("unit").is_in(shared["unit"].implode())
    single = frame.filter(~is_shared)
    combined = (
        frame.filter(is_shared)
        .sort("id")
        .group_by("unit", maintain_order=True)
        .agg(
            pl.col("id").first(),
            pl.col("group").first(),
            pl.col("division").first(),
            pl.col("parcel").first(),
            *[pl.when(pl.col(m).is_null().all()).then(None).otherwise(pl.col(m).sum()).alias(m) for m in MEASURES],
            pl.col("bonus").max(),
            pl.col("penalty").max(),
            pl.col("veto").any(),
            pl.col("protect").any(),
        )
    )
    return pl.concat([single, combined.select(single.columns)], how="vertical")


def _weight_expr(
    rule: IndicatorRule, overrides: Mapping[tuple[str, str], tuple[float | None, float | None]]
) -> pl.Expr:
    special = {div: w for (div, code), (w, _b) in overrides.items() if code == rule.code and w is not None}
    if not special:
        return pl.lit(float(rule.weight))
    return pl.col("division").replace_strict(special, default=float(rule.weight), return_dtype=pl.Float64)


def _benchmark(values: pl.Series, rule: IndicatorRule) -> float | None:
    """The group's benchmark of an indicator: entered, or mean/median of the known values × factor (4 decimals)."""
    if rule.mode == BenchmarkMode.ENTERED:
        return None if rule.benchmark is None else float(rule.benchmark)
    known = values.drop_nulls()
    if known.is_empty():
        return None
    centre = group_mean(known) if rule.mode == BenchmarkMode.MEAN else group_median(known)
    return round4(centre * float(rule.factor))


def _score_group(units: pl.DataFrame, rules: GroupRules) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Indicator values, benchmarks, scores, ranks and classes of one group's units, in four passes over the
    rows (values; benchmarks and points; missing points filled and the score; rank and class), each pass one
    set of column expressions, with the group statistics (benchmarks, averages) taken in between."""
    units = units.with_columns(
        pl.when(pl.col(den) > 0).then(_round4(pl.col(num) / pl.col(den) * scale)).otherwise(None).alias(f"v_{r.code}")
        for r in rules.indicators
        for num, den, scale in [FORMULAS[r.code]]
    )
    benchmarks: dict[str, float | None] = {}
    columns: list[pl.Expr] = []
    for rule in rules.indicators:
        base = _benchmark(units[f"v_{rule.code}"], rule)
        benchmarks[rule.code] = base
        special = {div: b for (div, code), (_w, b) in rules.overrides.items() if code == rule.code and b is not None}
        if special:
            bench = pl.col("division").replace_strict(special, default=base, return_dtype=pl.Float64)
        else:
            bench = pl.lit(base, dtype=pl.Float64)
        # value × (1 ÷ benchmark): the same two roundings whether the benchmark is one number or per row
        ratio: pl.Expr = pl.when(bench > 0).then(pl.col(f"v_{rule.code}") * (1.0 / bench))
        if rule.cap is not None:
            ratio = pl.min_horizontal(ratio, pl.lit(float(rule.cap)))
        columns += [
            bench.alias(f"b_{rule.code}"),
            _round4(ratio * _weight_expr(rule, rules.overrides)).alias(f"s_{rule.code}"),
        ]
    units = units.with_columns(columns)
    # Missing data: the group's average score on that indicator (domain.md §7), or 0.
    filled: list[pl.Expr] = []
    for rule in rules.indicators:
        s = f"s_{rule.code}"
        fill = 0.0
        if rule.missing == MissingRule.GROUP_AVERAGE:
            known = units[s].drop_nulls()
            fill = round4(group_mean(known)) if known.len() else 0.0
        filled.append(pl.col(s).fill_null(fill))
    total: pl.Expr = pl.lit(0.0)
    for expr in filled:  # summed in the rule set's order, as the row-by-row implementation does
        total = total + expr
    units = units.with_columns(
        *(e.alias(f"s_{r.code}") for e, r in zip(filled, rules.indicators, strict=True)),
        _round4(total + pl.col("bonus") - pl.col("penalty")).alias("score"),
    )
    n = units.height
    quotas = class_quotas(n, rules)
    method: Literal["min", "ordinal"] = "min" if rules.ties_share_better else "ordinal"
    if not rules.ties_share_better:  # ordinal ranks follow the enterprise id within a tie
        units = units.sort(["score", "id"], descending=[True, False])
    units = units.with_columns(
        pl.col("score").rank(method=method, descending=True).cast(pl.Int64).alias("rank"),
        pl.lit(n, dtype=pl.Int64).alias("group_size"),
    )
    rank = pl.col("rank")
    rank_class = (
        pl.when(rank <= quotas[0])
        .then(pl.lit("A"))
        .when(rank <= quotas[1])
        .then(pl.lit("B"))
        .when(rank <= quotas[2])
        .then(pl.lit("C"))
        .otherwise(pl.lit("D"))
    )
    units = units.with_columns(rank_class.alias("rank_class"))
    units = units.with_columns(
        pl.when(pl.col("veto") & pl.col("rank_class").is_in(["A", "B"]))
        .then(pl.lit("C"))
        .when(pl.col("protect") & (pl.col("rank_class") == "D"))
        .then(pl.lit("C"))
        .otherwise(pl.col("rank_class"))
        .alias("klass")
    )
    lowest = units.group_by("rank_class").agg(pl.col("score").min())
    thresholds = {row["rank_class"]: row["score"] for row in lowest.iter_rows(named=True) if row["rank_class"] != "D"}
    return units, {"benchmarks": benchmarks, "thresholds": thresholds, "size": n}


@dataclass
class Evaluation:
    """The run's output: one row per enterprise, and per group its benchmarks and each class's lowest score."""

    results: pl.DataFrame
    groups: dict[str, dict[str, Any]]


INPUT_SCHEMA: dict[str, Any] = {
    "id": pl.Int64,
    "group": pl.String,
    "division": pl.String,
    "parcel": pl.String,
    **dict.fromkeys(MEASURES, pl.Float64),
    "bonus": pl.Float64,
    "penalty": pl.Float64,
    "veto": pl.Boolean,
    "protect": pl.Boolean,
}


def evaluate(frame: pl.DataFrame, rules: Mapping[str, GroupRules]) -> Evaluation:
    """Score and classify every enterprise of `frame` (columns of INPUT_SCHEMA) by its group's rules.

    Rows of a group without rules are left out (that group is not evaluated this year).
    """
    frame = frame.cast({k: v for k, v in INPUT_SCHEMA.items() if k in frame.columns})  # type: ignore[arg-type]
    for name, dtype in INPUT_SCHEMA.items():
        if name not in frame.columns:
            default = 0.0 if name in ("bonus", "penalty") else (False if dtype == pl.Boolean else None)
            frame = frame.with_columns(pl.lit(default, dtype=dtype).alias(name))
    frame = frame.select(list(INPUT_SCHEMA)).with_columns(
        pl.col("bonus").fill_null(0.0), pl.col("penalty").fill_null(0.0),
        pl.col("veto").fill_null(False), pl.col("protect").fill_null(False),
    )  # fmt: skip
    frame = _with_unit(frame)
    units = _combine_parcels(frame)
    parts: list[pl.DataFrame] = []
    groups: dict[str, dict[str, Any]] = {}
    for group, group_rules in rules.items():
        scored, info = _score_group(units.filter(pl.col("group") == group), group_rules)
        if scored.is_empty():
            continue
        groups[group] = info
        keep = ["unit", "group", "parcel", "division", "score", "rank", "group_size", "rank_class", "klass", "veto", "protect",
                "bonus", "penalty"]  # fmt: skip
        for rule in group_rules.indicators:
            keep += [f"v_{rule.code}", f"b_{rule.code}", f"s_{rule.code}"]
        parts.append(scored.select(keep))
    codes = list(dict.fromkeys(r.code for g in rules.values() for r in g.indicators))
    if not parts:
        return Evaluation(pl.DataFrame(), groups)
    unit_results = pl.concat(parts, how="diagonal")
    # A unit is its enterprise (unit = id) except for a shared parcel, whose members all get its result.
    shared = frame.filter(pl.col("unit") != pl.col("id"))["unit"].unique().implode()
    is_shared = pl.col("unit").is_in(shared)
    members = frame.filter(is_shared).select("id", "unit")
    results = pl.concat(
        [
            unit_results.filter(~is_shared).rename({"unit": "id"}),
            members.join(unit_results.filter(is_shared), on="unit", how="inner").drop("unit"),
        ],
        how="diagonal",
    )
    for code in codes:  # every indicator column exists (null where a group does not use it)
        for prefix in ("v_", "b_", "s_"):
            if f"{prefix}{code}" not in results.columns:
                results = results.with_columns(pl.lit(None, dtype=pl.Float64).alias(f"{prefix}{code}"))
    return Evaluation(results, groups)


def needed_for_next_class(
    *, score: float, klass: str, thresholds: Mapping[str, float], vetoed: bool, indicators: Sequence[dict[str, Any]]
) -> dict[str, Any] | None:
    """What would move the enterprise up one class: the score of the lowest firm of the next better class
    (ties share the better class, so reaching it is enough) and, per indicator, the value needed at equal
    other values (None when the cap stops that indicator alone from closing the gap).

    `indicators` rows: code, value, benchmark, weight, contribution, cap.
    """
    position = KLASS_ORDER.index(klass)
    if position == 0 or (vetoed and klass == "C"):
        return None
    target_class = KLASS_ORDER[position - 1]
    target = thresholds.get(target_class)
    if target is None:
        return None
    gap = max(0.0, float(target) - float(score))
    needs = []
    for row in indicators:
        weight, benchmark = row.get("weight"), row.get("benchmark")
        if not weight or not benchmark:
            needs.append({"code": row["code"], "value": None})
            continue
        ratio = (float(row.get("contribution") or 0.0) + gap) / float(weight)
        cap = row.get("cap")
        reachable = cap is None or ratio <= float(cap) + 1e-12
        value = math.ceil(ratio * float(benchmark) * 10**DIGITS) / 10**DIGITS if reachable else None
        needs.append({"code": row["code"], "value": value, "current": row.get("value")})
    return {"class": target_class, "score": float(target), "gap": round4(gap), "indicators": needs}
