from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.uploads import XLSX_ONLY, UploadSerializerField
from regions.models import Region

from ..models import MonthlyReport, ReportValue


class MonthlyReportSerializer(serializers.ModelSerializer):
    """A unit's monthly report; month 2 is the 1—2月 report. Created as a draft; moved by the actions."""

    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    region_name = serializers.CharField(source="region.name", read_only=True)
    period_label = serializers.CharField(read_only=True)
    is_late = serializers.BooleanField(read_only=True)

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "region",
            "region_name",
            "year",
            "month",
            "period_label",
            "status",
            "deadline",
            "submitted_at",
            "submitted_by",
            "approved_at",
            "approved_by",
            "accepted_at",
            "accepted_by",
            "locked_at",
            "revision",
            "comment",
            "is_late",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [f for f in fields if f not in ("region", "year", "month")]

    def get_unique_together_validators(self) -> list[Any]:
        return []  # the service says which unit and month already has a report


class ReportValueSerializer(serializers.ModelSerializer):
    """One indicator's figures in a report, in `storage_unit` (money in 万元)."""

    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    series = serializers.CharField(source="indicator.series", read_only=True)
    kind = serializers.CharField(source="indicator.kind", read_only=True)
    storage_unit = serializers.CharField(source="indicator.storage_unit", read_only=True)
    nil = serializers.BooleanField(
        source="is_nil", read_only=True, help_text="单位标为“无”（本月无此数，原因见 note）：value 为 null，不是 0"
    )

    class Meta:
        model = ReportValue
        fields = [
            "id",
            "report",
            "indicator",
            "indicator_name",
            "series",
            "kind",
            "storage_unit",
            "value",
            "base_value",
            "numerator",
            "denominator",
            "text",
            "note",
            "nil",
            "updated_at",
        ]
        read_only_fields = fields


class EntrySerializer(serializers.Serializer):
    """Figures of one indicator as entered: numbers as text or numbers; blank clears a figure (never a 0).

    `value` "无" marks the figure as none this month (a qualitative indicator: `text` "无"); `note` must say why.
    """

    indicator = serializers.IntegerField()
    value = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    base_value = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    numerator = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    denominator = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    text = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class ValuesInputSerializer(serializers.Serializer):
    values = EntrySerializer(many=True)
    reason = serializers.CharField(required=False, allow_blank=True, help_text="修订已锁定的月报时必填")


class FindingSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()
    severity = serializers.CharField()


class ValuesResultSerializer(serializers.Serializer):
    findings = FindingSerializer(many=True)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField()


class ReportUploadSerializer(serializers.Serializer):
    file = UploadSerializerField(
        accept=XLSX_ONLY, help_text="填好的月报 Excel 模板（.xlsx）：第二行的单位代码和报告期决定写入哪一份月报"
    )
