"""The smart-transformation API: the same scope, permissions and services as the pages.

CRUD for companies, ranking and subsidy rules (a paid rule's change makes a new version), diagnoses,
recommendations, demonstrations, equipment figures; awards and payments read-only with actions:
`POST /api/smart-recommendations/{id}/promote/` (a key project), `POST /api/smart-awards/compute/` {year},
`POST /api/smart-awards/{id}/approve/`, `POST /api/smart-awards/{id}/pay/`, `GET /api/smart-companies/ranking/?year=`,
`GET /api/smart-equipment/by-unit/?year=` (sums and shares recomputed from them), and the diagnosis-return import
`POST /api/smart-diagnoses/import/` → `GET …/import/{job}/` → `POST …/import/{job}/confirm/`.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.imports import import_actions
from core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet
from policies.api.serializers import DisbursementSerializer

from .. import filtersets as fs
from .. import selectors, services
from ..jobs import IMPORT
from ..models import (
    Demonstration,
    Diagnosis,
    EquipmentFigure,
    RankingRule,
    Recommendation,
    ServiceCompany,
    SubsidyAward,
    SubsidyRule,
)
from . import serializers as s


def _year(request: Request) -> int:
    text = request.query_params.get("year", "")
    if not text.isdigit():
        raise NotFound("year")
    return int(text)


class ServiceCompanyViewSet(ScopedModelViewSet):
    model = ServiceCompany
    serializer_class = s.ServiceCompanySerializer
    filterset_class = fs.ServiceCompanyFilterSet
    services = (services.servicecompany_create, services.servicecompany_update, services.servicecompany_delete)

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses={200: dict})
    @action(detail=False, methods=["get"])
    def ranking(self, request: Request) -> Response:
        """The year's ranking by its ranking rule: company, score, rank."""
        return Response(
            [{"company": c, "score": str(sc), "rank": r} for c, sc, r in selectors.company_ranking(_year(request))]
        )


class EquipmentFigureViewSet(ScopedModelViewSet):
    model = EquipmentFigure
    serializer_class = s.EquipmentFigureSerializer
    filterset_class = fs.EquipmentFigureFilterSet
    services = (services.equipmentfigure_create, services.equipmentfigure_update, services.equipmentfigure_delete)

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses={200: dict})
    @action(detail=False, methods=["get"], url_path="by-unit")
    def by_unit(self, request: Request) -> Response:
        """Per unit and in total: summed numerators and denominators and the shares recomputed from them."""
        units, total = selectors.equipment_by_unit(request.user, _year(request))

        def row(e: Any) -> dict[str, Any]:
            return {
                **asdict(e),
                "robot_density": e.robot_density,
                "cnc_rate": e.cnc_rate,
                "network_rate": e.network_rate,
            }

        return Response({"units": [row(u) for u in units], "total": row(total)})


class RecommendationViewSet(ScopedModelViewSet):
    model = Recommendation
    serializer_class = s.RecommendationSerializer
    filterset_class = fs.RecommendationFilterSet
    services = (services.recommendation_create, services.recommendation_update, services.recommendation_delete)

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def promote(self, request: Request, pk: Any = None) -> Response:
        """Turn the recommended project into a key project (change_recommendation and projects.add_project)."""
        return self.run_action(
            services.recommendation_promote, permission=("smart.change_recommendation", "projects.add_project"),
            output=lambda project: {"project": project.pk, "url": project.get_absolute_url()},
        )  # fmt: skip


# The import's API: the pipeline of its pages (core/api/imports.py).
ImportActions: Any = import_actions(
    pipeline=IMPORT, permission="smart.add_diagnosis", upload_serializer=s.SmartImportUploadSerializer
)


class DiagnosisViewSet(ImportActions, ScopedModelViewSet):
    model = Diagnosis
    serializer_class = s.DiagnosisSerializer
    filterset_class = fs.DiagnosisFilterSet
    services = (services.diagnosis_create, services.diagnosis_update, services.diagnosis_delete)


class RankingRuleViewSet(ScopedModelViewSet):
    model = RankingRule
    serializer_class = s.RankingRuleSerializer
    filterset_class = fs.RankingRuleFilterSet
    services = (services.rankingrule_create, services.rankingrule_update, services.rankingrule_delete)


class DemonstrationViewSet(ScopedModelViewSet):
    model = Demonstration
    serializer_class = s.DemonstrationSerializer
    filterset_class = fs.DemonstrationFilterSet
    services = (services.demonstration_create, services.demonstration_update, services.demonstration_delete)


class SubsidyRuleViewSet(ScopedModelViewSet):
    model = SubsidyRule
    serializer_class = s.SubsidyRuleSerializer
    filterset_class = fs.SubsidyRuleFilterSet
    services = (services.subsidyrule_create, services.subsidyrule_update, services.subsidyrule_delete)


class SubsidyAwardViewSet(ScopedReadOnlyViewSet):
    model = SubsidyAward
    serializer_class = s.SubsidyAwardSerializer
    filterset_class = fs.SubsidyAwardFilterSet

    @extend_schema(request=s.SmartYearSerializer, responses={200: dict})
    @action(detail=False, methods=["post"], permission_classes=[IsAuthenticated])
    def compute(self, request: Request) -> Response:
        """Compute the year's awards by its current subsidy rule (computed ones replaced)."""
        return self.run_action(
            services.subsidies_compute, permission="smart.add_subsidyaward", input=s.SmartYearSerializer,
            output=lambda result: {**result, "total": str(result["total"])}, detail=False,
        )  # fmt: skip

    @extend_schema(request=None, responses=s.SubsidyAwardSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def approve(self, request: Request, pk: Any = None) -> Response:
        return self.run_action(services.subsidyaward_approve, permission="smart.change_subsidyaward")

    @extend_schema(request=s.SmartPaymentSerializer, responses=DisbursementSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def pay(self, request: Request, pk: Any = None) -> Response:
        return self.run_action(
            services.subsidyaward_pay, permission="smart.change_subsidyaward", input=s.SmartPaymentSerializer,
            output=DisbursementSerializer,
        )  # fmt: skip
