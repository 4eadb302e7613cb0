"""Year-end scoring of the units (考核, domain.md §5): pure functions over plain figures, no database.

Each indicator's rule turns a unit's year-end figure and target into points, and says how in the
bureau's words ("工业投资完成 128.6 亿元，完成率 102.9 %，得基本分 20 分，超额 2.9 个百分点加 1.45 分
（上限 3 分）"), so every point of a published result can be checked by hand. Rates are rounded to
one decimal *before* points are computed, exactly as they are printed, and points to two decimals:
a reader who multiplies the printed 2.9 pp by 0.5 must find the printed 1.45. Completion, growth
and rank come from `monitoring.calculations`, the one implementation of those formulas.

Values arrive in the indicator's storage unit (money in 万元) and are shown in the notice's unit.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from monitoring.calculations import completion_rate, growth_gap_pp, rank, yoy_growth
from targets.measures import from_storage, plain

from .choices import RULE_DEFAULTS, RuleKind

K = TypeVar("K", bound=Hashable)

HUNDRED = Decimal(100)
ZERO = Decimal(0)
RATE = Decimal("0.1")
POINTS = Decimal("0.01")


@dataclass(frozen=True)
class RuleParams:
    """One scoring rule as data: the kind, the base points (weight) and its parameters.

    bonus_per_pp: points per percentage point above the target (growth: above or below it).
    cap: the most bonus points (growth: the most points added or taken); blank → the kind's default.
    floor: the fewest points the rule gives (0 when blank): a bad year never costs other indicators' points.
    """

    kind: str
    base_points: Decimal
    bonus_per_pp: Decimal | None = None
    cap: Decimal | None = None
    floor: Decimal | None = None

    @property
    def per_pp(self) -> Decimal:
        return self.bonus_per_pp if self.bonus_per_pp is not None else Decimal(RULE_DEFAULTS[self.kind][0])

    @property
    def cap_points(self) -> Decimal:
        return self.cap if self.cap is not None else Decimal(RULE_DEFAULTS[self.kind][1])

    @property
    def floor_points(self) -> Decimal:
        return self.floor if self.floor is not None else ZERO


@dataclass(frozen=True)
class Figures:
    """One unit's year-end figures for one indicator, in the indicator's storage unit.

    actual: the YTD value of the December report (flows), the year-end value (stocks), or for a
        growth rule the amount whose growth is judged; None when the unit reported nothing.
    base: the comparable value of last year (上年同期可比口径), for growth rules; when it is None
        a growth rule reads `actual` as the growth rate itself (in %).
    target: the numeric target (growth rules: the target growth in %); None when there is none.
    target_text: the target cell as written when it is not a number (——, 比上年提升), for the explanation.
    """

    indicator: str
    unit: str
    actual: Decimal | None
    target: Decimal | None
    base: Decimal | None = None
    target_text: str = ""
    lower_is_better: bool = False


@dataclass(frozen=True)
class ScoreLine:
    """The points of one rule (or one bonus/penalty item) for one unit, with the sentence explaining them."""

    indicator: str
    kind: str
    points: Decimal
    max_points: Decimal
    explanation: str
    rate: Decimal | None = None  # completion (%) or growth (%) as printed, one decimal

    def as_dict(self) -> dict[str, Any]:
        """JSON for the stored result: decimals as strings, so the published figures never drift."""
        return {
            "indicator": self.indicator,
            "kind": self.kind,
            "points": str(self.points),
            "max_points": str(self.max_points),
            "explanation": self.explanation,
            "rate": None if self.rate is None else str(self.rate),
        }


@dataclass(frozen=True)
class Adjustment:
    """A manual bonus (+) or penalty (−) item of the scheme, with its written reason."""

    points: Decimal
    reason: str


@dataclass
class UnitScore:
    total: Decimal
    rank: int | None
    lines: list[ScoreLine] = field(default_factory=list)


# --- formatting: the figures exactly as the explanation prints them ---------------------------------


def round_rate(value: Decimal) -> Decimal:
    return value.quantize(RATE, rounding=ROUND_HALF_UP)


def round_points(value: Decimal) -> Decimal:
    return value.quantize(POINTS, rounding=ROUND_HALF_UP)


def pts(value: Decimal) -> str:
    """20.00 → "20", 1.45 → "1.45", −0.5 → "-0.5"."""
    return str(plain(value))


def amount(value: Decimal, unit: str) -> str:
    """A stored value in the notice's unit: 1286000 万元 → "128.6 亿元"."""
    shown = plain(from_storage(value, unit).quantize(POINTS, rounding=ROUND_HALF_UP))
    return f"{shown} {unit}" if unit else str(shown)


