"""Monitoring pages: the dashboard of a plan × month, one unit's history, the Excel export, and thresholds.

The dashboard needs `monitoring.view_monitoring`; the plan must be visible to the user (else 404),
and the matrix shows only the units of the user's subtree (selectors.py says why and how).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.scope import access_object
from core.views import ObjectViews
from regions.selectors import access_region
from reporting.models import MonthlyReport
from targets.models import Indicator, Plan

from . import services
from .calculations import schedule_progress
from .display import (
    COLOUR_LABELS,
    judged_value,
    percent,
    rank_change_text,
    rounded,
    schedule_text,
    shown_value,
    target_gap_text,
)
from .exports import matrix_workbook
from .filtersets import WarningThresholdFilterSet
from .forms import DashboardForm, WarningThresholdForm
from .models import WarningThreshold
from .selectors import (
    FINAL_STATUSES,
    Cell,
    Column,
    Matrix,
    completion_series,
    monitoring_matrix,
    unit_history,
)
from .tables import WarningThresholdTable

VIEW_PERMISSION = "monitoring.view_monitoring"
CSS_CLASSES = {"green": "bg-green-lt", "yellow": "bg-yellow-lt", "red": "bg-red-lt"}


def default_period(plan: Plan, region_ids: list[int] | None) -> tuple[int, int]:
    """The latest month with an accepted report in the plan's years (else the plan's first year, 1—2月)."""
    reports = MonthlyReport.objects.filter(
        status__in=FINAL_STATUSES, year__gte=plan.year_start, year__lte=plan.year_end
    )
    if region_ids is not None:
        reports = reports.filter(region_id__in=region_ids)
    latest = reports.order_by("-year", "-month").values_list("year", "month").first()
    return latest if latest else (plan.year_start, 2)


def dashboard_params(request: HttpRequest, plan: Plan) -> tuple[int, int, bool, int | None]:
    """Year, month, provisional and chart indicator from the query string, defaults when absent or wrong."""
    user: Any = request.user
    form = DashboardForm(request.GET)
    if form.is_valid():
        data = form.cleaned_data
        return data["year"], data["month"], data["provisional"], data.get("indicator")
    year, month = default_period(plan, None if user.sees_everything else list(user.scope_region_ids))
    return year, month, False, None


def cell_view(column: Column, cell: Cell | None, *, forecast: bool = False) -> dict[str, Any]:
    """What a matrix cell shows: value in the notice's unit, completion, deviation text, growth, colour; with
    `forecast`, also the year's target and the year-end forecast (the forecast table's row: only the chosen
    indicator's, so the 4,000 cells of a province plan do not convert two more figures each)."""
    if cell is None:
        return {"empty": True}
    ev = cell.evaluation
    flow = ev.schedule is not None
    if cell.nil:  # marked 无 by the unit, with a note: not a zero, not 未报 (issue #12)
        return {"empty": True, "nil": True, "note": cell.nil_note}
    if not cell.reported and cell.covered is None:
        # An incomplete month: the unit has not reported this figure. 未报, never a zero (issue #12).
        return {"empty": True, "missing": column.indicator.kind != "qualitative"}
    return {
        "empty": not cell.reported and not cell.covered,
        "coverage": _("%(n)d/%(total)d 个单位已报，不与全市目标比较") % {"n": cell.covered, "total": cell.of}
        if cell.incomplete
        else "",
        "value": judged_value(ev, column.indicator),
        "completion": percent(ev.completion) if ev.completion is not None else "",
        "deviation": rounded(ev.deviation),
        "deviation_text": schedule_text(ev.deviation) if flow else target_gap_text(ev.deviation),
        "growth": percent(ev.growth) if ev.growth is not None else "",
        "two_year": percent(ev.two_year_growth) if ev.two_year_growth is not None else "",
        "colour": ev.colour or "",
        "css": CSS_CLASSES.get(ev.colour or "", ""),
        "colour_label": COLOUR_LABELS.get(ev.colour or "", ""),
        "rank": cell.rank,
        "rank_change": rank_change_text(cell.rank_change),
        "forecast_warning": ev.forecast_warning,
        "provisional": cell.provisional,
        **(
            {
                "target": shown_value(ev.target, column.indicator.unit),
                "forecast": shown_value(ev.forecast, column.indicator.unit),
            }
            if forecast
            else {}
        ),
    }


def chart_data(matrix: Matrix, indicator: Indicator, series: dict[int, list[Any]]) -> dict[str, Any]:
    """JSON for static/jingxin/monitoring.js: completion vs 序时 per unit, and the ranking bars."""
    months = list(range(2, matrix.month + 1))
    column = next((c for c in matrix.columns if c.indicator.pk == indicator.pk), None)
    ranking = matrix.ranking(column) if column is not None and matrix.complete else []
    return {
        "months": [_("1—2月") if m == 2 else _("1—%d月") % m for m in months],
        "schedule": [float(rounded(schedule_progress(m)) or 0) for m in months],
        "schedule_label": _("序时进度"),
        "units": [
            {
                "name": unit.name,
                "completion": [
                    None if p.completion is None else float(rounded(p.completion) or 0) for p in series[unit.pk]
                ],
            }
            for unit in matrix.units
            if unit.pk in series
        ],
        "ranking": [
            {"name": unit.name, "value": float(rounded(cell.evaluation.measure) or 0)} for unit, cell in ranking
        ],
        "indicator": str(indicator),
    }


