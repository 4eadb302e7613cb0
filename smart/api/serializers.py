from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.uploads import SPREADSHEET, UploadSerializerField

from .. import models


class ServiceCompanySerializer(serializers.ModelSerializer[models.ServiceCompany]):
    class Meta:
        model = models.ServiceCompany
        fields = "__all__"


class RankingRuleSerializer(serializers.ModelSerializer[models.RankingRule]):
    class Meta:
        model = models.RankingRule
        fields = "__all__"


class DiagnosisSerializer(serializers.ModelSerializer[models.Diagnosis]):
    class Meta:
        model = models.Diagnosis
        fields = "__all__"


class RecommendationSerializer(serializers.ModelSerializer[models.Recommendation]):
    # The key project it became is set by the promote action only.
    class Meta:
        model = models.Recommendation
        fields = "__all__"
        read_only_fields = ("project",)


class DemonstrationSerializer(serializers.ModelSerializer[models.Demonstration]):
    class Meta:
        model = models.Demonstration
        fields = "__all__"


class SubsidyRuleSerializer(serializers.ModelSerializer[models.SubsidyRule]):
    # The version and superseded flag are kept by the services.
    class Meta:
        model = models.SubsidyRule
        fields = "__all__"
        read_only_fields = ("version", "superseded")


class SubsidyAwardSerializer(serializers.ModelSerializer[models.SubsidyAward]):
    class Meta:
        model = models.SubsidyAward
        fields = "__all__"


class EquipmentFigureSerializer(serializers.ModelSerializer[models.EquipmentFigure]):
    # The figures with the shares computed from them (read only).
    robot_density = serializers.DecimalField(max_digits=10, decimal_places=1, read_only=True, allow_null=True)
    cnc_rate = serializers.DecimalField(max_digits=6, decimal_places=1, read_only=True, allow_null=True)
    network_rate = serializers.DecimalField(max_digits=6, decimal_places=1, read_only=True, allow_null=True)

    class Meta:
        model = models.EquipmentFigure
        fields = "__all__"


class SmartYearSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class SmartPaymentSerializer(serializers.Serializer[Any]):
    paid_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    voucher = serializers.CharField(required=False, allow_blank=True, default="")


class SmartImportUploadSerializer(serializers.Serializer[Any]):
    file = UploadSerializerField(accept=SPREADSHEET, help_text="诊断报表 Excel 文件（.xlsx）")