# --- one unit, one rule -----------------------------------------------------------------------------


def _missing(fig: Figures, params: RuleParams) -> ScoreLine | None:
    """No target → not assessed on this indicator (no points, none lost); no figure → 0 points."""
    if fig.target is None:
        text = fig.target_text.strip() or _("无")
        return ScoreLine(
            fig.indicator,
            params.kind,
            ZERO,
            ZERO,
            _("%(name)s未下达数值目标（%(text)s），不计分") % {"name": fig.indicator, "text": text},
        )
    if fig.actual is None:
        return ScoreLine(
            fig.indicator,
            params.kind,
            round_points(params.floor_points),
            params.base_points,
            _("%(name)s未报送年末数据，得 %(points)s 分") % {"name": fig.indicator, "points": pts(params.floor_points)},
        )
    return None


def _completion(fig: Figures) -> Decimal | None:
    """Completion in %, one decimal; for lower-is-better indicators target ÷ actual (under the cap is met)."""
    assert fig.actual is not None and fig.target is not None
    value = completion_rate(fig.target, fig.actual) if fig.lower_is_better else completion_rate(fig.actual, fig.target)
    return None if value is None else round_rate(value)


def _floored(points: Decimal, params: RuleParams, explanation: str) -> tuple[Decimal, str]:
    points = round_points(points)
    if points < params.floor_points:
        floor = round_points(params.floor_points)
        return floor, explanation + _("，不低于保底分 %(floor)s 分") % {"floor": pts(floor)}
    return points, explanation


def _done(fig: Figures, fig_text: str, rate: Decimal | None) -> str:
    return _("%(name)s完成 %(actual)s，完成率 %(rate)s %%") % {
        "name": fig.indicator,
        "actual": fig_text,
        "rate": "—" if rate is None else rate,
    }


def score_proportional(fig: Figures, params: RuleParams) -> ScoreLine:
    """The default rule (domain.md §5): weight × min(completion, 1 + cap ÷ weight)."""
    missing = _missing(fig, params)
    if missing is not None:
        return missing
    assert fig.actual is not None
    rate = _completion(fig)
    head = _done(fig, amount(fig.actual, fig.unit), rate)
    if rate is None:
        return ScoreLine(fig.indicator, params.kind, ZERO, params.base_points, head + _("，目标为 0，不计分"))
    raw = params.base_points * rate / HUNDRED
    ceiling = params.base_points + params.cap_points
    if raw > ceiling:
        text = head + _("，按权重 %(weight)s 分折算，封顶 %(ceiling)s 分（加分上限 %(cap)s 分）") % {
            "weight": pts(params.base_points),
            "ceiling": pts(ceiling),
            "cap": pts(params.cap_points),
        }
        raw = ceiling
    else:
        text = head + _("，按权重 %(weight)s 分折算得 %(points)s 分") % {
            "weight": pts(params.base_points),
            "points": pts(round_points(raw)),
        }
    points, text = _floored(raw, params, text)
    return ScoreLine(fig.indicator, params.kind, points, params.base_points, text, rate)


