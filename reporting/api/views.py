"""The reporting API: reports and their figures in the user's scope; the workflow moves as actions.

`POST /api/reports/` opens a draft; `POST /api/reports/{id}/values/` saves figures (or, on a locked
report, revises them with a `reason`); `POST /api/reports/{id}/submit/`, `approve/`, `accept/`,
`return/` move it. Every action calls the same service as the pages, which checks the workflow
table, the permission and the scope itself. The Excel template upload is the pages' pipeline
(core/api/imports.py): `POST /api/reports/import/` (a file; it names its unit and month) →
`GET …/import/{job}/` (the preview's findings by cell) → `POST …/import/{job}/confirm/`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.imports import import_actions
from core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet

from .. import services, workflow
from ..choices import ReportStatus
from ..filtersets import MonthlyReportFilterSet, ReportValueFilterSet
from ..jobs import UPLOAD
from ..models import MonthlyReport, ReportValue
from .serializers import (
    CommentSerializer,
    MonthlyReportSerializer,
    ReportUploadSerializer,
    ReportValueSerializer,
    ValuesInputSerializer,
    ValuesResultSerializer,
)


class CanViewReports(permissions.BasePermission):
    """Actions need only `view_monthlyreport` to reach the service; the service checks the move's own permission."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("reporting.view_monthlyreport"))


# The template upload's API: the pipeline of its pages (core/api/imports.py).
UploadActions: Any = import_actions(
    pipeline=UPLOAD, permission=workflow.PERM_EDIT, upload_serializer=ReportUploadSerializer
)


class MonthlyReportViewSet(UploadActions, ScopedModelViewSet):
    model = MonthlyReport
    serializer_class = MonthlyReportSerializer
    filterset_class = MonthlyReportFilterSet
    related = ("region",)
    ordering = ["-year", "-month", "region__code"]
    http_method_names = ["get", "post", "head", "options"]
    create_service = services.report_create

    def get_permissions(self) -> list[Any]:
        if self.action in ("submit", "approve", "accept", "return_", "values"):
            return [CanViewReports()]
        return list(super().get_permissions())

    def _move(self, request: Request, pk: Any, name: str, **kwargs: Any) -> Response:
        report = self.get_object()
        if name == workflow.RETURN:
            report = services.report_return(report=report, actor=request.user, **kwargs)
        else:
            report = services.TRANSITION_SERVICES[name](report=report, actor=request.user)
        return Response(MonthlyReportSerializer(report).data)

    @extend_schema(request=None, responses=MonthlyReportSerializer, summary="上报 (draft/returned → submitted)")
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        return self._move(request, pk, workflow.SUBMIT)

    @extend_schema(request=None, responses=MonthlyReportSerializer, summary="单位审核通过 (submitted → approved)")
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        return self._move(request, pk, workflow.APPROVE)

    @extend_schema(request=None, responses=MonthlyReportSerializer, summary="市局确认 (approved → accepted)")
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: Any = None) -> Response:
        return self._move(request, pk, workflow.ACCEPT)

    @extend_schema(request=CommentSerializer, responses=MonthlyReportSerializer, summary="退回 (with a comment)")
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: Any = None) -> Response:
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._move(request, pk, workflow.RETURN, comment=data.validated_data["comment"])

    @extend_schema(
        methods=["GET"], request=None, responses=ReportValueSerializer(many=True), summary="The report's figures"
    )
    @extend_schema(
        methods=["POST"],
        request=ValuesInputSerializer,
        responses=ValuesResultSerializer,
        summary="Save figures (draft/returned), or revise a locked report with a reason",
    )
    @action(detail=True, methods=["get", "post"])
    def values(self, request: Request, pk: Any = None) -> Response:
        report = self.get_object()
        if request.method == "GET":
            rows = ReportValue.objects.filter(report=report).select_related("indicator")
            return Response(ReportValueSerializer(rows, many=True).data)
        data = ValuesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entries = {
            e["indicator"]: {k: v for k, v in e.items() if k != "indicator"} for e in data.validated_data["values"]
        }
        if report.status == ReportStatus.LOCKED:
            services.report_revise(
                report=report, entries=entries, reason=data.validated_data.get("reason", ""), actor=request.user
            )
            findings: list[Any] = []
        else:
            findings = services.report_save_values(report=report, entries=entries, actor=request.user)
        return Response({"findings": [f.as_dict() for f in findings]})


class ReportValueViewSet(ScopedReadOnlyViewSet):
    """Figures of the reports in scope, filterable by report, unit, month and indicator series."""

    model = ReportValue
    serializer_class = ReportValueSerializer
    filterset_class = ReportValueFilterSet
    related = ("indicator", "report")
    ordering = ["report", "indicator"]
