"""Forms of the chain pages: they parse input; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm, StyledForm
from core.uploads import SPREADSHEET, UploadField

from .choices import RiskStatus
from .models import Chain, ChainEnterprise, ChainRisk, Segment, SupplyDemandEvent


class ChainForm(ScopedModelForm):
    class Meta:
        model = Chain
        fields = [
            "name", "order", "city_leader", "county_leaders", "department", "industries", "tags",
            "key_technologies", "key_products", "patent_count", "standard_count", "description",
        ]  # fmt: skip
        widgets = {
            "county_leaders": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class SegmentForm(ScopedModelForm):
    parent = forms.ModelChoiceField(
        label=_("上级环节"), queryset=Segment.objects.select_related("chain"), required=False,
        help_text=_("不选则为产业链的一级环节（上游、中游或下游）；下级环节沿用上级的产业链和位置"),
    )  # fmt: skip

    class Meta:
        model = Segment
        fields = ["chain", "parent", "name", "position", "order", "key_products"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chain"].required = False
        self.fields["position"].required = False
        if self.instance.pk:  # a segment stays where it is in the tree
            del self.fields["parent"]
            self.fields["chain"].disabled = True


class SegmentMoveForm(forms.Form):
    """Where to move a segment: another segment of its chain outside its own subtree, or the top."""

    parent = forms.ModelChoiceField(
        label=_("移到"), queryset=Segment.objects.none(), required=False, empty_label=_("（一级环节）"),
        help_text=_("下级环节和链上企业随之移动；位置（上/中/下游）随新的上级环节"),
    )  # fmt: skip

    def __init__(self, *args: Any, segment: Segment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = (  # type: ignore[attr-defined]
            Segment.objects.filter(chain_id=segment.chain_id).exclude(path__startswith=segment.path).order_by("path")
        )


class ChainEnterpriseForm(ScopedModelForm):
    scoped_fields = ("enterprise",)

    class Meta:
        model = ChainEnterprise
        fields = ["segment", "enterprise", "role", "products"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = Segment.objects.select_related("chain")  # type: ignore[attr-defined]


class ChainRiskForm(ScopedModelForm):
    scoped_fields = ("enterprise",)

    class Meta:
        model = ChainRisk
        fields = [
            "chain", "segment", "region", "enterprise", "kind", "item", "supplier_region", "supplier_country",
            "single_source", "stock_days", "substitute", "level", "measures", "owner", "next_review", "identified_on",
        ]  # fmt: skip
        widgets = {
            "next_review": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "identified_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = Segment.objects.select_related("chain")  # type: ignore[attr-defined]


class SupplyDemandEventForm(ScopedModelForm):
    class Meta:
        model = SupplyDemandEvent
        fields = [
            "chain", "region", "title", "held_on", "participants", "participant_count", "deal_count", "deal_amount",
            "note",
        ]  # fmt: skip
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ImportUploadForm(StyledForm):
    file = UploadField(
        accept=SPREADSHEET,
        label=_("Excel 文件"),
        help_text=_(".xlsx，表头含 产业链、环节、统一社会信用代码、企业名称、角色、主要产品"),
    )


class RiskStatusForm(StyledForm):
    status = forms.ChoiceField(label=_("状态"), choices=RiskStatus.choices)
    reason = forms.CharField(label=_("说明"), required=False, max_length=200)


class RiskMonthForm(StyledForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("月份"), min_value=1, max_value=12)