def score_full_when_met(fig: Figures, params: RuleParams) -> ScoreLine:
    """Full base points when met, proportional below, + bonus_per_pp per pp above, at most `cap` (domain.md §5)."""
    missing = _missing(fig, params)
    if missing is not None:
        return missing
    assert fig.actual is not None
    rate = _completion(fig)
    head = _done(fig, amount(fig.actual, fig.unit), rate)
    if rate is None:
        return ScoreLine(fig.indicator, params.kind, ZERO, params.base_points, head + _("，目标为 0，不计分"))
    base = params.base_points
    if rate < HUNDRED:
        raw = base * rate / HUNDRED
        text = head + _("，未完成目标，按完成率得 %(points)s 分") % {"points": pts(round_points(raw))}
        points, text = _floored(raw, params, text)
        return ScoreLine(fig.indicator, params.kind, points, base, text, rate)
    text = head + _("，得基本分 %(base)s 分") % {"base": pts(base)}
    excess = rate - HUNDRED
    bonus = ZERO
    if excess > 0 and params.per_pp > 0:
        bonus = min(round_points(excess * params.per_pp), params.cap_points)
        text += _("，超额 %(pp)s 个百分点加 %(bonus)s 分（上限 %(cap)s 分）") % {
            "pp": excess,
            "bonus": pts(bonus),
            "cap": pts(params.cap_points),
        }
    points, text = _floored(base + bonus, params, text)
    return ScoreLine(fig.indicator, params.kind, points, base, text, rate)


def score_growth_pp(fig: Figures, params: RuleParams) -> ScoreLine:
    """Growth-rate targets (domain.md §5): base ± bonus_per_pp per pp of actual − target growth, within ± cap.

    Growth is 同比 of the reported amount against the comparable base of last year (domain.md §4);
    without a base the reported value is the growth rate itself.
    """
    missing = _missing(fig, params)
    if missing is not None:
        return missing
    assert fig.actual is not None and fig.target is not None
    growth = yoy_growth(fig.actual, fig.base) if fig.base is not None else fig.actual
    if growth is None:
        return ScoreLine(
            fig.indicator,
            params.kind,
            round_points(params.floor_points),
            params.base_points,
            _("%(name)s上年同期为 0，无法计算增速，得 %(points)s 分")
            % {"name": fig.indicator, "points": pts(params.floor_points)},
        )
    growth = round_rate(growth)
    target = round_rate(fig.target)
    gap = growth_gap_pp(growth, target)
    assert gap is not None
    if fig.lower_is_better:
        gap = -gap
    change = gap * params.per_pp
    cap = params.cap_points
    change = round_points(max(-cap, min(cap, change)))
    base = params.base_points
    name = fig.indicator if "增速" in fig.indicator else fig.indicator + _("增速")
    text = _("%(name)s %(growth)s %%，目标 %(target)s %%") % {"name": name, "growth": growth, "target": plain(target)}
    if change > 0:
        text += _("，高于目标 %(pp)s 个百分点，得基本分 %(base)s 分加 %(change)s 分（上限 %(cap)s 分）") % {
            "pp": abs(gap),
            "base": pts(base),
            "change": pts(change),
            "cap": pts(cap),
        }
    elif change < 0:
        text += _("，低于目标 %(pp)s 个百分点，得基本分 %(base)s 分减 %(change)s 分（上限 %(cap)s 分）") % {
            "pp": abs(gap),
            "base": pts(base),
            "change": pts(-change),
            "cap": pts(cap),
        }
    else:
        text += _("，得基本分 %(base)s 分") % {"base": pts(base)}
    points, text = _floored(base + change, params, text)
    return ScoreLine(fig.indicator, params.kind, points, base, text, growth)