class MonitoringIndexView(PermissionRequiredMixin, View):
    """The plans the user may monitor."""

    permission_required = VIEW_PERMISSION
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        plans = Plan.objects.visible_to(request.user).select_related("scope_region")
        return render(request, "monitoring/index.html", {"plans": plans, "title": _("月度监测")})


class PlanDashboardView(PermissionRequiredMixin, View):
    """Unit × indicator matrix with colours, rankings with change of rank, charts and forecasts."""

    permission_required = VIEW_PERMISSION
    raise_exception = True

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = access_object(Plan, request.user, pk)
        year, month, provisional, indicator_id = dashboard_params(request, plan)
        matrix = monitoring_matrix(plan=plan, year=year, month=month, user=request.user, provisional=provisional)
        chart_column = next((c for c in matrix.columns if c.indicator.pk == indicator_id), None) or next(
            (c for c in matrix.columns if c.indicator.kind in ("flow_amount", "flow_count")),
            matrix.columns[0] if matrix.columns else None,
        )
        charts = None
        if chart_column is not None:
            series = completion_series(
                plan=plan,
                indicator=chart_column.indicator,
                year=year,
                month=month,
                user=request.user,
                units=matrix.units,
                provisional=provisional,
            )
            charts = chart_data(matrix, chart_column.indicator, series)
        # One view per cell, shared by the matrix, the ranking and the forecasts (a province plan has 4,000).
        rows = [
            (unit, [cell_view(c, cell) for c, cell in zip(matrix.columns, cells, strict=True)])
            for unit, cells in matrix.rows()
        ]
        city = (
            [cell_view(c, cell) for c, cell in zip(matrix.columns, matrix.city_row(), strict=True)]
            if matrix.complete
            else None
        )
        # The ranking and forecast tables follow the chart's indicator (the picker below the charts): all
        # indicators' rankings and forecasts are in the Excel export and the API, and a forecast warning is
        # marked in its matrix cell. 40 tables of 100 units were 8,000 rows of HTML (issue 16).
        rankings, forecasts = [], []
        if chart_column is not None:
            index = matrix.columns.index(chart_column)
            shown = {unit.pk: views[index] for unit, views in rows}
            if matrix.complete:
                rankings = [(chart_column, [(u, shown[u.pk]) for u, _cell in matrix.ranking(chart_column)])]
            forecasts = [
                (unit, chart_column, view)
                for unit in matrix.units
                if (view := cell_view(chart_column, matrix.cell(unit, chart_column), forecast=True)).get("forecast")
                is not None
            ]
        warnings = sum(1 for _unit, views in rows for view in views if view.get("forecast_warning"))
        form = DashboardForm(initial={"year": year, "month": month, "provisional": provisional})
        return render(
            request,
            "monitoring/dashboard.html",
            {
                "title": _("月度监测：%s") % plan.title,
                "plan": plan,
                "matrix": matrix,
                "rows": rows,
                "city": city,
                "rankings": rankings,
                "forecasts": forecasts,
                "forecast_warnings": warnings,
                "charts": charts,
                "chart_column": chart_column,
                "form": form,
                "period": f"{year}年1—{month}月",
                "query": request.GET.urlencode(),
            },
        )


class PlanDashboardExportView(PermissionRequiredMixin, View):
    """Every table of the dashboard as .xlsx, coloured like the page."""

    permission_required = VIEW_PERMISSION
    raise_exception = True

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = access_object(Plan, request.user, pk)
        year, month, provisional, _indicator = dashboard_params(request, plan)
        matrix = monitoring_matrix(plan=plan, year=year, month=month, user=request.user, provisional=provisional)
        content = matrix_workbook(matrix)
        stamp_ = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name = f"月度监测-{year}年1-{month}月-{stamp_}.xlsx"
        from django.utils.encoding import escape_uri_path

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(name)}"
        return response


class UnitHistoryView(PermissionRequiredMixin, View):
    """Drill-down: one unit's every month and indicator of a year."""

    permission_required = VIEW_PERMISSION
    raise_exception = True

    def get(self, request: HttpRequest, pk: int, region: int) -> HttpResponse:
        plan = access_object(Plan, request.user, pk)
        unit = access_region(request.user, region)
        year, _month, provisional, _indicator = dashboard_params(request, plan)
        history = unit_history(plan=plan, region=unit, year=year, user=request.user, provisional=provisional)
        rows = [(column, [cell_view(column, cell) for cell in cells]) for column, cells in history.rows()]
        return render(
            request,
            "monitoring/unit_history.html",
            {
                "title": _("%(unit)s · %(year)d年月度监测") % {"unit": unit.name, "year": year},
                "plan": plan,
                "unit": unit,
                "history": history,
                "rows": rows,
                "months": [_("1—2月") if m == 2 else _("1—%d月") % m for m in history.months],
                "year": year,
            },
        )


# --- warning thresholds -------------------------------------------------------------------------------


class WarningThresholdViews(ObjectViews):
    model = WarningThreshold
    table_class = WarningThresholdTable
    filterset_class = WarningThresholdFilterSet
    form_class = WarningThresholdForm
    services = (services.warningthreshold_create, services.warningthreshold_update, services.warningthreshold_delete)
    related = ("plan", "indicator")
    fields = ("plan", "indicator", "yellow_pp", "red_pp", "red_on_negative_growth", "notes")
