"""The bulletins API: the published bulletins of the user's scope (drafts for the issuer), their files,
generation as a job (`POST /api/bulletins/generate/`) and publishing (`POST /api/bulletin-versions/{id}/publish/`)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedReadOnlyViewSet
from core.files import stored_file_response
from core.scope import access_object
from jobs.services import job_start
from reporting.periods import month_label
from targets.models import Plan

from .. import services
from ..choices import CONTENT_TYPES, DocumentFormat
from ..filtersets import BulletinFilterSet, BulletinVersionFilterSet
from ..jobs import GENERATE
from ..models import Bulletin, BulletinVersion
from .serializers import (
    BulletinSerializer,
    BulletinVersionDetailSerializer,
    BulletinVersionSerializer,
    GenerateSerializer,
    JobStartedSerializer,
)


class BulletinViewSet(ScopedReadOnlyViewSet):
    model = Bulletin
    serializer_class = BulletinSerializer
    filterset_class = BulletinFilterSet
    related = ("plan", "region")
    ordering = ["-year", "-month", "pk"]

    def get_queryset(self) -> Any:
        return super().get_queryset().order_by(*self.ordering)

    @extend_schema(request=GenerateSerializer, responses={202: JobStartedSerializer})
    @action(detail=False, methods=["post"])
    def generate(self, request: Request) -> Response:
        """Start generating a new version (a job); a version after the first needs a reason."""
        if not request.user.has_perm(services.PERM_GENERATE):
            raise PermissionDenied
        params = GenerateSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        d = params.validated_data
        plan = access_object(Plan, request.user, d["plan"])
        job = job_start(
            kind=GENERATE,
            title=_("生成通报：%(plan)s %(period)s")
            % {"plan": plan.title, "period": month_label(d["year"], int(d["month"]))},
            actor=request.user,
            params={"plan": plan.pk, "year": d["year"], "month": int(d["month"]), "reason": d["reason"]},
        )
        return Response(JobStartedSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class BulletinVersionViewSet(ScopedReadOnlyViewSet):
    model = BulletinVersion
    serializer_class = BulletinVersionSerializer
    filterset_class = BulletinVersionFilterSet
    related = ("bulletin",)
    ordering = ["-generated_at", "pk"]

    def get_queryset(self) -> Any:
        qs = super().get_queryset().order_by(*self.ordering)
        return qs.defer("data") if self.action == "list" else qs

    def get_serializer_class(self) -> Any:
        """Lists without the frozen figures (they can be large); one version with them."""
        return BulletinVersionSerializer if self.action == "list" else BulletinVersionDetailSerializer

    @extend_schema(
        parameters=[OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=["docx", "xlsx", "pdf"])],
        responses={
            (200, CONTENT_TYPES[DocumentFormat.DOCX]): OpenApiResponse(OpenApiTypes.BINARY, description="Word (docx)"),
            (200, CONTENT_TYPES[DocumentFormat.XLSX]): OpenApiResponse(OpenApiTypes.BINARY, description="Excel (xlsx)"),
            (200, CONTENT_TYPES[DocumentFormat.PDF]): OpenApiResponse(
                OpenApiTypes.BINARY, description="PDF (application/pdf), the version as printed"
            ),
            404: OpenApiResponse(description="out of scope, missing, or not generated in this format"),
        },
    )
    @action(detail=True, methods=["get"], url_path=r"download/(?P<fmt>docx|xlsx|pdf)")
    def download(self, request: Request, pk: Any = None, fmt: str = "") -> FileResponse:
        """The version's Word, Excel or PDF file."""
        version = self.get_object()
        file = version.file_of(fmt)
        if not file:
            raise Http404
        name = f"{version.bulletin.title}-v{version.number}.{fmt}"
        return stored_file_response(
            version, fmt, filename=name, content_type=CONTENT_TYPES[DocumentFormat(fmt)], as_attachment=True
        )

    @extend_schema(request=None, responses=BulletinVersionDetailSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: Any = None) -> Response:
        """Publish a draft version: units and leaders of the region see it from now on."""
        version = self.get_object()
        version = services.bulletinversion_publish(version=version, actor=request.user)
        return Response(self.get_serializer(version).data)
