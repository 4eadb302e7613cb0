"""Reads of the 亩均 evaluation: rules as scoring input, class counts, explanations, surcharges, rectification figures."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from enterprises.models import Industry
from regions.models import Region

from .choices import KLASS_ORDER, RUN_RELEASED, IndicatorCode, MissingRule, RectificationStatus, Resource, RunStatus
from .models import EvaluationResult, EvaluationRun, PriceRule, Rectification, RuleSet
from .scoring import GroupRules, IndicatorRule, needed_for_next_class


def _override_codes(rule_set: RuleSet) -> dict[int, list[str]]:
    """Override division id → the industry codes it covers: the division and its 中类/小类 below, so an
    enterprise registered on a finer code takes its division's override (分行业评价 by 大类)."""
    overrides = list(rule_set.overrides.all())
    ids = {o.industry_id for o in overrides}
    covered: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return covered
    below = Industry.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids) | Q(parent__parent_id__in=ids))
    for pk, code, parent_id, grandparent_id in below.values_list("pk", "code", "parent_id", "parent__parent_id"):
        top = next(i for i in (pk, parent_id, grandparent_id) if i in ids)
        covered[top].append(code)
    return covered


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
    covered = _override_codes(rule_set)
    overrides = {
        (code, o.code): (
            None if o.weight is None else float(o.weight),
            None if o.benchmark is None else float(o.benchmark),
        )
        for o in rule_set.overrides.all()
        for code in covered.get(o.industry_id, ())
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


def _class_counts(results: QuerySet[EvaluationResult], field: str) -> dict[Any, dict[str, int]]:
    """Final classes counted per value of a result column (no join: the run stored unit and division)."""
    rows = (
        results.order_by()
        .values(field)
        .annotate(**{k: Count("id", filter=Q(final_class=k)) for k in KLASS_ORDER}, total=Count("id"))
    )
    return {r[field]: {**{k: r[k] for k in KLASS_ORDER}, "total": r["total"]} for r in rows}


def class_counts_by_unit(results: QuerySet[EvaluationResult]) -> list[dict[str, Any]]:
    """Final classes per unit (the enterprise's region when the run read it), in the regions' code order:
    one row per unit with A, B, C, D and the total."""
    counts = _class_counts(results, "region_id")
    regions = {r.pk: r for r in Region.objects.filter(pk__in=[k for k in counts if k is not None])}
    ordered = sorted(counts, key=lambda k: (k is None, regions[k].code if k in regions else ""))
    return [{"name": regions[k].name if k in regions else "—", **counts[k]} for k in ordered]


def class_counts_by_industry(results: QuerySet[EvaluationResult]) -> list[dict[str, Any]]:
    """Final classes per GB/T 4754 division the run weighted by, e.g. "C34 通用设备制造业", in code order."""
    counts = _class_counts(results, "division")
    names = dict(Industry.objects.filter(code__in=[k for k in counts if k]).values_list("code", "name"))
    return [
        {"name": f"{k} {names.get(k, '')}".strip() if k else "—", **counts[k]}
        for k in sorted(counts, key=lambda k: (not k, k))
    ]


def result_explanation(result: EvaluationResult) -> dict[str, Any]:
    """One result explained: per indicator value, benchmark, weight, contribution and share of the score, the
    rank in the group, and what would move it to the next class (domain.md §7, issue 6)."""
    run = result.run
    rule_set = next((rs for rs in run.rule_sets.all() if rs.group == result.group), None)
    weights: dict[str, Any] = {}
    caps: dict[str, Any] = {}
    missing_rules: dict[str, str] = {}
    if rule_set is not None:
        rules = group_rules(rule_set)
        division = result.division  # the one the run weighted by (a shared parcel's first member's)
        for ind in rules.indicators:
            override = rules.overrides.get((division or "", ind.code), (None, None))[0]
            weights[ind.code] = ind.weight if override is None else override
            caps[ind.code] = ind.cap
            missing_rules[ind.code] = ind.missing
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
                "missing_rule": missing_rules.get(code, MissingRule.GROUP_AVERAGE),
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
    """The enterprise's result of the latest run the user may see (for an enterprise user: published or final)."""
    return (
        EvaluationResult.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("run", "enterprise__industry")
        .order_by("-run__year", "-run_id")
        .first()
    )


def latest_run_id(user: Any) -> int | None:
    """The newest run with results the user may see (for an enterprise user: published or final): the result
    list's default. Runs are few; this reads the runs table only."""
    runs = EvaluationRun.objects.filter(result_count__gt=0).order_by("-year", "-id")
    if getattr(user, "is_enterprise_user", False):
        runs = runs.filter(status__in=RUN_RELEASED)
    return runs.values_list("pk", flat=True).first()


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


def price_snapshot(year: int) -> list[dict[str, Any]]:
    """The price rules of a year as plain data (amounts as decimal strings), stored on a run when it is
    finalised so its surcharges never follow later edits of the price table."""
    return [
        {
            "klass": rule.klass,
            "resource": rule.resource,
            "surcharge": str(rule.surcharge),
            "consecutive_years": rule.consecutive_years,
            "consecutive_surcharge": None if rule.consecutive_surcharge is None else str(rule.consecutive_surcharge),
        }
        for rule in PriceRule.objects.filter(year=year).order_by("resource", "klass")
    ]


def surcharges(run: EvaluationRun, results: QuerySet[EvaluationResult]) -> list[dict[str, Any]]:
    """差别化价格: each enterprise's surcharge per resource from its final class and the price rules of the
    year after the evaluation year as they stood when the run was finalised (`run.prices`); the consecutive
    rate applies after as many years in the class in a row. Only a final run has surcharges."""
    if run.status != RunStatus.FINAL:
        raise ValidationError(_("差别化价格只适用于已确定的评价结果，该评价批次尚未确定。"))
    price_year = run.year + 1
    rules = run.prices or []
    if not rules:
        return []
    labels = dict(Resource.choices)
    by_class: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rule in rules:
        by_class[rule["klass"]].append(rule)
    rows = list(results.filter(final_class__in=by_class).select_related("enterprise"))
    longest = max((r["consecutive_years"] or 1) for r in rules)
    history = final_classes([r.enterprise_id for r in rows], list(range(run.year - longest + 1, run.year)))
    out = []
    for row in rows:
        for rule in by_class[row.final_class]:
            years = rule["consecutive_years"] or 1
            streak = 1
            for back in range(1, years):
                if history.get((row.enterprise_id, run.year - back)) != row.final_class:
                    break
                streak += 1
            consecutive = bool(rule["consecutive_years"] and streak >= years and rule["consecutive_surcharge"])
            amount = Decimal(rule["consecutive_surcharge"] if consecutive else rule["surcharge"])
            out.append(
                {
                    "enterprise_id": row.enterprise_id,
                    "enterprise": row.enterprise.name,
                    "uscc": row.enterprise.uscc,
                    "klass": row.final_class,
                    "resource": rule["resource"],
                    "resource_label": str(labels.get(rule["resource"], rule["resource"])),
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
