from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from core.sources import get_source
from regions.models import Region

from ..choices import RelativeKind
from ..models import Indicator, Plan, Target


class PlanSerializer(serializers.ModelSerializer):
    scope_region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    scope_region_name = serializers.CharField(source="scope_region.name", read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "title",
            "document_number",
            "issuer",
            "issued_on",
            "year_start",
            "year_end",
            "scope_region",
            "scope_region_name",
            "layout",
            "source",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["layout", "source", "created_at", "updated_at"]

    def get_unique_together_validators(self) -> list[Any]:
        return []  # the service checks the document number (文号) once, with the model's constraint


class IndicatorSerializer(serializers.ModelSerializer):
    storage_unit = serializers.CharField(read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "plan",
            "name",
            "unit",
            "storage_unit",
            "kind",
            "direction",
            "order",
            "series",
            "source",
            "source_query",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["plan", "unit", "created_at", "updated_at"]

    def get_unique_together_validators(self) -> list[Any]:
        return []

    def validate_source_query(self, value: str) -> str:
        """A computed indicator names a registered source (the form offers them as a list)."""
        if value and get_source(value) is None:
            raise serializers.ValidationError(_("未知的取数口径：%s") % value)
        return value


class TargetSerializer(serializers.ModelSerializer):
    """A target; `value` is stored in `storage_unit` (money in 万元), `display_value` in the indicator's `unit`."""

    plan = serializers.IntegerField(source="indicator.plan_id", read_only=True)
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)
    storage_unit = serializers.CharField(source="indicator.storage_unit", read_only=True)
    # blank for absolute targets: the schema's enum must admit "" (a read-only field gets no blank choice of its own)
    relative_kind = serializers.ChoiceField(choices=[("", "—"), *RelativeKind.choices], read_only=True)
    region: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    period_label = serializers.CharField(read_only=True)
    display = serializers.CharField(read_only=True)
    display_value = serializers.DecimalField(max_digits=20, decimal_places=6, read_only=True, allow_null=True)

    class Meta:
        model = Target
        fields = [
            "id",
            "plan",
            "indicator",
            "indicator_name",
            "region",
            "region_name",
            "period_kind",
            "year_start",
            "year_end",
            "period_label",
            "status",
            "comparator",
            "value",
            "unit",
            "storage_unit",
            "display_value",
            "display",
            "relative_kind",
            "relative_offset",
            "raw_text",
            "source",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [f for f in fields if f != "raw_text"]

    def get_unique_together_validators(self) -> list[Any]:
        return []
