"""The monitoring API: the dashboard's matrix, rankings, forecasts and a unit's history, plus thresholds.

The same rules as the pages: `monitoring.view_monitoring`, the plan in the user's scope (else 404),
only the units of the user's subtree, city figures and ranks only for users who see every unit.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.viewsets import HTTP_METHODS_WITH_PUT, ScopedModelViewSet
from core.scope import access_object
from regions.selectors import access_region
from targets.models import Plan

from .. import services
from ..filtersets import WarningThresholdFilterSet
from ..forms import DashboardForm
from ..models import WarningThreshold
from ..selectors import monitoring_matrix, unit_history
from ..views import default_period
from .serializers import (
    ForecastsSerializer,
    HistorySerializer,
    MatrixSerializer,
    RankingsSerializer,
    WarningThresholdSerializer,
    forecasts_data,
    history_data,
    matrix_data,
    rankings_data,
)

PERIOD_PARAMETERS = [
    OpenApiParameter("year", OpenApiTypes.INT, description="year; default: the latest accepted month"),
    OpenApiParameter("month", OpenApiTypes.INT, description="2..12, 2 is 1—2月 (year-to-date)"),
    OpenApiParameter("provisional", OpenApiTypes.BOOL, description="count submitted and unit-approved reports too"),
]


class CanViewMonitoring(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("monitoring.view_monitoring"))


class WarningThresholdViewSet(ScopedModelViewSet):
    model = WarningThreshold
    serializer_class = WarningThresholdSerializer
    filterset_class = WarningThresholdFilterSet
    related = ("plan", "indicator")
    ordering = ["plan", "indicator__order"]
    services = (services.warningthreshold_create, services.warningthreshold_update, services.warningthreshold_delete)
    http_method_names = HTTP_METHODS_WITH_PUT


class _PlanMonthView(APIView):
    permission_classes = [CanViewMonitoring]

    def period(self, request: Request, plan: Plan) -> tuple[int, int, bool]:
        form = DashboardForm(request.query_params)
        if form.is_valid():
            return form.cleaned_data["year"], form.cleaned_data["month"], form.cleaned_data["provisional"]
        user: Any = request.user
        year, month = default_period(plan, None if user.sees_everything else list(user.scope_region_ids))
        return year, month, request.query_params.get("provisional") in ("1", "true", "on")

    def matrix(self, request: Request, pk: int) -> Any:
        plan = access_object(Plan, request.user, pk)
        year, month, provisional = self.period(request, plan)
        return monitoring_matrix(plan=plan, year=year, month=month, user=request.user, provisional=provisional)


class MatrixView(_PlanMonthView):
    @extend_schema(parameters=PERIOD_PARAMETERS, responses=MatrixSerializer, operation_id="monitoring_matrix")
    def get(self, request: Request, pk: int) -> Response:
        """Unit × indicator matrix: completion, 序时 deviation (pp), growth, colour, rank, forecast."""
        return Response(MatrixSerializer(matrix_data(self.matrix(request, pk))).data)


class RankingsView(_PlanMonthView):
    @extend_schema(parameters=PERIOD_PARAMETERS, responses=RankingsSerializer, operation_id="monitoring_rankings")
    def get(self, request: Request, pk: int) -> Response:
        """Overall and per-indicator rankings with the change of rank since last month (city users)."""
        return Response(RankingsSerializer(rankings_data(self.matrix(request, pk))).data)


class ForecastsView(_PlanMonthView):
    @extend_schema(parameters=PERIOD_PARAMETERS, responses=ForecastsSerializer, operation_id="monitoring_forecasts")
    def get(self, request: Request, pk: int) -> Response:
        """Year-end projections from each unit's seasonal profile, with the warning when on 序时 but short."""
        return Response(ForecastsSerializer(forecasts_data(self.matrix(request, pk))).data)


class HistoryView(_PlanMonthView):
    @extend_schema(
        parameters=PERIOD_PARAMETERS[:1] + PERIOD_PARAMETERS[2:],
        responses=HistorySerializer,
        operation_id="monitoring_unit_history",
    )
    def get(self, request: Request, pk: int, region: int) -> Response:
        """One unit's every month and indicator of a year (drill-down)."""
        plan = access_object(Plan, request.user, pk)
        unit = access_region(request.user, region)
        year, _month, provisional = self.period(request, plan)
        if "year" in request.query_params and request.query_params["year"].isdigit():
            year = int(request.query_params["year"])
        history = unit_history(plan=plan, region=unit, year=year, user=request.user, provisional=provisional)
        return Response(HistorySerializer(history_data(history)).data)
