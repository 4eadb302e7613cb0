"""Reads of the 亩均 evaluation: rules as scoring input, class counts, explanations, surcharges, rectification figures."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from .choices import KLASS_ORDER, IndicatorCode, RectificationStatus, RunStatus
from .models import EvaluationResult, EvaluationRun, PriceRule, Rectification, RuleSet
from .scoring import GroupRules, IndicatorRule, needed_for_next_class


def group_rules(rule_set: RuleSet) -> GroupRules:
    """A rule set as the pure scoring module's input."""
    indicators = tuple(
        IndicatorRule(
            code=i.code,
            weight=float(i.weight),
            mode=i.benchmark_mode,
            benchmark=None if i.benchmark is None else float(i.benchmark),
            factor=float(i.factor),
            cap=None if i.cap is None else float(i.cap),
            missing=i.missing_rule,
        )
        for i in rule_set.indicators.order_by("id")
    )
    overrides = {
        (o.industry.code, o.code): (
            None if o.weight is None else float(o.weight),
            None if o.benchmark is None else float(o.benchmark),
        )
        for o in rule_set.overrides.select_related("industry")
    }
    return GroupRules(
        group=rule_set.group,
        indicators=indicators,
        cut_a=rule_set.cut_a,
        cut_b=rule_set.cut_b,
        cut_c=rule_set.cut_c,
        ties_share_better=rule_set.ties_share_better,
        overrides=overrides,
    )


def rule_items(rule_sets: list[RuleSet]) -> dict[str, dict[str, tuple[str, float]]]:
    return {rs.group: {i.code: (i.kind, float(i.points)) for i in rs.items.all()} for rs in rule_sets}


def class_counts(results: QuerySet[EvaluationResult], by: str) -> list[dict[str, Any]]:
    """Final classes counted per unit (`enterprise__region__name`) or industry (`enterprise__industry__code`)."""
    rows = (
        results.values(by)
        .annotate(**{k: Count("id", filter=Q(final_class=k)) for k in KLASS_ORDER}, total=Count("id"))
        .order_by(by)
    )
    return [{"name": r[by] or "—", **{k: r[k] for k in KLASS_ORDER}, "total": r["total"]} for r in rows]


def result_explanation(result: EvaluationResult) -> dict[str, Any]:
    """One result explained: per indicator value, benchmark, weight, contribution and share of the score, the
    rank in the group, and what would move it to the next class (domain.md §7, issue 6)."""
    run = result.run
    rule_set = next((rs for rs in run.rule_sets.all() if rs.group == result.group), None)
    weights: dict[str, Any] = {}
    caps: dict[str, Any] = {}
    if rule_set is not None:
        for ind in rule_set.indicators.all():
            weights[ind.code] = float(ind.weight)
            caps[ind.code] = None if ind.cap is None else float(ind.cap)
        industry = result.enterprise.industry
        division = industry.code if industry is not None else None
        for o in rule_set.overrides.select_related("industry"):
            if o.industry.code == division and o.weight is not None:
                weights[o.code] = float(o.weight)
    labels = dict(IndicatorCode.choices)
    score = float(result.score)
    rows = []
    for code, weight in weights.items():
        contribution = result.contributions.get(code)
        rows.append(
            {
                "code": code,
                "label": labels.get(code, code),
                "value": result.values.get(code),
                "benchmark": result.benchmarks.get(code),
                "weight": weight,
                "cap": caps.get(code),
                "contribution": contribution,
                "share": round(100 * contribution / score, 1) if contribution is not None and score else None,
                "missing": result.values.get(code) is None,
            }
        )
    thresholds = (run.thresholds or {}).get(result.group, {}).get("thresholds", {})
    klass = result.final_class
    nxt = needed_for_next_class(score=score, klass=klass, thresholds=thresholds, vetoed=result.vetoed, indicators=rows)
    if nxt:
        nxt["indicators"] = [dict(n, label=labels.get(n["code"], n["code"])) for n in nxt["indicators"]]
    return {
        "score": score,
        "bonus": float(result.bonus),
        "penalty": float(result.penalty),
        "rank": result.rank,
        "group_size": result.group_size,
        "computed_class": result.computed_class,
        "final_class": klass,
        "vetoed": result.vetoed,
        "protected": result.protected,
        "indicators": rows,
        "next_class": nxt,
    }


