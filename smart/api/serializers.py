from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.uploads import SPREADSHEET, UploadSerializerField

from ..models import (
    Demonstration,
    Diagnosis,
    EquipmentFigure,
    RankingRule,
    Recommendation,
    ServiceCompany,
    SubsidyAward,
    SubsidyPayment,
    SubsidyRule,
)


def _serializer(model_: type, read_only: tuple[str, ...] = (), extra: dict[str, Any] | None = None) -> Any:
    meta = type("Meta", (), {"model": model_, "fields": "__all__", "read_only_fields": read_only})
    return type(f"{model_.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": meta, **(extra or {})})


ServiceCompanySerializer = _serializer(ServiceCompany)
RankingRuleSerializer = _serializer(RankingRule)
DiagnosisSerializer = _serializer(Diagnosis)
RecommendationSerializer = _serializer(Recommendation, ("project",))
DemonstrationSerializer = _serializer(Demonstration)
SubsidyRuleSerializer = _serializer(SubsidyRule, ("version", "superseded"))
SubsidyAwardSerializer = _serializer(SubsidyAward)
SubsidyPaymentSerializer = _serializer(SubsidyPayment)
EquipmentFigureSerializer = _serializer(
    EquipmentFigure,
    extra={
        "robot_density": serializers.DecimalField(max_digits=10, decimal_places=1, read_only=True, allow_null=True),
        "cnc_rate": serializers.DecimalField(max_digits=6, decimal_places=1, read_only=True, allow_null=True),
        "network_rate": serializers.DecimalField(max_digits=6, decimal_places=1, read_only=True, allow_null=True),
    },
)


class SmartYearSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class SmartPaymentSerializer(serializers.Serializer[Any]):
    paid_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    voucher = serializers.CharField(required=False, allow_blank=True, default="")


class SmartImportUploadSerializer(serializers.Serializer[Any]):
    file = UploadSerializerField(accept=SPREADSHEET, help_text="诊断报表 Excel 文件（.xlsx）")
