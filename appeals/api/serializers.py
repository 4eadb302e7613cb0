from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.uploads import XLSX_ONLY, UploadSerializerField
from enterprises.models import Enterprise
from regions.models import Department, Region

from ..choices import Rating
from ..models import Appeal, AppealAttachment, AppealCategory, AppealHop

STAMPS = ["created_at", "updated_at"]


class _NoValidators:
    def get_validators(self) -> list[Any]:
        return []  # the services check uniqueness and rules


class AppealCategorySerializer(_NoValidators, serializers.ModelSerializer):
    class Meta:
        model = AppealCategory
        fields = [
            "id",
            "code",
            "name",
            "accept_days",
            "simple_days",
            "complex_days",
            "extended_days",
            "order",
            "active",
            *STAMPS,
        ]
        read_only_fields = STAMPS


class AppealSerializer(_NoValidators, serializers.ModelSerializer):
    enterprise: Any = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False)
    uscc = serializers.CharField(write_only=True, required=False, max_length=18)
    enterprise_name = serializers.CharField(write_only=True, required=False, max_length=200)
    region: Any = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(), required=False)
    confirm_provisional = serializers.BooleanField(write_only=True, required=False, default=False)
    enterprise_display = serializers.CharField(source="enterprise.name", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)

    class Meta:
        model = Appeal
        fields = [
            "id", "number", "enterprise", "enterprise_display", "uscc", "enterprise_name", "region", "confirm_provisional",
            "channel", "category", "category_name", "complexity", "urgency", "title", "text", "contact_name", "contact_phone",
            "status", "level", "department", "filed_on", "accept_due", "answer_due", "accepted_on", "answered_on", "answer",
            "extended", "extension_reason", "paused_workdays", "workdays_to_answer", "on_time", "rating", "rating_comment",
            "rated_on", "reopened", "escalation_level", "merged_into", *STAMPS,
        ]  # fmt: skip
        read_only_fields = [
            "number", "status", "level", "department", "filed_on", "accept_due", "answer_due", "accepted_on", "answered_on",
            "answer", "extended", "extension_reason", "paused_workdays", "workdays_to_answer", "on_time", "rating",
            "rating_comment", "rated_on", "reopened", "escalation_level", "merged_into", *STAMPS,
        ]  # fmt: skip


class MoveSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), required=False, allow_null=True)
    rating = serializers.ChoiceField(choices=Rating.choices[:3], required=False)


class MergeSerializer(serializers.Serializer):
    into = serializers.IntegerField()
    reason = serializers.CharField(required=False, allow_blank=True)


class AppealHopSerializer(serializers.ModelSerializer):
    class Meta:
        model = AppealHop
        fields = ["id", "appeal", "at", "actor", "action", "from_holder", "to_holder", "reason"]
        read_only_fields = fields


class AppealAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = AppealAttachment
        fields = ["id", "appeal", "file", "name", "uploaded_by", *STAMPS]
        read_only_fields = ["uploaded_by", *STAMPS]


class HotlineImportUploadSerializer(serializers.Serializer[Any]):
    file = UploadSerializerField(accept=XLSX_ONLY, help_text="热线诉求记录 Excel 文件（.xlsx）")
