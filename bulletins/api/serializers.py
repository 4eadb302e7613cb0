from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..choices import DocumentFormat
from ..forms import MONTH_CHOICES
from ..models import Bulletin, BulletinVersion


class BulletinSerializer(serializers.ModelSerializer):
    plan_title = serializers.CharField(source="plan.title", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Bulletin
        fields = [
            "id",
            "plan",
            "plan_title",
            "year",
            "month",
            "kind",
            "region",
            "region_name",
            "title",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class BulletinVersionSerializer(serializers.ModelSerializer):
    downloads = serializers.SerializerMethodField()

    class Meta:
        model = BulletinVersion
        fields = [
            "id",
            "bulletin",
            "number",
            "publication",
            "status",
            "reason",
            "generated_at",
            "generated_by",
            "published_at",
            "published_by",
            "job",
            "downloads",
        ]
        read_only_fields = fields

    def get_downloads(self, version: BulletinVersion) -> dict[str, str]:
        return {
            fmt.value: reverse("bulletinversion-download", args=[version.pk, fmt.value])
            for fmt in DocumentFormat
            if version.file_of(fmt)
        }


class BulletinVersionDetailSerializer(BulletinVersionSerializer):
    """One version with its frozen figures (`data`, every figure with its source ids)."""

    class Meta(BulletinVersionSerializer.Meta):
        fields = [*BulletinVersionSerializer.Meta.fields, "data"]
        read_only_fields = fields


class GenerateSerializer(serializers.Serializer):
    plan = serializers.IntegerField(label=_("目标任务计划"))
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    month = serializers.ChoiceField(choices=[m for m, _label in MONTH_CHOICES])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class JobStartedSerializer(serializers.Serializer):
    job = serializers.IntegerField()
    url = serializers.CharField()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return {"job": instance.pk, "url": instance.get_absolute_url()}
