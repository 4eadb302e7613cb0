"""The smart-transformation API: the same scope, permissions and services as the pages.

CRUD for companies, ranking and subsidy rules (a paid rule's change makes a new version), diagnoses,
recommendations, demonstrations, equipment figures; awards and payments read-only with actions:
`POST /api/smart-recommendations/{id}/promote/` (a key project), `POST /api/smart-awards/compute/` {year},
`POST /api/smart-awards/{id}/approve/`, `POST /api/smart-awards/{id}/pay/`, `GET /api/smart-companies/ranking/?year=`,
`GET /api/smart-equipment/by-unit/?year=` (sums and shares recomputed from them), and the diagnosis-return import
`POST /api/smart-diagnoses/import/` → `GET …/import/{job}/` → `POST …/import/{job}/confirm/`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from django.db import models
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.imports import import_actions
from core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet

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
    SubsidyPayment,
    SubsidyRule,
)
from . import serializers as s


def _call(request: Request, perm: str, fn: Callable[[], Any]) -> Any:
    if not request.user.has_perm(perm):
        raise PermissionDenied
    return fn()


def _crud(model_: type[models.Model], serializer: Any, filterset: Any, svc: tuple[Any, Any, Any] | None = None) -> Any:
    create, update, delete = svc or services.crud(model_)
    return type(f"{model_.__name__}ViewSet", (ScopedModelViewSet,), {
        "model": model_, "serializer_class": serializer, "filterset_class": filterset,
        "create_service": staticmethod(create), "update_service": staticmethod(update),
        "delete_service": staticmethod(delete), "http_method_names": ["get", "post", "patch", "delete", "head", "options"],
    })  # fmt: skip


_CompanyBase = _crud(ServiceCompany, s.ServiceCompanySerializer, fs.ServiceCompanyFilterSet)
RankingRuleViewSet = _crud(RankingRule, s.RankingRuleSerializer, fs.RankingRuleFilterSet)
_DiagnosisBase = _crud(Diagnosis, s.DiagnosisSerializer, fs.DiagnosisFilterSet)
_RecommendationBase = _crud(Recommendation, s.RecommendationSerializer, fs.RecommendationFilterSet)
DemonstrationViewSet = _crud(Demonstration, s.DemonstrationSerializer, fs.DemonstrationFilterSet)
SubsidyRuleViewSet = _crud(
    SubsidyRule,
    s.SubsidyRuleSerializer,
    fs.SubsidyRuleFilterSet,
    (services.subsidyrule_create, services.subsidyrule_update, services.subsidyrule_delete),
)
_EquipmentBase = _crud(EquipmentFigure, s.EquipmentFigureSerializer, fs.EquipmentFigureFilterSet)  # fmt: skip


def _year(request: Request) -> int:
    text = request.query_params.get("year", "")
    if not text.isdigit():
        raise NotFound("year")
    return int(text)


class ServiceCompanyViewSet(_CompanyBase):  # type: ignore[misc,valid-type]
    @extend_schema(parameters=[OpenApiParameter("year", int)], responses={200: dict})
    @action(detail=False, methods=["get"])
    def ranking(self, request: Request) -> Response:
        """The year's ranking by its ranking rule: company, score, rank."""
        return Response(
            [{"company": c, "score": str(sc), "rank": r} for c, sc, r in selectors.company_ranking(_year(request))]
        )


class EquipmentFigureViewSet(_EquipmentBase):  # type: ignore[misc,valid-type]
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


class RecommendationViewSet(_RecommendationBase):  # type: ignore[misc,valid-type]
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


class DiagnosisViewSet(
    ImportActions,
    _DiagnosisBase,  # type: ignore[misc,valid-type]
):
    pass


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

    @extend_schema(request=s.SmartPaymentSerializer, responses=s.SubsidyPaymentSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def pay(self, request: Request, pk: Any = None) -> Response:
        return self.run_action(
            services.subsidyaward_pay, permission="smart.change_subsidyaward", input=s.SmartPaymentSerializer,
            output=s.SubsidyPaymentSerializer,
        )  # fmt: skip


class SubsidyPaymentViewSet(ScopedReadOnlyViewSet):
    model = SubsidyPayment
    serializer_class = s.SubsidyPaymentSerializer
    filterset_class = fs.SubsidyPaymentFilterSet
