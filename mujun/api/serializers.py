from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ..models import (
    Adjustment,
    EnterpriseYearData,
    EvaluationResult,
    EvaluationRun,
    IndustryOverride,
    ListEntry,
    Objection,
    PriceRule,
    Rectification,
    RectificationMilestone,
    RectificationProgress,
    RuleIndicator,
    RuleItem,
    RuleSet,
)


def _serializer(model_: type, read_only: tuple[str, ...] = ()) -> type[serializers.ModelSerializer[Any]]:
    meta = type("Meta", (), {"model": model_, "fields": "__all__", "read_only_fields": read_only})
    return type(f"{model_.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": meta})


RuleSetSerializer = _serializer(RuleSet, ("status", "based_on"))
RuleIndicatorSerializer = _serializer(RuleIndicator)
IndustryOverrideSerializer = _serializer(IndustryOverride)
RuleItemSerializer = _serializer(RuleItem)
PriceRuleSerializer = _serializer(PriceRule)
ListEntrySerializer = _serializer(ListEntry)
EnterpriseYearDataSerializer = _serializer(EnterpriseYearData)
EvaluationRunSerializer = _serializer(EvaluationRun)
AdjustmentSerializer = _serializer(Adjustment)
ObjectionSerializer = _serializer(Objection)
RectificationSerializer = _serializer(Rectification)
RectificationMilestoneSerializer = _serializer(RectificationMilestone)
RectificationProgressSerializer = _serializer(RectificationProgress)


class EvaluationResultSerializer(serializers.ModelSerializer[EvaluationResult]):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = EvaluationResult
        fields = "__all__"


class AdjustSerializer(serializers.Serializer[Any]):
    klass = serializers.ChoiceField(choices=["A", "B", "C", "D"])
    reason = serializers.CharField()


class PublishSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()


class ObjectionCreateSerializer(serializers.Serializer[Any]):
    text = serializers.CharField()
    requested_class = serializers.ChoiceField(choices=["", "A", "B", "C", "D"], required=False, default="")
    evidence = serializers.FileField(required=False)


class DecideSerializer(serializers.Serializer[Any]):
    upheld = serializers.BooleanField()
    decision = serializers.CharField()
    klass = serializers.ChoiceField(choices=["", "A", "B", "C", "D"], required=False, default="")


class ConfirmSerializer(serializers.Serializer[Any]):
    path = serializers.ChoiceField(choices=["", "improve", "merge", "vacate", "close"], required=False, default="")
    plan = serializers.CharField(required=False, default="", allow_blank=True)


class CloseSerializer(serializers.Serializer[Any]):
    evidence = serializers.FileField()
    land_freed_mu = serializers.DecimalField(max_digits=16, decimal_places=4)
    energy_freed_tce = serializers.DecimalField(max_digits=16, decimal_places=4)


class RunStartSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    name = serializers.CharField(max_length=100)
    rule_sets = serializers.PrimaryKeyRelatedField(queryset=RuleSet.objects.all(), many=True)
