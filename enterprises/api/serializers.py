from __future__ import annotations

from typing import Any

from rest_framework import serializers

from regions.models import Region

from ..models import Enterprise, Industry, Tag
from ..validators import clean_uscc


class IndustrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Industry
        fields = ["id", "code", "name", "level", "parent"]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["id", "name"]


class EnterpriseSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    industry = serializers.SlugRelatedField(
        slug_field="code", queryset=Industry.objects.all(), allow_null=True, required=False
    )
    tags = serializers.SlugRelatedField(slug_field="name", queryset=Tag.objects.all(), many=True, required=False)
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "uscc",
            "name",
            "region",
            "region_name",
            "industry",
            "size_class",
            "land_mu",
            "employees",
            "listed",
            "address",
            "tags",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate_uscc(self, value: str) -> str:
        from django.core.exceptions import ValidationError

        try:
            return clean_uscc(value)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc

    def get_unique_together_validators(self) -> list[Any]:
        return []
