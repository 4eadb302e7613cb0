from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm, StyledForm
from core.sources import source_choices
from core.uploads import TABLE_DOCUMENT, UploadField
from regions.models import Region

from .choices import Direction, IndicatorKind
from .measures import KNOWN_UNITS
from .models import Indicator, Plan, Target

PLAN_METADATA = ("title", "document_number", "issuer", "issued_on", "year_start", "year_end", "scope_region", "notes")


class PlanForm(ScopedModelForm):
    region_field = "scope_region"

    class Meta:
        model = Plan
        fields = ["title", "document_number", "issuer", "issued_on", "year_start", "year_end", "scope_region", "notes"]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"}), "notes": forms.Textarea(attrs={"rows": 3})}


def source_query_choices() -> list[tuple[str, str]]:
    """The computed sources an indicator may take its value from (read when the form is built: a tier title the
    admin adds is offered at once)."""
    return [("", "—"), *source_choices()]


class IndicatorForm(ScopedModelForm):
    # A list of the registered sources by their Chinese names, where the model's field is a key typed by hand
    # (nothing told the user which keys exist, and a typo gave an empty figure).
    source_query = forms.ChoiceField(
        label=_("取数口径"),
        required=False,
        choices=source_query_choices,
        help_text=_("系统计算的指标：从本系统的记录按月末口径取数（企业库、梯度培育、智能化改造、重点项目、招商引资）"),
    )

    class Meta:
        model = Indicator
        fields = ["name", "kind", "direction", "order", "series", "source", "source_query"]


class TargetForm(ScopedModelForm):
    class Meta:
        model = Target
        fields = ["raw_text"]
        labels = {"raw_text": _("目标（按通知原文填写，如 125、8以上、——、比上年提升）")}


class PlanImportForm(StyledForm):
    """A notice's table: an uploaded file, or text pasted from Excel or Word."""

    file = UploadField(label=_("文件（.xlsx / .xls / .docx）"), required=False, accept=TABLE_DOCUMENT)
    text = forms.CharField(
        label=_("或粘贴表格（从 Excel 或 Word 复制）"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    table = forms.IntegerField(
        label=_("只导入第几张表（可选）"), required=False, min_value=1, help_text=_("Word 文件中有多张表格时使用")
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("请上传文件或粘贴表格"))
        if data.get("file") and (data.get("text") or "").strip():
            raise forms.ValidationError(_("请只选择一种方式：上传文件或粘贴表格"))
        return data


class PlanConfirmForm(StyledForm):
    """The plan's metadata, the user's corrections of indicator kinds, and the acknowledgement of warnings."""

    title = forms.CharField(label=Plan._meta.get_field("title").verbose_name, max_length=200)
    document_number = forms.CharField(
        label=Plan._meta.get_field("document_number").verbose_name, max_length=60, required=False
    )
    issuer = forms.CharField(label=Plan._meta.get_field("issuer").verbose_name, max_length=100, required=False)
    issued_on = forms.DateField(
        label=Plan._meta.get_field("issued_on").verbose_name,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    year_start = forms.IntegerField(label=Plan._meta.get_field("year_start").verbose_name, min_value=1990)
    year_end = forms.IntegerField(label=Plan._meta.get_field("year_end").verbose_name, max_value=2100)
    scope_region = forms.ModelChoiceField(
        label=Plan._meta.get_field("scope_region").verbose_name, queryset=Region.objects.none()
    )
    notes = forms.CharField(
        label=Plan._meta.get_field("notes").verbose_name, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    accept_warnings = forms.BooleanField(label=_("我已核对以上提示，按原文导入"), required=False)

    def __init__(self, *args: Any, user: Any, indicators: list[dict[str, str]], warnings: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope_region"].queryset = Region.objects.in_scope_of(user)  # type: ignore[attr-defined]
        self.indicators = indicators
        self.warnings = warnings
        for i, indicator in enumerate(indicators):
            self.fields[f"kind_{i}"] = forms.ChoiceField(
                label=indicator["name"], choices=IndicatorKind.choices, initial=indicator["kind"]
            )
            self.fields[f"direction_{i}"] = forms.ChoiceField(
                label=indicator["name"], choices=Direction.choices, initial=indicator["direction"]
            )
            if indicator.get("unit_source") == "missing":
                # The table prints no unit and the name does not say it: the user chooses (issue #12).
                self.fields[f"unit_{i}"] = forms.ChoiceField(
                    label=indicator["name"], choices=[("", _("请选择单位")), *((u, u) for u in KNOWN_UNITS)]
                )
        self.style()

    def indicator_rows(self) -> list[tuple[dict[str, str], Any, Any, Any]]:
        return [
            (ind, self[f"kind_{i}"], self[f"direction_{i}"], self[f"unit_{i}"] if f"unit_{i}" in self.fields else None)
            for i, ind in enumerate(self.indicators)
        ]

    def overrides(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """(name, unit) → (kind, direction[, unit]) as the user confirmed them."""
        return {
            (ind["name"], ind["unit"]): (
                self.cleaned_data[f"kind_{i}"],
                self.cleaned_data[f"direction_{i}"],
                *([self.cleaned_data[f"unit_{i}"]] if f"unit_{i}" in self.fields else []),
            )
            for i, ind in enumerate(self.indicators)
        }

    def metadata_fields(self) -> list[Any]:
        return [self[name] for name in PLAN_METADATA]

    def plan_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PLAN_METADATA}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.warnings and not data.get("accept_warnings"):
            self.add_error("accept_warnings", _("有 %d 条提示需要核对：请确认后再导入") % self.warnings)
        return data
