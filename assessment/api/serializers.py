from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.uploads import DOCX, SPREADSHEET, UploadSerializerField
from regions.models import Region

from ..models import AssessmentResult, Duty, DutyProgress, ScoreAdjustment, ScoringRule, ScoringScheme


class NoUniqueValidators:
    def get_unique_together_validators(self) -> list[Any]:
        return []  # the services check uniqueness once, with the models' constraints


class ScoringSchemeSerializer(NoUniqueValidators, serializers.ModelSerializer):
    class Meta:
        model = ScoringScheme
        fields = [
            "id",
            "plan",
            "name",
            "year",
            "total_points",
            "notes",
            "computed_at",
            "published_at",
            "published_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["computed_at", "published_at", "published_by", "created_at", "updated_at"]


class ScoringRuleSerializer(NoUniqueValidators, serializers.ModelSerializer):
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)

    class Meta:
        model = ScoringRule
        fields = [
            "id",
            "scheme",
            "indicator",
            "indicator_name",
            "kind",
            "base_points",
            "bonus_per_pp",
            "cap",
            "floor",
            "order",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class ScoreAdjustmentSerializer(NoUniqueValidators, serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = ScoreAdjustment
        fields = ["id", "scheme", "region", "region_name", "points", "reason", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class AssessmentResultSerializer(serializers.ModelSerializer):
    """A unit's stored score: `lines` lists each rule's points with the sentence explaining them."""

    region: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    year = serializers.IntegerField(source="scheme.year", read_only=True)

    class Meta:
        model = AssessmentResult
        fields = [
            "id",
            "scheme",
            "year",
            "region",
            "region_name",
            "total",
            "max_points",
            "rank",
            "lines",
            "inputs",
            "computed_at",
        ]
        read_only_fields = fields


class DutySerializer(NoUniqueValidators, serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = Duty
        fields = [
            "id",
            "plan",
            "department",
            "department_name",
            "text",
            "indicators",
            "role",
            "order",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class DutyProgressSerializer(NoUniqueValidators, serializers.ModelSerializer):
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = DutyProgress
        fields = [
            "id",
            "duty",
            "year",
            "quarter",
            "status",
            "note",
            "attachments",
            "submitted_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["submitted_by", "created_at", "updated_at"]

    def get_attachments(self, obj: DutyProgress) -> list[dict[str, Any]]:
        return [{"id": a.pk, "name": a.name, "url": a.get_absolute_url()} for a in obj.attachments.all()]


class LaggardSerializer(serializers.Serializer):
    """One row of the quarter's supervision list."""

    duty = serializers.IntegerField(source="duty.pk")
    department = serializers.CharField(source="duty.department.name")
    text = serializers.CharField(source="duty.text")
    role = serializers.CharField(source="duty.role")
    reason = serializers.CharField()
    note = serializers.SerializerMethodField()

    def get_note(self, row: dict[str, Any]) -> str:
        return row["progress"].note if row["progress"] is not None else ""


class DutyImportUploadSerializer(serializers.Serializer[Any]):
    file = UploadSerializerField(
        accept=(*SPREADSHEET, DOCX), help_text="部门责任分解表：Excel（.xlsx）或 Word（.docx）"
    )
    plan_id = serializers.IntegerField(
        required=False, help_text="表中没有“计划”列时必填：各行工作任务所属计划的编号（表中填了计划的行以表中为准）"
    )
