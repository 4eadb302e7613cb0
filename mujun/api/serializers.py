from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.uploads import EVIDENCE, XLSX_ONLY, UploadSerializerField

from .. import models


class RuleSetSerializer(serializers.ModelSerializer[models.RuleSet]):
    class Meta:
        model = models.RuleSet
        fields = "__all__"
        read_only_fields = ("status", "based_on")


class RuleIndicatorSerializer(serializers.ModelSerializer[models.RuleIndicator]):
    class Meta:
        model = models.RuleIndicator
        fields = "__all__"


class IndustryOverrideSerializer(serializers.ModelSerializer[models.IndustryOverride]):
    class Meta:
        model = models.IndustryOverride
        fields = "__all__"


class RuleItemSerializer(serializers.ModelSerializer[models.RuleItem]):
    class Meta:
        model = models.RuleItem
        fields = "__all__"


class PriceRuleSerializer(serializers.ModelSerializer[models.PriceRule]):
    class Meta:
        model = models.PriceRule
        fields = "__all__"


class ListEntrySerializer(serializers.ModelSerializer[models.ListEntry]):
    class Meta:
        model = models.ListEntry
        fields = "__all__"


class EnterpriseYearDataSerializer(serializers.ModelSerializer[models.EnterpriseYearData]):
    class Meta:
        model = models.EnterpriseYearData
        fields = "__all__"


class EvaluationRunSerializer(serializers.ModelSerializer[models.EvaluationRun]):
    class Meta:
        model = models.EvaluationRun
        fields = "__all__"


class AdjustmentSerializer(serializers.ModelSerializer[models.Adjustment]):
    class Meta:
        model = models.Adjustment
        fields = "__all__"


class RectificationMilestoneSerializer(serializers.ModelSerializer[models.RectificationMilestone]):
    class Meta:
        model = models.RectificationMilestone
        fields = "__all__"


class RectificationProgressSerializer(serializers.ModelSerializer[models.RectificationProgress]):
    class Meta:
        model = models.RectificationProgress
        fields = "__all__"


class EvaluationResultSerializer(serializers.ModelSerializer[models.EvaluationResult]):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    values = serializers.DictField(
        child=serializers.FloatField(allow_null=True), read_only=True, help_text="指标代码 → 指标值（无数据为 null）"
    )
    benchmarks = serializers.DictField(child=serializers.FloatField(allow_null=True), read_only=True)
    contributions = serializers.DictField(
        child=serializers.FloatField(allow_null=True), read_only=True, help_text="指标代码 → 该指标得分"
    )

    class Meta:
        model = models.EvaluationResult
        exclude = ["value_list", "benchmark_list", "contribution_list"]


class AdjustSerializer(serializers.Serializer[Any]):
    klass = serializers.ChoiceField(choices=["A", "B", "C", "D"])
    reason = serializers.CharField()


class PublishSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()


class ObjectionCreateSerializer(serializers.Serializer[Any]):
    text = serializers.CharField()
    requested_class = serializers.ChoiceField(choices=["", "A", "B", "C", "D"], required=False, default="")
    evidence = UploadSerializerField(required=False, accept=EVIDENCE)


class DecideSerializer(serializers.Serializer[Any]):
    upheld = serializers.BooleanField()
    decision = serializers.CharField()
    klass = serializers.ChoiceField(choices=["", "A", "B", "C", "D"], required=False, default="")


class ConfirmSerializer(serializers.Serializer[Any]):
    path = serializers.ChoiceField(choices=["", "improve", "merge", "vacate", "close"], required=False, default="")
    plan = serializers.CharField(required=False, default="", allow_blank=True)


class CloseSerializer(serializers.Serializer[Any]):
    evidence = UploadSerializerField(accept=EVIDENCE)
    land_freed_mu = serializers.DecimalField(max_digits=16, decimal_places=4)
    energy_freed_tce = serializers.DecimalField(max_digits=16, decimal_places=4)


class RunStartSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    name = serializers.CharField(max_length=100)
    rule_sets = serializers.PrimaryKeyRelatedField(queryset=models.RuleSet.objects.all(), many=True)


class _EvidenceUrlMixin(serializers.ModelSerializer[Any]):
    # `evidence` is the scoped download URL of the file (`…/{id}/evidence/`), null without one: the stored media
    # path is never served, evidence is only for those who may see the object.
    evidence = serializers.SerializerMethodField()
    evidence_url_name: str

    @extend_schema_field(serializers.URLField(allow_null=True, help_text="材料文件的下载地址（未上传时为空）"))
    def get_evidence(self, obj: Any) -> str | None:
        if not obj.evidence:
            return None
        url = reverse(self.evidence_url_name, args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class ObjectionSerializer(_EvidenceUrlMixin):
    """An objection; `evidence` is the URL of `GET /api/mujun-objections/{id}/evidence/`, null without a file."""

    evidence_url_name = "mujun-objection-evidence"

    class Meta:
        model = models.Objection
        fields = "__all__"


class RectificationSerializer(_EvidenceUrlMixin):
    """A rectification; `evidence` (the 销号 material) is the URL of `GET /api/mujun-rectifications/{id}/evidence/`,
    null before 销号."""

    evidence_url_name = "mujun-rectification-evidence"

    class Meta:
        model = models.Rectification
        fields = "__all__"


class ImportUploadSerializer(serializers.Serializer[Any]):
    file = UploadSerializerField(help_text="亩均年度数据 Excel 文件（.xlsx）", accept=XLSX_ONLY)


class RectificationFiguresSerializer(serializers.Serializer[Any]):
    """Per unit: firms identified, rectified (销号), land freed (亩), energy freed (tce)."""

    unit = serializers.CharField()
    identified = serializers.IntegerField()
    rectified = serializers.IntegerField()
    land = serializers.DecimalField(max_digits=20, decimal_places=4)
    energy = serializers.DecimalField(max_digits=20, decimal_places=4)
