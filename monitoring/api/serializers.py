"""Monitoring API shapes. Rates and deviations are percent / percentage points to 4 decimals; values are in the
indicator's `unit` (as the notice writes it, e.g. 亿元) and in `storage_unit` (money in 万元).
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from targets.choices import IndicatorKind
from targets.measures import from_storage

from ..models import WarningThreshold
from ..selectors import Cell, Column, History, Matrix

_D: dict[str, Any] = {"max_digits": 30, "decimal_places": 4, "allow_null": True, "coerce_to_string": True}


class WarningThresholdSerializer(serializers.ModelSerializer):
    class Meta:
        model = WarningThreshold
        fields = [
            "id",
            "plan",
            "indicator",
            "yellow_pp",
            "red_pp",
            "red_on_negative_growth",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_unique_together_validators(self) -> list[Any]:
        return []  # the service checks one threshold per plan / indicator

    def get_validators(self) -> list[Any]:
        return []


class IndicatorColumnSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField()
    storage_unit = serializers.CharField()
    kind = serializers.CharField()
    direction = serializers.CharField()
    yellow_pp = serializers.DecimalField(**_D)
    red_pp = serializers.DecimalField(**_D)
    red_on_negative_growth = serializers.BooleanField()
    threshold_source = serializers.ChoiceField(choices=["indicator", "plan", "default"])


class CellSerializer(serializers.Serializer):
    region = serializers.CharField(help_text="region code; 'city' figures are in `city`")
    indicator = serializers.IntegerField()
    reported = serializers.BooleanField()
    provisional = serializers.BooleanField(help_text="from a submitted or unit-approved report, not yet accepted")
    nil = serializers.BooleanField(help_text="the unit marked this figure 无 (none this month): value is null, not 0")
    nil_note = serializers.CharField(help_text="why the figure is 无 (the unit's note)")
    value = serializers.DecimalField(**_D, help_text="in the indicator's unit")
    value_stored = serializers.DecimalField(**_D, help_text="in the storage unit (money in 万元)")
    target = serializers.DecimalField(**_D)
    completion = serializers.DecimalField(**_D, help_text="percent of the annual target")
    schedule = serializers.DecimalField(**_D, help_text="序时进度, percent (flows)")
    deviation = serializers.DecimalField(**_D, help_text="percentage points; positive is ahead / above target")
    growth = serializers.DecimalField(**_D, help_text="同比, percent")
    two_year_growth = serializers.DecimalField(**_D, help_text="两年平均, percent")
    colour = serializers.CharField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    rank_change = serializers.IntegerField(allow_null=True, help_text="places gained since last month")
    forecast = serializers.DecimalField(**_D, help_text="projected year-end value, in the indicator's unit")
    forecast_warning = serializers.BooleanField()
    covered = serializers.IntegerField(allow_null=True, help_text="city row: units that reported this indicator")
    of = serializers.IntegerField(allow_null=True, help_text="city row: all units; when covered < of it is not judged")


class OverallSerializer(serializers.Serializer):
    region = serializers.CharField()
    region_name = serializers.CharField()
    mean_rank = serializers.DecimalField(**_D)
    rank = serializers.IntegerField(allow_null=True)
    rank_change = serializers.IntegerField(allow_null=True)


class MatrixSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    provisional = serializers.BooleanField()
    complete = serializers.BooleanField(help_text="the user sees every unit: city figures and ranks are included")
    indicators = IndicatorColumnSerializer(many=True)
    units = serializers.ListField(child=serializers.DictField())
    cells = CellSerializer(many=True)
    city = CellSerializer(many=True)
    overall = OverallSerializer(many=True)
    missing_units = serializers.ListField(
        child=serializers.CharField(), help_text="codes of units that reported nothing this month (未报)"
    )


class RankingEntrySerializer(serializers.Serializer):
    region = serializers.CharField()
    region_name = serializers.CharField()
    rank = serializers.IntegerField()
    rank_change = serializers.IntegerField(allow_null=True)
    measure = serializers.DecimalField(**_D, help_text="completion %, growth % or the share, by kind")
    colour = serializers.CharField(allow_null=True)


class IndicatorRankingSerializer(serializers.Serializer):
    indicator = serializers.IntegerField()
    name = serializers.CharField()
    ranking = RankingEntrySerializer(many=True)


class RankingsSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    overall = OverallSerializer(many=True)
    indicators = IndicatorRankingSerializer(many=True)


class ForecastSerializer(serializers.Serializer):
    region = serializers.CharField()
    indicator = serializers.IntegerField()
    unit = serializers.CharField()
    ytd = serializers.DecimalField(**_D)
    target = serializers.DecimalField(**_D)
    forecast = serializers.DecimalField(**_D)
    deviation = serializers.DecimalField(**_D)
    forecast_warning = serializers.BooleanField()


class ForecastsSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    forecasts = ForecastSerializer(many=True)


class HistorySerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    region = serializers.CharField()
    year = serializers.IntegerField()
    indicators = IndicatorColumnSerializer(many=True)
    months = serializers.ListField(child=serializers.IntegerField())
    cells = CellSerializer(many=True, help_text="one per indicator and month; `month` added")


# --- plain data from the selectors' objects ------------------------------------------------------------


def _shown(value: Any, unit: str) -> Any:
    return None if value is None else from_storage(value, unit)


def column_data(column: Column) -> dict[str, Any]:
    indicator = column.indicator
    return {
        "id": indicator.pk,
        "name": indicator.name,
        "unit": indicator.unit,
        "storage_unit": indicator.storage_unit,
        "kind": indicator.kind,
        "direction": indicator.direction,
        "yellow_pp": column.thresholds.yellow_pp,
        "red_pp": column.thresholds.red_pp,
        "red_on_negative_growth": column.thresholds.red_on_negative_growth,
        "threshold_source": column.threshold_source,
    }


def cell_data(region: str, column: Column, cell: Cell | None) -> dict[str, Any]:
    unit = column.indicator.unit
    ev = cell.evaluation if cell else None
    return {
        "region": region,
        "indicator": column.indicator.pk,
        "reported": bool(cell and cell.reported),
        "provisional": bool(cell and cell.provisional),
        "nil": bool(cell and cell.nil),
        "nil_note": cell.nil_note if cell else "",
        # the headline figure in the target's unit, unrounded (a growth indicator's growth, in percent)
        "value": (ev.growth if column.indicator.kind == IndicatorKind.GROWTH_RATE else _shown(ev.value, unit))
        if ev
        else None,
        "value_stored": ev.value if ev else None,
        "target": _shown(ev.target, unit) if ev else None,
        "completion": ev.completion if ev else None,
        "schedule": ev.schedule if ev else None,
        "deviation": ev.deviation if ev else None,
        "growth": ev.growth if ev else None,
        "two_year_growth": ev.two_year_growth if ev else None,
        "colour": ev.colour if ev else None,
        "rank": cell.rank if cell else None,
        "rank_change": cell.rank_change if cell else None,
        "forecast": _shown(ev.forecast, unit) if ev else None,
        "forecast_warning": bool(ev and ev.forecast_warning),
        "covered": cell.covered if cell else None,
        "of": cell.of if cell else None,
    }


def overall_data(matrix: Matrix) -> list[dict[str, Any]]:
    return [
        {
            "region": row.region.code,
            "region_name": row.region.name,
            "mean_rank": row.mean_rank,
            "rank": row.rank,
            "rank_change": row.rank_change,
        }
        for row in matrix.overall
    ]


def matrix_data(matrix: Matrix) -> dict[str, Any]:
    return {
        "plan": matrix.plan.pk,
        "year": matrix.year,
        "month": matrix.month,
        "provisional": matrix.provisional,
        "complete": matrix.complete,
        "indicators": [column_data(c) for c in matrix.columns],
        "units": [{"code": u.code, "name": u.name} for u in matrix.units],
        "cells": [
            cell_data(unit.code, column, cell)
            for unit, cells in matrix.rows()
            for column, cell in zip(matrix.columns, cells, strict=True)
        ],
        "city": [
            cell_data("city", column, cell) for column, cell in zip(matrix.columns, matrix.city_row(), strict=True)
        ]
        if matrix.complete
        else [],
        "overall": overall_data(matrix),
        "missing_units": [u.code for u in matrix.missing_units] if matrix.complete else [],
    }


def rankings_data(matrix: Matrix) -> dict[str, Any]:
    return {
        "plan": matrix.plan.pk,
        "year": matrix.year,
        "month": matrix.month,
        "overall": overall_data(matrix),
        "indicators": [
            {
                "indicator": column.indicator.pk,
                "name": column.indicator.name,
                "ranking": [
                    {
                        "region": unit.code,
                        "region_name": unit.name,
                        "rank": cell.rank,
                        "rank_change": cell.rank_change,
                        "measure": cell.evaluation.measure,
                        "colour": cell.evaluation.colour,
                    }
                    for unit, cell in matrix.ranking(column)
                ],
            }
            for column in matrix.columns
        ]
        if matrix.complete
        else [],
    }


def forecasts_data(matrix: Matrix) -> dict[str, Any]:
    forecasts = []
    for unit, cells in matrix.rows():
        for column, cell in zip(matrix.columns, cells, strict=True):
            if cell is None or cell.evaluation.forecast is None:
                continue
            ev, u = cell.evaluation, column.indicator.unit
            forecasts.append(
                {
                    "region": unit.code,
                    "indicator": column.indicator.pk,
                    "unit": u,
                    "ytd": _shown(ev.value, u),
                    "target": _shown(ev.target, u),
                    "forecast": _shown(ev.forecast, u),
                    "deviation": ev.deviation,
                    "forecast_warning": ev.forecast_warning,
                }
            )
    return {"plan": matrix.plan.pk, "year": matrix.year, "month": matrix.month, "forecasts": forecasts}


def history_data(history: History) -> dict[str, Any]:
    return {
        "plan": history.plan.pk,
        "region": history.region.code,
        "year": history.year,
        "indicators": [column_data(c) for c in history.columns],
        "months": history.months,
        "cells": [
            {**cell_data(history.region.code, column, cell), "month": month}
            for column, cells in history.rows()
            for month, cell in zip(history.months, cells, strict=True)
        ],
    }
