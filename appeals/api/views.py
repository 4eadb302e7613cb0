"""API of the requests: the same scope, permissions and services as the pages.

`POST /api/appeals/{id}/move/{action}/` makes a move of the workflow table (accept, answer, pass_up,
pass_across, assign, request_material, supply, extend, rate); `POST /api/appeals/{id}/merge/`;
`GET /api/appeals/figures/?by=month|category|unit|department&year=` (with the heat map and the oldest open requests)
and its Excel `GET /api/appeals/figures/export/?by=&year=`; the hotline log import `POST /api/appeals/import/`
(a file) → `GET …/import/{job}/` (the preview's findings by sheet, row and column) → `POST …/import/{job}/confirm/`
(add permission), the pipeline of the import pages.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core import clock
from core.api.imports import import_actions
from core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet
from core.scope import access_object
from core.uploads import XLSX

from .. import services, workflow
from ..figures import DIMENSIONS, figure_table, heat_map, oldest_open
from ..filtersets import AppealAttachmentFilterSet, AppealCategoryFilterSet, AppealFilterSet, AppealHopFilterSet
from ..jobs import IMPORT
from ..models import Appeal, AppealAttachment, AppealCategory, AppealHop
from ..views.figures import figures_query, figures_xlsx
from .serializers import (
    AppealAttachmentSerializer,
    AppealCategorySerializer,
    AppealHopSerializer,
    AppealSerializer,
    HotlineImportUploadSerializer,
    MergeSerializer,
    MoveSerializer,
)

# The hotline import's API: the pipeline of its pages (core/api/imports.py).
ImportActions: Any = import_actions(
    pipeline=IMPORT, permission="appeals.add_appeal", upload_serializer=HotlineImportUploadSerializer
)


class AppealViewSet(ImportActions, ScopedModelViewSet):
    model = Appeal
    serializer_class = AppealSerializer
    filterset_class = AppealFilterSet
    related = ("enterprise", "category", "region", "department")
    ordering = ["-filed_on", "-pk"]
    services = (services.appeal_create, services.appeal_update, services.appeal_delete)

    @extend_schema(request=MoveSerializer, responses=AppealSerializer)
    @action(detail=True, methods=["post"], url_path=r"move/(?P<move>[a-z_]+)")
    def move(self, request: Request, pk: Any = None, move: str = "") -> Response:
        return self.run_action(workflow.appeal_move, input=MoveSerializer, action=move)

    @extend_schema(request=MergeSerializer, responses=AppealSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: Any = None) -> Response:
        appeal = self.get_object()
        body = MergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        into = access_object(Appeal, request.user, body.validated_data["into"])
        merged = services.appeal_merge(
            appeal=appeal,
            into=into,
            actor=request.user,
            reason=body.validated_data.get("reason", ""),
        )
        return Response(self.get_serializer(merged).data)

    @extend_schema(
        parameters=[OpenApiParameter("by", str, enum=list(DIMENSIONS)), OpenApiParameter("year", int)],
        responses={200: dict},
    )
    @action(detail=False, methods=["get"])
    def figures(self, request: Request) -> Response:
        """The page's figures: the table of one grouping, the category × unit heat map, the oldest open requests."""
        qs, by, year = figures_query(request.query_params, request.user)
        rows = figure_table(qs, by=by, today=clock.today())
        oldest = [
            {"id": a.pk, "number": a.number, "filed_on": a.filed_on, "enterprise": a.enterprise.name,
             "unit": a.region.name, "category": a.category.name, "status": a.status, "level": a.level}
            for a in oldest_open(qs)
        ]  # fmt: skip
        return Response(
            {"by": by, "year": year, "rows": [asdict(r) for r in rows], "heat": heat_map(qs), "oldest": oldest}
        )

    @extend_schema(
        parameters=[OpenApiParameter("by", str, enum=list(DIMENSIONS)), OpenApiParameter("year", int)],
        responses={
            (200, XLSX.content_type): OpenApiResponse(
                OpenApiTypes.BINARY, description="企业诉求办理情况统计表（.xlsx）"
            )
        },
    )
    @action(detail=False, methods=["get"], url_path="figures/export")
    def figures_export(self, request: Request) -> HttpResponseBase:
        """The figures of one grouping as Excel in the bureau's layout, scoped like the page."""
        qs, by, year = figures_query(request.query_params, request.user)
        return figures_xlsx(qs, by=by, year=year)


class AppealCategoryViewSet(ScopedModelViewSet):
    model = AppealCategory
    serializer_class = AppealCategorySerializer
    filterset_class = AppealCategoryFilterSet
    services = (services.appealcategory_create, services.appealcategory_update, services.appealcategory_delete)


class AppealHopViewSet(ScopedReadOnlyViewSet):
    model = AppealHop
    serializer_class = AppealHopSerializer
    filterset_class = AppealHopFilterSet
    related = ("appeal",)


class AppealAttachmentViewSet(ScopedModelViewSet):
    model = AppealAttachment
    serializer_class = AppealAttachmentSerializer
    filterset_class = AppealAttachmentFilterSet
    services = (services.appealattachment_create, services.appealattachment_update, services.appealattachment_delete)
