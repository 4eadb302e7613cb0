"""The chains API: the same scope, permissions, filters and services as the pages.

`/api/chains/` (city-wide, read by every bureau user) with `GET /api/chains/{id}/figures/?year=` (per segment:
enterprises, 链主, 规上, tax, value added, projects and investment, tier titles; the chain total last; the 补链 targets) and
`GET /api/chains/{id}/graph/` (the ECharts graph data); `/api/chain-segments/`; `/api/chain-enterprises/` (a
county user's own unit only) with the import `POST …/import/` → `GET …/import/{job}/` → `POST …/import/{job}/confirm/`;
`/api/chain-risks/` with `POST …/{id}/status/` and `?overdue=true`; `/api/supply-demand-events/`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.imports import import_actions
from core.api.viewsets import HTTP_METHODS_WITH_PUT, ScopedModelViewSet

from .. import filtersets as fs
from .. import selectors, services
from ..jobs import IMPORT
from ..models import Chain, ChainEnterprise, ChainRisk, Segment, SupplyDemandEvent
from . import serializers as s


class ChainViewSet(ScopedModelViewSet):
    model = Chain
    serializer_class = s.ChainSerializer
    filterset_class = fs.ChainFilterSet
    services = (services.chain_create, services.chain_update, services.chain_delete)
    prefetch = ("industries", "tags")
    http_method_names = HTTP_METHODS_WITH_PUT

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="亩均数据年度（默认：最近有数据的年度）")],
        responses=s.SegmentFiguresSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def figures(self, request: Request, pk: Any = None) -> Response:
        """Figures per segment computed from the records; the last row (segment null) is the whole chain."""
        chain = self.get_object()
        year = request.query_params.get("year", "")
        page = selectors.chain_page(chain, int(year) if year.isdigit() else None)
        rows = [
            {"segment": r.segment.id or None, "name": r.segment.name, "position": r.segment.position, "depth": r.segment.depth,
             "enterprises": r.enterprises, "masters": r.masters, "core": r.core, "above_size": r.above_size, "tax": r.tax,
             "value_added": r.value_added, "projects": r.projects, "investment": r.investment,
             "titles": [{"title": t, "enterprises": n} for t, n in r.title_counts(page.title_order)]}
            for r in [*page.rows, page.total]
        ]  # fmt: skip
        data = s.SegmentFiguresSerializer(rows, many=True).data
        return Response({"year": page.year, "segments": data, "gaps": [g.id for g in page.gaps]})

    @extend_schema(
        parameters=[OpenApiParameter("year", int, required=True), OpenApiParameter("month", int, required=True)],
        responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes},
    )
    @action(detail=True, methods=["get"], url_path="risk-table")
    def risk_table(self, request: Request, pk: Any = None) -> Any:
        """The chain's monthly 断链断供 risk table (Excel), the same file as the page's (view_chainrisk)."""
        from ..forms import RiskMonthForm
        from ..views import risk_table

        if not request.user.has_perm("chains.view_chainrisk"):
            raise PermissionDenied
        form = RiskMonthForm(request.query_params)
        if not form.is_valid():
            raise NotFound
        return risk_table(self.get_object(), request.user, form.cleaned_data["year"], form.cleaned_data["month"])

    @extend_schema(parameters=[OpenApiParameter("max_general", int, description="最多画出的一般企业数")])
    @action(detail=True, methods=["get"])
    def graph(self, request: Request, pk: Any = None) -> Response:
        """The chain as ECharts graph data: nodes (chain, segments, enterprises with page URLs) and links."""
        limit = request.query_params.get("max_general", "300")
        return Response(selectors.chain_graph(self.get_object(), max_general=int(limit) if limit.isdigit() else 300))


class SegmentViewSet(ScopedModelViewSet):
    model = Segment
    serializer_class = s.SegmentSerializer
    filterset_class = fs.SegmentFilterSet
    related = ("chain",)
    services = (services.segment_create, services.segment_update, services.segment_delete)
    http_method_names = HTTP_METHODS_WITH_PUT

    @extend_schema(request=s.SegmentMoveSerializer, responses=s.SegmentSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def move(self, request: Request, pk: Any = None) -> Response:
        """Move the segment (with its sub-segments and enterprises) under another segment of its chain, or to
        the top (`parent` null); the subtree takes the new parent's position."""
        return self.run_action(services.segment_move, permission="chains.change_segment", input=s.SegmentMoveSerializer)


# The import's API: the pipeline of its pages (core/api/imports.py).
ImportActions: Any = import_actions(
    pipeline=IMPORT, permission="chains.add_chainenterprise", upload_serializer=s.ChainImportUploadSerializer
)


class ChainEnterpriseViewSet(ImportActions, ScopedModelViewSet):
    model = ChainEnterprise
    serializer_class = s.ChainEnterpriseSerializer
    filterset_class = fs.ChainEnterpriseFilterSet
    related = ("enterprise",)
    services = (services.chainenterprise_create, services.chainenterprise_update, services.chainenterprise_delete)
    http_method_names = HTTP_METHODS_WITH_PUT


class ChainRiskViewSet(ScopedModelViewSet):
    model = ChainRisk
    serializer_class = s.ChainRiskSerializer
    filterset_class = fs.ChainRiskFilterSet
    services = (services.chainrisk_create, services.chainrisk_update, services.chainrisk_delete)
    http_method_names = HTTP_METHODS_WITH_PUT

    @extend_schema(request=s.RiskStatusSerializer, responses=s.ChainRiskSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def status(self, request: Request, pk: Any = None) -> Response:
        """Close (已解除) or reopen a risk (change permission)."""
        return self.run_action(
            services.chainrisk_set_status, permission="chains.change_chainrisk", input=s.RiskStatusSerializer
        )


class SupplyDemandEventViewSet(ScopedModelViewSet):
    model = SupplyDemandEvent
    serializer_class = s.SupplyDemandEventSerializer
    filterset_class = fs.SupplyDemandEventFilterSet
    services = (services.supplydemandevent_create, services.supplydemandevent_update, services.supplydemandevent_delete)
    http_method_names = HTTP_METHODS_WITH_PUT
