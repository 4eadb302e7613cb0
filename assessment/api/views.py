"""The assessment API: the same scope, permissions and services as the pages.

Results are read-only: they come from `POST /api/scoring-schemes/{id}/compute/` and are frozen by
`/publish/`. The quarter's laggards are `GET /api/duties/laggards/?year=&quarter=&plan=`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.imports import import_actions
from core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet
from targets.models import Plan

from .. import services
from ..filtersets import (
    AssessmentResultFilterSet,
    DutyFilterSet,
    DutyProgressFilterSet,
    ScoreAdjustmentFilterSet,
    ScoringRuleFilterSet,
    ScoringSchemeFilterSet,
)
from ..jobs import DUTY_IMPORT
from ..models import AssessmentResult, Duty, DutyProgress, ScoreAdjustment, ScoringRule, ScoringScheme
from ..selectors import laggard_list
from ..views import current_quarter
from .serializers import (
    AssessmentResultSerializer,
    DutyImportUploadSerializer,
    DutyProgressSerializer,
    DutySerializer,
    LaggardSerializer,
    ScoreAdjustmentSerializer,
    ScoringRuleSerializer,
    ScoringSchemeSerializer,
)


class ScoringSchemeViewSet(ScopedModelViewSet):
    model = ScoringScheme
    serializer_class = ScoringSchemeSerializer
    filterset_class = ScoringSchemeFilterSet
    related = ("plan",)
    ordering = ["-year", "name"]
    services = (services.scoringscheme_create, services.scoringscheme_update, services.scoringscheme_delete)

    def _run(self, request: Request, perm: str, service: Any) -> Response:
        if not request.user.has_perm(perm):
            raise PermissionDenied
        scheme = self.get_object()
        service(scoringscheme=scheme, actor=request.user)
        scheme.refresh_from_db()
        return Response(self.get_serializer(scheme).data)

    @extend_schema(request=None, responses=ScoringSchemeSerializer)
    @action(detail=True, methods=["post"])
    def compute(self, request: Request, pk: Any = None) -> Response:
        """Compute the year's scores and ranking from the accepted December reports (replaces unpublished results)."""
        return self._run(request, "assessment.change_scoringscheme", services.scoringscheme_compute)

    @extend_schema(request=None, responses=ScoringSchemeSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: Any = None) -> Response:
        """Publish the computed results; the scheme and its results are frozen afterwards."""
        return self._run(request, "assessment.publish_scoringscheme", services.scoringscheme_publish)


class ScoringRuleViewSet(ScopedModelViewSet):
    model = ScoringRule
    serializer_class = ScoringRuleSerializer
    filterset_class = ScoringRuleFilterSet
    related = ("scheme", "indicator")
    ordering = ["scheme", "order"]
    services = (services.scoringrule_create, services.scoringrule_update, services.scoringrule_delete)


class ScoreAdjustmentViewSet(ScopedModelViewSet):
    model = ScoreAdjustment
    serializer_class = ScoreAdjustmentSerializer
    filterset_class = ScoreAdjustmentFilterSet
    related = ("scheme", "region")
    ordering = ["scheme", "region__path"]
    services = (services.scoreadjustment_create, services.scoreadjustment_update, services.scoreadjustment_delete)


class AssessmentResultViewSet(ScopedReadOnlyViewSet):
    model = AssessmentResult
    serializer_class = AssessmentResultSerializer
    filterset_class = AssessmentResultFilterSet
    related = ("scheme", "region")
    ordering = ["scheme", "rank"]


# The duty-table import's API: the pipeline of its pages (core/api/imports.py).
DutyImportActions: Any = import_actions(
    pipeline=DUTY_IMPORT, permission="assessment.add_duty", upload_serializer=DutyImportUploadSerializer
)


class DutyViewSet(DutyImportActions, ScopedModelViewSet):
    model = Duty
    serializer_class = DutySerializer
    filterset_class = DutyFilterSet
    related = ("department",)
    prefetch = ("indicators",)
    ordering = ["plan", "department__name", "order"]
    services = (services.duty_create, services.duty_update, services.duty_delete)

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="年度（默认本季度所在年）"),
            OpenApiParameter("quarter", int, description="季度 1–4（默认本季度）"),
            OpenApiParameter("plan", int, description="计划 id（可选）"),
        ],
        responses=LaggardSerializer(many=True),
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def laggards(self, request: Request) -> Response:
        """The quarter's supervision list: duties in scope with no progress note, or lagging."""
        if not request.user.has_perm("assessment.view_dutyprogress"):
            raise PermissionDenied
        year, quarter = current_quarter()
        try:
            year = int(request.query_params.get("year") or year)
            quarter = min(max(int(request.query_params.get("quarter") or quarter), 1), 4)
        except ValueError:
            pass
        plan = None
        plan_id = request.query_params.get("plan", "")
        if plan_id.isdigit():
            plan = Plan.objects.visible_to(request.user).filter(pk=plan_id).first()
        rows = laggard_list(user=request.user, year=year, quarter=quarter, plan=plan)
        return Response(LaggardSerializer(rows, many=True).data)


class DutyProgressViewSet(ScopedModelViewSet):
    model = DutyProgress
    serializer_class = DutyProgressSerializer
    filterset_class = DutyProgressFilterSet
    related = ("duty", "duty__department")
    prefetch = ("attachments",)
    ordering = ["-year", "-quarter"]
    services = (services.dutyprogress_create, services.dutyprogress_update, services.dutyprogress_delete)
