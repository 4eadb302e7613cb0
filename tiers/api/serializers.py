from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.uploads import SPREADSHEET, UploadSerializerField

from ..choices import Action, Level
from ..models import TierEntry, Title


class TitleSerializer(serializers.ModelSerializer[Title]):
    levels = serializers.ListField(child=serializers.ChoiceField(choices=Level.choices), required=False)
    sources = serializers.SerializerMethodField(help_text="该称号的取数口径（指标的 source_query）")

    def get_sources(self, title: Title) -> list[dict[str, str]]:
        return [{"key": k, "label": v} for k, v in title.source_keys()]

    class Meta:
        model = Title
        fields = ["id", "code", "name", "ladder", "levels", "validity_years", "aliases", "target_label", "active",
                  "description", "sources"]  # fmt: skip


class TierEntrySerializer(serializers.ModelSerializer[TierEntry]):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    title_name = serializers.CharField(source="title.name", read_only=True)
    valid_until = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = TierEntry
        fields = ["id", "enterprise", "enterprise_name", "title", "title_name", "year", "status", "level",
                  "recognised_on", "document_no", "evidence", "ended_on", "note", "valid_until"]  # fmt: skip
        read_only_fields = ["status", "ended_on"]


class TierTransitionSerializer(serializers.Serializer[Any]):
    action = serializers.ChoiceField(choices=Action.choices)
    level = serializers.ChoiceField(choices=Level.choices, required=False, allow_blank=True, default="")
    recognised_on = serializers.DateField(required=False, allow_null=True, default=None)
    document_no = serializers.CharField(required=False, allow_blank=True, default="")
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TierYearSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class TierImportUploadSerializer(serializers.Serializer[Any]):
    file = UploadSerializerField(accept=SPREADSHEET, help_text="认定名单 Excel 文件（.xlsx）")


class CountSerializer(serializers.Serializer[Any]):
    title = serializers.IntegerField()
    title_name = serializers.CharField()
    year = serializers.IntegerField()
    region = serializers.IntegerField(allow_null=True, help_text="县级单位；null 为用户范围合计")
    region_name = serializers.CharField()
    entries = serializers.IntegerField(help_text="入库数（全部状态）")
    recognised = serializers.IntegerField(help_text="认定数（含已到期）")
    by_level = serializers.DictField(child=serializers.IntegerField())
    by_status = serializers.DictField(child=serializers.IntegerField())
    conversion = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="认定数 ÷ 入库数（%）"
    )


class LadderYearSerializer(serializers.Serializer[Any]):
    """One year of an enterprise's ladder (the page's panel): its entries in ladder order, the highest title
    recognised that year and whether it is a higher rung than any recognised before."""

    year = serializers.IntegerField()
    top = serializers.IntegerField(allow_null=True, help_text="当年认定的最高称号（称号 id）")
    top_name = serializers.CharField(allow_blank=True)
    moved_up = serializers.BooleanField(help_text="是否晋级：高于此前认定过的所有称号")
    entries = TierEntrySerializer(many=True)