def latest_result(enterprise: Any, user: Any) -> EvaluationResult | None:
    """The enterprise's result of the latest published or final run the user may see."""
    return (
        EvaluationResult.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("run", "enterprise__industry")
        .order_by("-run__year", "-run_id")
        .first()
    )


def final_classes(enterprise_ids: list[int], years: list[int]) -> dict[tuple[int, int], str]:
    """(enterprise, year) → final class of that year's latest final run."""
    runs = {}
    for run in EvaluationRun.objects.filter(year__in=years, status=RunStatus.FINAL).order_by("year", "id"):
        runs[run.year] = run.pk
    found: dict[tuple[int, int], str] = {}
    rows = EvaluationResult.objects.filter(run_id__in=runs.values(), enterprise_id__in=enterprise_ids)
    year_of = {pk: year for year, pk in runs.items()}
    for enterprise_id, run_id, klass in rows.values_list("enterprise_id", "run_id", "final_class"):
        found[(enterprise_id, year_of[run_id])] = klass
    return found


def surcharges(run: EvaluationRun, results: QuerySet[EvaluationResult]) -> list[dict[str, Any]]:
    """差别化价格: each enterprise's surcharge per resource from its final class and the price rules of the
    year after the evaluation year; the consecutive rate applies after as many years in the class in a row."""
    price_year = run.year + 1
    rules = list(PriceRule.objects.filter(year=price_year))
    if not rules:
        return []
    by_class: dict[str, list[PriceRule]] = defaultdict(list)
    for rule in rules:
        by_class[rule.klass].append(rule)
    rows = list(results.filter(final_class__in=by_class).select_related("enterprise"))
    longest = max((r.consecutive_years or 1) for r in rules)
    history = final_classes([r.enterprise_id for r in rows], list(range(run.year - longest + 1, run.year)))
    out = []
    for row in rows:
        for rule in by_class[row.final_class]:
            streak = 1
            for back in range(1, (rule.consecutive_years or 1)):
                if history.get((row.enterprise_id, run.year - back)) != row.final_class:
                    break
                streak += 1
            consecutive = bool(rule.consecutive_years and streak >= rule.consecutive_years)
            amount = rule.consecutive_surcharge if consecutive and rule.consecutive_surcharge else rule.surcharge
            out.append(
                {
                    "enterprise_id": row.enterprise_id,
                    "enterprise": row.enterprise.name,
                    "uscc": row.enterprise.uscc,
                    "klass": row.final_class,
                    "resource": rule.resource,
                    "resource_label": rule.get_resource_display(),
                    "surcharge": amount,
                    "consecutive_years": streak,
                    "year": price_year,
                }
            )
    return out


def rectification_figures(queryset: QuerySet[Rectification]) -> list[dict[str, Any]]:
    """Per unit: firms identified, rectified (销号), land freed (亩), energy freed (tce)."""
    rows = (
        queryset.values("enterprise__region__name")
        .annotate(
            identified=Count("id"),
            rectified=Count("id", filter=Q(status=RectificationStatus.CLOSED)),
            land=Sum("land_freed_mu", filter=Q(status=RectificationStatus.CLOSED)),
            energy=Sum("energy_freed_tce", filter=Q(status=RectificationStatus.CLOSED)),
        )
        .order_by("enterprise__region__name")
    )
    return [
        {
            "unit": r["enterprise__region__name"],
            "identified": r["identified"],
            "rectified": r["rectified"],
            "land": r["land"] or Decimal("0"),
            "energy": r["energy"] or Decimal("0"),
        }
        for r in rows
    ]