def score_rank_by_value(figures: Mapping[K, Figures], params: RuleParams) -> dict[K, ScoreLine]:
    """Totals ranked by value (domain.md §5): the best value gets the full points, the others in proportion.

    Higher is better: value ÷ largest; lower is better: smallest ÷ value. Units without a figure get
    the floor. Targets play no part: the units are compared with each other.
    """
    values = {k: f.actual for k, f in figures.items() if f.actual is not None and f.actual > 0}
    lines: dict[K, ScoreLine] = {}
    if not values:
        best = None
    else:
        lower = any(f.lower_is_better for f in figures.values())
        best = min(values.values()) if lower else max(values.values())
    for key, fig in figures.items():
        base = params.base_points
        if fig.actual is None:
            lines[key] = ScoreLine(
                fig.indicator,
                params.kind,
                round_points(params.floor_points),
                base,
                _("%(name)s未报送年末数据，得 %(points)s 分")
                % {"name": fig.indicator, "points": pts(params.floor_points)},
            )
            continue
        head = _("%(name)s完成 %(actual)s") % {"name": fig.indicator, "actual": amount(fig.actual, fig.unit)}
        if best is None or key not in values:
            points, text = _floored(ZERO, params, head + _("，得 0 分"))
            lines[key] = ScoreLine(fig.indicator, params.kind, points, base, text)
            continue
        value = values[key]
        if value == best:
            text = head + _("，为各单位最好，得满分 %(base)s 分") % {"base": pts(base)}
            points, text = _floored(base, params, text)
            lines[key] = ScoreLine(fig.indicator, params.kind, points, base, text, HUNDRED.quantize(RATE))
            continue
        share = round_rate((best / value if fig.lower_is_better else value / best) * HUNDRED)
        raw = base * share / HUNDRED
        text = head + _("，为最好值 %(best)s的 %(share)s %%，得 %(points)s 分") % {
            "best": amount(best, fig.unit),
            "share": share,
            "points": pts(round_points(raw)),
        }
        points, text = _floored(raw, params, text)
        lines[key] = ScoreLine(fig.indicator, params.kind, points, base, text, share)
    return lines


SINGLE_UNIT_RULES = {
    RuleKind.PROPORTIONAL: score_proportional,
    RuleKind.FULL_WHEN_MET: score_full_when_met,
    RuleKind.GROWTH_PP: score_growth_pp,
}


def score_rule(params: RuleParams, figures: Mapping[K, Figures]) -> dict[K, ScoreLine]:
    """One rule for every unit; rank_by_value compares the units, the others judge each unit alone."""
    if params.kind == RuleKind.RANK_BY_VALUE:
        return score_rank_by_value(figures, params)
    scorer = SINGLE_UNIT_RULES[RuleKind(params.kind)]
    return {key: scorer(fig, params) for key, fig in figures.items()}


def adjustment_line(item: Adjustment) -> ScoreLine:
    points = round_points(item.points)
    if points >= 0:
        text = _("加分：%(reason)s，加 %(points)s 分") % {"reason": item.reason, "points": pts(points)}
    else:
        text = _("扣分：%(reason)s，扣 %(points)s 分") % {"reason": item.reason, "points": pts(-points)}
    return ScoreLine(_("加减分"), "adjustment", points, ZERO, text)


def score_units(
    units: Sequence[K],
    rules: Sequence[tuple[RuleParams, Mapping[K, Figures]]],
    adjustments: Mapping[K, Sequence[Adjustment]] | None = None,
) -> dict[K, UnitScore]:
    """Every unit's lines, total and rank: Σ rule points + Σ bonus/penalty items; ties share the better rank."""
    adjustments = adjustments or {}
    scores: dict[K, UnitScore] = {unit: UnitScore(total=ZERO, rank=None) for unit in units}
    for params, figures in rules:
        for unit, line in score_rule(params, {u: f for u, f in figures.items() if u in scores}).items():
            scores[unit].lines.append(line)
    for unit, items in adjustments.items():
        if unit in scores:
            scores[unit].lines.extend(adjustment_line(item) for item in items)
    for score in scores.values():
        score.total = sum((line.points for line in score.lines), ZERO)
    ranks = rank({unit: score.total for unit, score in scores.items()}, higher_is_better=True)
    for unit, score in scores.items():
        score.rank = ranks.get(unit)
    return scores
