from typing import Any

from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request

from core.api.viewsets import ScopedReadOnlyViewSet

from ..exports import export_file, export_start
from ..filtersets import JobFilterSet
from ..models import Job


class JobSerializer(serializers.ModelSerializer):
    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "progress",
            "message",
            "result",
            "user",
            "created_at",
            "started_at",
            "finished_at",
            "download_url",
        ]

    download_url = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.CharField(allow_null=True, help_text="导出任务完成后，下载文件的地址（仅发起人可下载）")
    )
    def get_download_url(self, job: Job) -> str | None:
        return reverse("job-download", args=[job.pk]) if job.output_file else None

    def to_representation(self, instance: Job) -> dict[str, Any]:
        data = super().to_representation(instance)
        if isinstance(data.get("result"), dict):  # jobs that failed before tracebacks stayed in the log
            data["result"].pop("traceback", None)
        return data


class ExportStartSerializer(serializers.Serializer[Any]):
    url = serializers.CharField(help_text="列表导出页面的地址（含筛选条件），如 /enterprises/export/?region=…")


class JobViewSet(ScopedReadOnlyViewSet):
    """Jobs the user started (all jobs for the city admin): poll `progress` and read `result`."""

    model = Job
    serializer_class = JobSerializer
    filterset_class = JobFilterSet
    ordering = ["-created_at"]

    @extend_schema(request=ExportStartSerializer, responses={202: JobSerializer})
    @action(detail=False, methods=["post"], permission_classes=[IsAuthenticated])  # the export's own check
    def export(self, request: Request) -> Any:
        """Start a list export as a job (as the list page's export button does); poll the job, then download."""
        return self.run_action(
            export_start, input=ExportStartSerializer, output=JobSerializer, status=202, detail=False
        )

    @extend_schema(
        responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY}
    )
    @action(detail=True, methods=["get"], permission_classes=[IsAuthenticated])  # the starter only
    def download(self, request: Request, pk: Any = None) -> FileResponse:
        """The file of a finished export, for the person who started it (404 for anyone else)."""
        return export_file(job_id=pk, user=request.user)
