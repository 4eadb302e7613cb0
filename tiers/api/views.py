"""The tier-library API: the same scope, permissions and services as the pages.

Titles and entries are CRUD through the services; `POST /api/tier-entries/{id}/transition/` moves an entry by one
action of the transition table (change permission); `GET /api/tier-entries/counts/?year=` gives per title, unit
and year the entries, recognitions by level and the conversion; `GET /api/tier-entries/ladder/?enterprise=` an
enterprise's ladder (its titles over the years, "moved up" marked); `POST /api/tier-entries/small-to-above/` records
a year's 小升规 from the register's history; the recognition-list import `POST /api/tier-entries/import/` (a file)
→ `GET …/import/{job}/` (the preview's findings) → `POST …/import/{job}/confirm/` (add permission).
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.imports import import_actions
from core.api.viewsets import ScopedModelViewSet
from enterprises.models import Enterprise

from .. import filtersets as fs
from .. import selectors, services
from ..jobs import IMPORT
from ..models import TierEntry, Title
from . import serializers as s


class TitleViewSet(ScopedModelViewSet):
    model = Title
    serializer_class = s.TitleSerializer
    filterset_class = fs.TitleFilterSet
    services = (services.title_create, services.title_update, services.title_delete)


# The import's API: the pipeline of its pages (core/api/imports.py).
ImportActions: Any = import_actions(
    pipeline=IMPORT, permission="tiers.add_tierentry", upload_serializer=s.TierImportUploadSerializer
)


class TierEntryViewSet(
    ImportActions,
    ScopedModelViewSet,
):
    model = TierEntry
    serializer_class = s.TierEntrySerializer
    filterset_class = fs.TierEntryFilterSet
    related = ("enterprise", "title")
    services = (services.tierentry_create, services.tierentry_update, services.tierentry_delete)

    @extend_schema(request=s.TierTransitionSerializer, responses=s.TierEntrySerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def transition(self, request: Request, pk: Any = None) -> Response:
        """One workflow action (cultivate, recognise, drop, expire) as the transition table allows."""
        return self.run_action(
            services.tierentry_transition, permission="tiers.change_tierentry", input=s.TierTransitionSerializer
        )

    @extend_schema(parameters=[OpenApiParameter("year", int, required=False)], responses=s.CountSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)  # one list, not paged (the schema says so)
    def counts(self, request: Request) -> Response:
        """Per title, county-level unit and year (region null: the user's total)."""
        year = request.query_params.get("year", "")
        table = selectors.title_counts(request.user, year=int(year) if year.isdigit() else None)
        names = {u.pk: str(u) for u in table.units}
        out = []
        for (title_id, unit_id, y), cell in sorted(
            table.cells.items(), key=lambda kv: (kv[0][0], kv[0][2], kv[0][1] or 0)
        ):
            title = next((t for t in table.titles if t.pk == title_id), None)
            out.append({"title": title_id, "title_name": str(title or ""), "year": y, "region": unit_id,
                        "region_name": names.get(unit_id, "") if unit_id else "", "entries": cell.entries,
                        "recognised": cell.recognised, "by_level": cell.by_level, "by_status": cell.by_status,
                        "conversion": cell.conversion})  # fmt: skip
        return Response(s.CountSerializer(out, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("enterprise", int, required=True)], responses=s.LadderYearSerializer(many=True)
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def ladder(self, request: Request) -> Response:
        """An enterprise's titles over the years, newest first, with "moved up" marked (the page's ladder panel)."""
        pk = request.query_params.get("enterprise", "")
        enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), pk=int(pk) if pk.isdigit() else 0)
        years = selectors.enterprise_ladder(enterprise, request.user)
        for year in years:
            for entry in year.entries:
                entry.enterprise = enterprise  # the serializer's enterprise_name, without a query per entry
        rows = [{"year": y.year, "top": y.top.title_id if y.top else None, "top_name": y.top.title.name if y.top else "",
                 "moved_up": y.moved_up, "entries": y.entries} for y in years]  # fmt: skip
        return Response(s.LadderYearSerializer(rows, many=True, context=self.get_serializer_context()).data)

    @extend_schema(request=s.TierYearSerializer, responses={200: dict})
    @action(detail=False, methods=["post"], url_path="small-to-above", permission_classes=[IsAuthenticated])
    def small_to_above(self, request: Request) -> Response:
        """Record the year's 小升规 (规下 → 规上 in the register's history) as recognised entries."""
        return self.run_action(
            services.small_to_above_recognise, permission="tiers.add_tierentry", input=s.TierYearSerializer,
            output=dict, detail=False,
        )  # fmt: skip
