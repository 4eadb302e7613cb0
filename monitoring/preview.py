"""The figures a report's grid shows beside each row while the unit types: completion, 序时 deviation
(or the gap to a growth/share target) and growth, judged by `calculations.evaluate` — the dashboard's
rules — against the targets the dashboard uses (`year_targets`), so the grid never says something the
dashboard then contradicts. The grid posts what is typed (nothing is stored) and gets these back.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpRequest, JsonResponse
from django.views import View

from core.scope import access_object_from
from reporting.models import MonthlyReport
from reporting.selectors import GridLine, report_grid
from reporting.validation import NUMBER_FIELDS, parse_number
from reporting.views import entries_from_post
from targets.choices import Direction

from .calculations import DEFAULT_THRESHOLDS, Evaluation, Figures, evaluate
from .display import percent, rounded, schedule_text, target_gap_text
from .selectors import share_scale, thresholds_for, year_targets


def _number(raw: Any, stored: Any) -> Decimal | None:
    """What is typed (blank means blank), or the stored figure when the field was not sent; unreadable → None."""
    if raw is None:
        return stored
    try:
        return parse_number(raw)
    except ValueError:
        return None


def evaluate_lines(
    *, report: MonthlyReport, lines: list[GridLine], entries: Mapping[int, Mapping[str, Any]], user: Any
) -> dict[int, Evaluation]:
    """Each line's evaluation with the typed figures (entries) over the stored ones."""
    targets: dict[int, Decimal | None] = {}
    thresholds: dict[int, Any] = {}
    plans = {line.indicator.plan_id: line.indicator.plan for line in lines}
    for plan in plans.values():
        values, _regions = year_targets(plan, report.year, user=user)
        targets.update({ind: v for (region, ind), v in values.items() if region == report.region_id})
        own = [line.indicator for line in lines if line.indicator.plan_id == plan.pk]
        thresholds.update({pk: t for pk, (t, _source) in thresholds_for(plan, own).items()})
    result: dict[int, Evaluation] = {}
    for line in lines:
        indicator = line.indicator
        typed = entries.get(indicator.pk, {})
        numbers = {name: _number(typed.get(name), line.current(name)) for name in NUMBER_FIELDS}
        if line.is_computed:
            numbers["value"] = line.computed
        result[indicator.pk] = evaluate(
            kind=indicator.kind,
            figures=Figures(**numbers),
            target=targets.get(indicator.pk),
            month=report.month,
            higher_is_better=indicator.direction != Direction.LOWER,
            thresholds=thresholds.get(indicator.pk, DEFAULT_THRESHOLDS),
            share_scale=share_scale(indicator),
        )
    return result


def shown(evaluation: Evaluation, kind: str) -> dict[str, str]:
    """The three figures as the dashboard prints them (one decimal, 个百分点), and the warning colour."""
    flows = kind in ("flow_amount", "flow_count")
    deviation = schedule_text(evaluation.deviation) if flows else target_gap_text(evaluation.deviation)
    return {
        "completion": percent(evaluation.completion) if evaluation.completion is not None else "",
        "deviation": deviation,
        "growth": percent(evaluation.growth) if evaluation.growth is not None else "",
        "colour": evaluation.colour or "",
        "deviation_pp": "" if evaluation.deviation is None else str(rounded(evaluation.deviation)),
    }


class ReportPreviewView(PermissionRequiredMixin, View):
    """POST the grid's inputs (`v-<indicator>-<field>`, as the form sends them): the rows' figures as JSON."""

    permission_required = "reporting.view_monthlyreport"
    raise_exception = True

    def post(self, request: HttpRequest, pk: int) -> JsonResponse:
        queryset = MonthlyReport.objects.visible_to(request.user).select_related("region")
        report = access_object_from(queryset, pk)
        lines = report_grid(report)
        entries = entries_from_post(request.POST, lines)
        evaluations = evaluate_lines(report=report, lines=lines, entries=entries, user=request.user)
        kinds = {line.indicator.pk: line.indicator.kind for line in lines}
        return JsonResponse({str(pk): shown(ev, kinds[pk]) for pk, ev in evaluations.items()})
