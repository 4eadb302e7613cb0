"""The tier-library API: the same scope, permissions and services as the pages.

Titles and entries are CRUD through the services; `POST /api/tier-entries/{id}/transition/` moves an entry by one
action of the transition table (change permission); `GET /api/tier-entries/counts/?year=` gives per title, unit
and year the entries, recognitions by level and the conversion; `POST /api/tier-entries/small-to-above/` records
a year's 小升规 from the register's history; the recognition-list import `POST /api/tier-entries/import/` (a file)
→ `GET …/import/{job}/` (the preview's findings) → `POST …/import/{job}/confirm/` (add permission).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet
from core.scope import access_object
from jobs.models import Job

from .. import filtersets as fs
from .. import selectors, services
from ..jobs import APPLY, PREVIEW
from ..models import TierEntry, Title
from . import serializers as s


def _guard(request: Request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class TitleViewSet(ScopedModelViewSet):
    model = Title
    serializer_class = s.TitleSerializer
    filterset_class = fs.TitleFilterSet
    create_service = staticmethod(services.title_create)
    update_service = staticmethod(services.title_update)
    delete_service = staticmethod(services.title_delete)
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]


class TierEntryViewSet(ScopedModelViewSet):
    model = TierEntry
    serializer_class = s.TierEntrySerializer
    filterset_class = fs.TierEntryFilterSet
    related = ("enterprise", "title")
    create_service = staticmethod(services.tierentry_create)
    update_service = staticmethod(services.tierentry_update)
    delete_service = staticmethod(services.tierentry_delete)
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @extend_schema(request=s.TierTransitionSerializer, responses=s.TierEntrySerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def transition(self, request: Request, pk: Any = None) -> Response:
        """One workflow action (cultivate, recognise, drop, expire) as the transition table allows."""
        _guard(request, "tiers.change_tierentry")
        entry = self.get_object()
        ser = s.TierTransitionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        entry = services.tierentry_transition(tierentry=entry, actor=request.user, **ser.validated_data)
        return Response(s.TierEntrySerializer(entry).data)

    @extend_schema(parameters=[OpenApiParameter("year", int, required=False)], responses=s.CountSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)  # one list, not a page of one
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

    @extend_schema(request=s.TierYearSerializer, responses={200: dict})
    @action(detail=False, methods=["post"], url_path="small-to-above", permission_classes=[IsAuthenticated])
    def small_to_above(self, request: Request) -> Response:
        """Record the year's 小升规 (规下 → 规上 in the register's history) as recognised entries."""
        _guard(request, "tiers.add_tierentry")
        ser = s.TierYearSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return Response(services.small_to_above_recognise(year=ser.validated_data["year"], actor=request.user))

    def _import_job(self, request: Request, job_id: Any) -> Job:
        _guard(request, "tiers.add_tierentry")
        job = access_object(Job, request.user, job_id)
        if job.kind not in (PREVIEW, APPLY):
            raise NotFound
        return job

    @extend_schema(
        request={"multipart/form-data": s.TierImportUploadSerializer}, responses={202: s.TierImportJobSerializer}
    )
    @action(detail=False, methods=["post"], url_path="import", permission_classes=[IsAuthenticated],
            parser_classes=[MultiPartParser])  # fmt: skip
    def import_(self, request: Request) -> Response:
        """Upload a recognition list: a preview job checks every row and writes nothing."""
        _guard(request, "tiers.add_tierentry")
        ser = s.TierImportUploadSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        job = services.recognition_import_start(upload=ser.validated_data["file"], actor=request.user)
        return Response(s.TierImportJobSerializer(job).data, status=202)

    @extend_schema(parameters=[OpenApiParameter("job_id", int, OpenApiParameter.PATH)], request=None,
                   responses=s.TierImportJobSerializer)  # fmt: skip
    @action(detail=False, methods=["get"], url_path=r"import/(?P<job_id>[0-9]+)", url_name="import-job",
            permission_classes=[IsAuthenticated])  # fmt: skip
    def import_job(self, request: Request, job_id: Any = None) -> Response:
        """The import job's status and, when done, its findings by sheet, row and column."""
        return Response(s.TierImportJobSerializer(self._import_job(request, job_id)).data)

    @extend_schema(parameters=[OpenApiParameter("job_id", int, OpenApiParameter.PATH)], request=None,
                   responses={202: s.TierImportJobSerializer})  # fmt: skip
    @action(detail=False, methods=["post"], url_path=r"import/(?P<job_id>[0-9]+)/confirm", url_name="import-confirm",
            permission_classes=[IsAuthenticated])  # fmt: skip
    def import_confirm(self, request: Request, job_id: Any = None) -> Response:
        """Apply an error-free preview in one audited transaction (400 while running or with errors)."""
        preview = self._import_job(request, job_id)
        job = services.recognition_import_apply(preview=preview, actor=request.user)
        return Response(s.TierImportJobSerializer(job).data, status=202)
