"""Serializers of the chains API; the services check the rules (uniqueness included)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core import clock
from core.uploads import SPREADSHEET, UploadSerializerField

from ..choices import RiskStatus
from ..models import Chain, ChainEnterprise, ChainRisk, Segment, SupplyDemandEvent


class _NoValidators:
    def get_validators(self) -> list[Any]:
        return []  # the services check uniqueness once, with the models' constraints


class ChainSerializer(_NoValidators, serializers.ModelSerializer[Chain]):
    class Meta:
        model = Chain
        fields = "__all__"


class SegmentSerializer(_NoValidators, serializers.ModelSerializer[Segment]):
    parent = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Segment.objects.all(), required=False, allow_null=True, write_only=True,
        help_text="上级环节（新增时；不填为一级环节）",
    )  # fmt: skip

    class Meta:
        model = Segment
        fields = ["id", "chain", "parent", "name", "position", "order", "key_products", "depth", "path"]
        read_only_fields = ["depth", "path"]
        extra_kwargs = {"chain": {"required": False}, "position": {"required": False}}


class SegmentMoveSerializer(serializers.Serializer[Any]):
    parent = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Segment.objects.all(), allow_null=True, help_text="新的上级环节（同一产业链；null 为一级环节）"
    )


class ChainEnterpriseSerializer(_NoValidators, serializers.ModelSerializer[ChainEnterprise]):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = ChainEnterprise
        fields = [
            "id",
            "chain",
            "segment",
            "enterprise",
            "enterprise_name",
            "role",
            "products",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["chain"]


class ChainRiskSerializer(_NoValidators, serializers.ModelSerializer[ChainRisk]):
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ChainRisk
        fields = "__all__"
        read_only_fields = ["status", "closed_on"]
        extra_kwargs = {"identified_on": {"required": False}}

    @extend_schema_field(serializers.BooleanField(help_text="跟踪中且已过复核日期"))
    def get_overdue(self, risk: ChainRisk) -> bool:

        from ..calculations import is_overdue

        return is_overdue(risk.next_review, risk.status, clock.today())


class SupplyDemandEventSerializer(_NoValidators, serializers.ModelSerializer[SupplyDemandEvent]):
    class Meta:
        model = SupplyDemandEvent
        fields = "__all__"


class RiskStatusSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=RiskStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class TitleCountSerializer(serializers.Serializer[Any]):
    """How many of the segment's enterprises hold one tier title (recognised, not dropped or expired)."""

    title = serializers.CharField()
    enterprises = serializers.IntegerField()


class SegmentFiguresSerializer(serializers.Serializer[Any]):
    """One segment's figures on the chain page (its subtree, each enterprise once)."""

    segment = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    position = serializers.CharField()
    depth = serializers.IntegerField()
    enterprises = serializers.IntegerField()
    masters = serializers.IntegerField()
    core = serializers.IntegerField()
    above_size = serializers.IntegerField()
    tax = serializers.DecimalField(max_digits=18, decimal_places=2)
    value_added = serializers.DecimalField(max_digits=18, decimal_places=2)
    projects = serializers.IntegerField()
    investment = serializers.DecimalField(max_digits=18, decimal_places=2)
    titles = TitleCountSerializer(many=True)


class ChainImportUploadSerializer(serializers.Serializer[Any]):
    file = UploadSerializerField(accept=SPREADSHEET, help_text="链上企业 Excel 文件（.xlsx）")
