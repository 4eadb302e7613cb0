"""The API of an import: the same pipeline as its pages (`core.pipeline.ImportPipeline`).

`POST import/` (multipart `file`) starts the preview (202), `GET import/{job}/` gives its status and, when done,
every finding by sheet, row and column, and `POST import/{job}/confirm/` applies a finished preview without
errors (202; a refusal is a ValidationError, 400 by the one exception handler). The import's permission is
checked first (403); a job of another user or another import is the same 404 as a missing one.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.pipeline import ImportPipeline


class ImportJobSerializer(serializers.Serializer[Any]):
    """An import job: the preview's findings (by sheet, row and column) or the apply's outcome."""

    job = serializers.IntegerField(source="pk")
    stage = serializers.SerializerMethodField()
    status = serializers.CharField()
    progress = serializers.IntegerField()
    message = serializers.CharField()
    result = serializers.JSONField(allow_null=True, help_text="sheet, rows_total, creates, updates, errors, findings")
    url = serializers.CharField(source="get_absolute_url")

    @extend_schema_field(serializers.CharField(help_text="preview（校验）或 apply（导入）"))
    def get_stage(self, job: Any) -> str:
        return "apply" if self.context["pipeline"].is_applied(job) else "preview"


_JOB = OpenApiParameter("job_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="导入任务编号")


def import_actions(
    *, pipeline: ImportPipeline, permission: str, upload_serializer: type[serializers.Serializer[Any]]
) -> type:
    """A viewset mixin with the three import actions of one pipeline (its upload serializer has a `file`)."""

    def job_data(job: Any) -> Any:
        return ImportJobSerializer(job, context={"pipeline": pipeline}).data

    def preview(request: Request, job_id: Any) -> Any:
        if not request.user.has_perm(permission):
            raise PermissionDenied
        return pipeline.preview_of(user=request.user, pk=int(job_id))

    class ImportActions:
        @extend_schema(request={"multipart/form-data": upload_serializer}, responses={202: ImportJobSerializer})
        @action(
            detail=False, methods=["post"], url_path="import", permission_classes=[IsAuthenticated],
            parser_classes=[MultiPartParser],
        )  # fmt: skip
        def import_(self, request: Request) -> Response:
            """Upload an Excel file: a preview job checks every row and writes nothing, as the import page does.
            Poll `GET import/{job}/` for its findings, then `POST import/{job}/confirm/`."""
            if not request.user.has_perm(permission):
                raise PermissionDenied
            upload = upload_serializer(data=request.data)
            upload.is_valid(raise_exception=True)
            params = {k: v for k, v in upload.validated_data.items() if k != "file"}  # e.g. a chosen plan
            job = pipeline.start(upload=upload.validated_data["file"], actor=request.user, params=params)
            return Response(job_data(job), status=202)

        @extend_schema(parameters=[_JOB], request=None, responses=ImportJobSerializer)
        @action(
            detail=False, methods=["get"], url_path=r"import/(?P<job_id>[0-9]+)", url_name="import-job",
            permission_classes=[IsAuthenticated],
        )  # fmt: skip
        def import_job(self, request: Request, job_id: Any = None) -> Response:
            """An import job of the user's (preview or apply): status, progress and, when done, its findings by
            sheet, row and column (`result`)."""
            return Response(job_data(preview(request, job_id)))

        @extend_schema(parameters=[_JOB], request=None, responses={202: ImportJobSerializer})
        @action(
            detail=False, methods=["post"], url_path=r"import/(?P<job_id>[0-9]+)/confirm", url_name="import-confirm",
            permission_classes=[IsAuthenticated],
        )  # fmt: skip
        def import_confirm(self, request: Request, job_id: Any = None) -> Response:
            """Apply a finished preview without errors: a job checks the same file again and writes it in one
            audited transaction (400 while the preview runs or when it found errors)."""
            job = pipeline.confirm(preview=preview(request, job_id), actor=request.user)
            return Response(job_data(job), status=202)

    return ImportActions
