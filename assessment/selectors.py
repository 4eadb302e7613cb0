"""Reads for the assessment: a scheme's year-end figures per unit, and the quarter's laggards.

The year-end figure of a unit is the December report as the city accepted it (accepted or locked
after the month's publication, domain.md §4): a report still in the unit's hands does not count.
Monthly reports are read through reporting's models only here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from regions.models import Region
from reporting.choices import ReportStatus
from reporting.models import ReportValue
from targets.choices import Direction, IndicatorKind, PeriodKind, TargetStatus
from targets.models import Target

from .models import Duty, DutyProgress, ScoringRule, ScoringScheme
from .scoring import Adjustment, Figures, RuleParams

FINAL_STATUSES = (ReportStatus.ACCEPTED, ReportStatus.LOCKED)
YEAR_END_MONTH = 12


@dataclass
class SchemeInputs:
    """Everything the pure scoring needs for one scheme, keyed by region id, plus where it came from."""

    units: list[int]
    rules: list[tuple[RuleParams, dict[int, Figures]]]
    adjustments: dict[int, list[Adjustment]]
    reports: dict[int, dict[str, Any]] = field(default_factory=dict)


def scheme_rules(scheme: ScoringScheme) -> list[ScoringRule]:
    return list(scheme.rules.select_related("indicator").order_by("order", "pk"))


def _year_targets(indicator_ids: Sequence[int], year: int) -> dict[tuple[int, int], Target]:
    """Each indicator × unit's target for the year: the year's target, else the stock's year-end target."""
    found: dict[tuple[int, int], Target] = {}
    targets = Target.objects.filter(indicator_id__in=indicator_ids).filter(
        Q(period_kind=PeriodKind.YEAR, year_start=year) | Q(period_kind=PeriodKind.YEAR_END, year_end=year)
    )
    for target in targets.order_by("period_kind"):  # "year" sorts after "year_end": the year's target wins
        found[(target.indicator_id, target.region_id)] = target
    return found


def scheme_inputs(scheme: ScoringScheme) -> SchemeInputs:
    """The units (those with a target under the plan for the year, the plan's own region excluded), each
    rule's figures per unit from the accepted December reports, and the bonus/penalty items. Four queries."""
    rules = scheme_rules(scheme)
    indicator_ids = [r.indicator_id for r in rules]
    targets = _year_targets(indicator_ids, scheme.year)
    city_id = scheme.plan.scope_region_id
    units = sorted(
        {region_id for (_i, region_id) in targets if region_id != city_id},
        key=lambda pk: pk,
    )
    values = (
        ReportValue.objects.filter(
            indicator_id__in=indicator_ids,
            report__region_id__in=units,
            report__year=scheme.year,
            report__month=YEAR_END_MONTH,
            report__status__in=FINAL_STATUSES,
        )
        .select_related("report")
        .only(
            "indicator_id",
            "value",
            "base_value",
            "report__id",
            "report__region_id",
            "report__revision",
            "report__status",
        )
    )
    by_cell: dict[tuple[int, int], Any] = {}
    reports: dict[int, dict[str, Any]] = {}
    for value in values:
        by_cell[(value.indicator_id, value.report.region_id)] = value
        reports[value.report.region_id] = {
            "report": value.report.pk,
            "revision": value.report.revision,
            "status": value.report.status,
        }
    rule_inputs: list[tuple[RuleParams, dict[int, Figures]]] = []
    for rule in rules:
        indicator = rule.indicator
        params = RuleParams(rule.kind, rule.base_points, rule.bonus_per_pp, rule.cap, rule.floor)
        figures: dict[int, Figures] = {}
        for unit in units:
            target = targets.get((indicator.pk, unit))
            cell = by_cell.get((indicator.pk, unit))
            numeric = target is not None and target.status == TargetStatus.NUMBER and target.value is not None
            figures[unit] = Figures(
                indicator=indicator.name,
                unit=indicator.unit,
                actual=cell.value if cell is not None else None,
                target=target.value if numeric and target is not None else None,
                base=cell.base_value if cell is not None and indicator.kind == IndicatorKind.GROWTH_RATE else None,
                target_text=(target.display if target is not None else "") or "",
                lower_is_better=indicator.direction == Direction.LOWER,
            )
        rule_inputs.append((params, figures))
    adjustments: dict[int, list[Adjustment]] = {}
    for item in scheme.adjustments.filter(region_id__in=units).order_by("pk"):
        adjustments.setdefault(item.region_id, []).append(Adjustment(item.points, item.reason))
    return SchemeInputs(units=units, rules=rule_inputs, adjustments=adjustments, reports=reports)


def unit_names(ids: Sequence[int]) -> dict[int, str]:
    return dict(Region.objects.filter(pk__in=ids).values_list("pk", "name"))


# --- duties ------------------------------------------------------------------------------------------


def laggard_list(*, user: Any, year: int, quarter: int, plan: Any = None) -> list[dict[str, Any]]:
    """The quarter's supervision list (季度督查): duties in the user's scope with no progress note for the
    quarter, or whose progress says lagging. Two queries, whatever the number of duties."""
    duties: QuerySet[Duty] = Duty.objects.visible_to(user).select_related("plan", "department")
    if plan is not None:
        duties = duties.filter(plan=plan)
    progress = {
        p.duty_id: p
        for p in DutyProgress.objects.filter(duty__in=duties, year=year, quarter=quarter).only(
            "id", "duty_id", "note", "status", "updated_at"
        )
    }
    rows = []
    for duty in duties.order_by("department__name", "order", "pk"):
        entry = progress.get(duty.pk)
        if entry is None or not entry.note.strip():
            reason = "missing"
        elif entry.status == "lagging":
            reason = "lagging"
        else:
            continue
        rows.append({"duty": duty, "progress": entry, "reason": reason})
    return rows
