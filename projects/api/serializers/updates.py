"""Serializers of monthly updates, photos, problems, snapshots and the rates/bulletin reads."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.files import StoredFileUrlField
from core.uploads import IMAGE, ImageUploadSerializerField

from ...choices import NODE_ORDER
from ...models import MonthSnapshot, ProjectPhoto, ProjectProblem, ProjectUpdate, SnapshotRow
from .projects import NoUniqueValidators, ScopedProjectField

STAMPS = ["created_at", "updated_at"]


class ProjectPhotoSerializer(serializers.ModelSerializer):
    image = StoredFileUrlField(help_text="照片的下载地址（按所属项目的数据范围授权）")

    class Meta:
        model = ProjectPhoto
        fields = ["id", "update", "image", "caption", *STAMPS]
        read_only_fields = fields


class ProjectUpdateSerializer(NoUniqueValidators, ScopedProjectField, serializers.ModelSerializer):
    """Write: project, year, month, investment_month, investment_ytd (optional), progress_text, nodes."""

    project_name = serializers.CharField(source="project.name", read_only=True)
    investment_ytd = serializers.DecimalField(max_digits=16, decimal_places=2, required=False, allow_null=True)
    nodes = serializers.DictField(
        child=serializers.DateField(), write_only=True, required=False, help_text="节点代码 → 本月达成的实际时间"
    )
    photos = ProjectPhotoSerializer(many=True, read_only=True)

    class Meta:
        model = ProjectUpdate
        fields = [
            "id", "project", "project_name", "year", "month", "investment_month", "investment_ytd", "progress_text",
            "nodes", "status", "submitted_at", "submitted_by", "reviewed_at", "reviewed_by", "comment", "photos",
            *STAMPS,
        ]  # fmt: skip
        read_only_fields = [
            "status", "submitted_at", "submitted_by", "reviewed_at", "reviewed_by", "comment", *STAMPS,
        ]  # fmt: skip

    def validate_nodes(self, value: dict[str, Any]) -> dict[str, Any]:
        unknown = set(value) - {n.value for n in NODE_ORDER}
        if unknown:
            raise serializers.ValidationError(f"unknown nodes: {sorted(unknown)}")
        return value


class PhotoUploadSerializer(serializers.Serializer):
    """A site photo for an update still being filled in (multipart: image, caption)."""

    image = ImageUploadSerializerField(accept=IMAGE)
    caption = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class TransitionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ProblemTransitionSerializer(serializers.Serializer):
    resolution = serializers.CharField(required=False, allow_blank=True, default="")


class ProjectProblemSerializer(NoUniqueValidators, ScopedProjectField, serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = ProjectProblem
        fields = [
            "id", "project", "project_name", "kind", "text", "department", "department_name", "deadline", "status",
            "resolution", "resolved_at", "escalation_level", "escalated_at", "raised_by", *STAMPS,
        ]  # fmt: skip
        read_only_fields = [
            "status", "resolution", "resolved_at", "escalation_level", "escalated_at", "raised_by", *STAMPS,
        ]  # fmt: skip


class MonthSnapshotSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = MonthSnapshot
        fields = ["id", "region", "region_name", "year", "month", "taken_at", "taken_by", "project_count", *STAMPS]
        read_only_fields = fields


class SnapshotTakeSerializer(serializers.Serializer):
    region = serializers.IntegerField()
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12)
    replace = serializers.BooleanField(default=False)


class SnapshotRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = SnapshotRow
        fields = [
            "id", "snapshot", "project", "region", "enterprise", "name", "code", "project_type", "total_investment",
            "year_plan", "investment_ytd", "stage", "stars", "flags", "list_ids", "category_ids", "nodes", "reached",
            "completion_planned_year",
        ]  # fmt: skip
        read_only_fields = fields
