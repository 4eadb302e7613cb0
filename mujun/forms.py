from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm, StyledForm
from core.uploads import EVIDENCE, XLSX_ONLY, UploadField
from enterprises.choices import IndustryLevel
from enterprises.models import Industry

from .choices import Klass, RectificationPath
from .models import (
    EnterpriseYearData,
    IndustryOverride,
    ListEntry,
    PriceRule,
    RectificationMilestone,
    RectificationProgress,
    RuleIndicator,
    RuleItem,
    RuleSet,
)


class RuleSetForm(ScopedModelForm):
    class Meta:
        model = RuleSet
        fields = ["year", "group", "version", "name", "cut_a", "cut_b", "cut_c", "ties_share_better",
                  "rectify_tax_per_mu", "rectify_land_mu", "note"]  # fmt: skip


class RuleIndicatorForm(ScopedModelForm):
    class Meta:
        model = RuleIndicator
        fields = ["rule_set", "code", "weight", "benchmark_mode", "benchmark", "factor", "cap", "missing_rule"]


class IndustryOverrideForm(ScopedModelForm):
    """分行业评价 is set on a GB/T 4754 division (大类): only divisions are offered."""

    class Meta:
        model = IndustryOverride
        fields = ["rule_set", "industry", "code", "weight", "benchmark"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = Industry.objects.filter(level=IndustryLevel.DIVISION)  # type: ignore[attr-defined]


class RuleItemForm(ScopedModelForm):
    class Meta:
        model = RuleItem
        fields = ["rule_set", "code", "name", "kind", "points"]


class PriceRuleForm(ScopedModelForm):
    class Meta:
        model = PriceRule
        fields = ["year", "klass", "resource", "surcharge", "consecutive_years", "consecutive_surcharge"]


class ListEntryForm(ScopedModelForm):
    scoped_fields = ("enterprise",)

    class Meta:
        model = ListEntry
        fields = ["year", "enterprise", "kind", "reason"]


class EnterpriseYearDataForm(ScopedModelForm):
    scoped_fields = ("enterprise",)

    class Meta:
        model = EnterpriseYearData
        fields = ["enterprise", "year", "size_class", "tax", "value_added", "revenue", "land_mu", "energy_tce",
                  "emission_t", "employees", "rd", "electricity", "parcel", "items", "not_graded"]  # fmt: skip


class RectificationMilestoneForm(ScopedModelForm):
    class Meta:
        model = RectificationMilestone
        fields = ["title", "due", "done_on"]


class RectificationProgressForm(ScopedModelForm):
    class Meta:
        model = RectificationProgress
        fields = ["month", "note", "percent"]


class RunStartForm(StyledForm):
    year = forms.IntegerField(label=_("评价年度"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("名称"), max_length=100)
    rule_sets = forms.ModelMultipleChoiceField(label=_("评价规则"), queryset=RuleSet.objects.all())


class AdjustForm(StyledForm):
    klass = forms.ChoiceField(label=_("调整后类别"), choices=Klass.choices)
    reason = forms.CharField(label=_("调整理由"), widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(StyledForm):
    start = forms.DateField(label=_("公示开始"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("公示结束"), widget=forms.DateInput(attrs={"type": "date"}))


class ObjectionForm(StyledForm):
    text = forms.CharField(label=_("异议内容"), widget=forms.Textarea(attrs={"rows": 3}))
    requested_class = forms.ChoiceField(label=_("申请类别"), choices=[("", "—"), *Klass.choices], required=False)
    evidence = UploadField(label=_("证明材料"), required=False, accept=EVIDENCE)


class DecideForm(StyledForm):
    upheld = forms.BooleanField(label=_("异议成立"), required=False)
    klass = forms.ChoiceField(label=_("调整后类别"), choices=[("", "—"), *Klass.choices], required=False)
    decision = forms.CharField(label=_("处理意见"), widget=forms.Textarea(attrs={"rows": 2}))


class ConfirmForm(StyledForm):
    path = forms.ChoiceField(
        label=_("整治路径"), choices=[("", _("不纳入整治")), *RectificationPath.choices], required=False
    )
    plan = forms.CharField(label=_("整治方案"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CloseForm(StyledForm):
    evidence = UploadField(label=_("销号材料"), accept=EVIDENCE)
    land_freed_mu = forms.DecimalField(label=_("腾出用地（亩）"), max_digits=16, decimal_places=4)
    energy_freed_tce = forms.DecimalField(label=_("腾出用能（吨标准煤）"), max_digits=16, decimal_places=4)


class ImportUploadForm(StyledForm):
    file = UploadField(label=_("Excel 文件"), accept=XLSX_ONLY)
