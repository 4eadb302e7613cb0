"""Serializers of the library's API; derived fields (stage, stars, flags) are read-only."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from regions.models import Region

from ...choices import Node
from ...models import (
    ApprovalStep,
    Project,
    ProjectCategory,
    ProjectList,
    ProjectNode,
    ProjectYearPlan,
    StandardLandContract,
    StarGate,
)
from ...services import CONTRACT_FIELDS

STAMPS = ["created_at", "updated_at"]


class NoUniqueValidators:
    def get_unique_together_validators(self) -> list[Any]:
        return []  # the services check uniqueness once, with the models' constraints

    def get_validators(self) -> list[Any]:
        return []


class ScopedProjectField:
    """The `project` of a row is chosen among the projects the requesting user may see."""

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()  # type: ignore[misc]
        request = self.context.get("request")  # type: ignore[attr-defined]
        if "project" in fields and request is not None and hasattr(fields["project"], "queryset"):
            fields["project"].queryset = Project.objects.visible_to(request.user)  # type: ignore[attr-defined]
        return fields


class NestedNodeSerializer(serializers.ModelSerializer):
    node_label = serializers.CharField(source="get_node_display", read_only=True)

    class Meta:
        model = ProjectNode
        fields = ["id", "node", "node_label", "planned_date", "actual_date", "note"]
        read_only_fields = fields


class ProjectSerializer(NoUniqueValidators, serializers.ModelSerializer):
    region: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all()
    )
    region_name = serializers.CharField(source="region.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default=None)
    nodes = NestedNodeSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "enterprise",
            "enterprise_name",
            "region",
            "region_name",
            "industry",
            "project_type",
            "total_investment",
            "equipment_investment",
            "land_mu",
            "categories",
            "lists",
            "description",
            "contact",
            "active",
            "stage",
            "stars",
            "flags",
            "last_update_year_month",
            "nodes",
            *STAMPS,
        ]
        read_only_fields = ["stage", "stars", "flags", "last_update_year_month", *STAMPS]


class NodeDatesSerializer(serializers.Serializer):
    planned_date = serializers.DateField(required=False, allow_null=True)
    actual_date = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class ProjectNodesSetSerializer(serializers.Serializer):
    """{"nodes": {"started": {"actual_date": "2019-05-01"}, …}}: the fields given change, the others stay."""

    nodes = serializers.DictField(child=NodeDatesSerializer())

    def validate_nodes(self, value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - set(Node.values))
        if unknown:
            raise serializers.ValidationError(f"unknown nodes: {', '.join(unknown)}")
        return value


class ProjectNodeSerializer(ScopedProjectField, NoUniqueValidators, serializers.ModelSerializer):
    node_label = serializers.CharField(source="get_node_display", read_only=True)

    class Meta:
        model = ProjectNode
        fields = ["id", "project", "node", "node_label", "planned_date", "actual_date", "note", *STAMPS]
        read_only_fields = STAMPS


class ProjectYearPlanSerializer(ScopedProjectField, NoUniqueValidators, serializers.ModelSerializer):
    class Meta:
        model = ProjectYearPlan
        fields = ["id", "project", "year", "planned_investment", "monthly_plan", *STAMPS]
        read_only_fields = STAMPS


class ApprovalStepSerializer(ScopedProjectField, NoUniqueValidators, serializers.ModelSerializer):
    class Meta:
        model = ApprovalStep
        fields = ["id", "project", "phase", "name", "submitted_on", "approved_on", *STAMPS]
        read_only_fields = STAMPS


class StandardLandContractSerializer(ScopedProjectField, NoUniqueValidators, serializers.ModelSerializer):
    class Meta:
        model = StandardLandContract
        fields = ["id", *CONTRACT_FIELDS, *STAMPS]
        read_only_fields = STAMPS


class ProjectCategorySerializer(NoUniqueValidators, serializers.ModelSerializer):
    class Meta:
        model = ProjectCategory
        fields = ["id", "code", "name", "order", "active", *STAMPS]
        read_only_fields = STAMPS


class ProjectListSerializer(NoUniqueValidators, serializers.ModelSerializer):
    class Meta:
        model = ProjectList
        fields = ["id", "code", "name", "min_total_investment", "order", "active", "description", *STAMPS]
        read_only_fields = STAMPS


class StarGateSerializer(NoUniqueValidators, serializers.ModelSerializer):
    class Meta:
        model = StarGate
        fields = ["id", "name", "node", "grace_days", "order", "active", *STAMPS]
        read_only_fields = STAMPS
