from typing import Any

from rest_framework import serializers

from core.api.viewsets import ScopedReadOnlyViewSet

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
        ]

    def to_representation(self, instance: Job) -> dict[str, Any]:
        data = super().to_representation(instance)
        if isinstance(data.get("result"), dict):  # jobs that failed before tracebacks stayed in the log
            data["result"].pop("traceback", None)
        return data


class JobViewSet(ScopedReadOnlyViewSet):
    """Jobs the user started (all jobs for the city admin): poll `progress` and read `result`."""

    model = Job
    serializer_class = JobSerializer
    filterset_class = JobFilterSet
    ordering = ["-created_at"]
