"""Forms: they parse input and limit every choice to the user's scope; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm, StyledForm
from core.uploads import DOCX, EVIDENCE, SPREADSHEET, UploadField
from regions.models import Department
from targets.models import Indicator, Plan

from .models import Duty, DutyProgress, ScoreAdjustment, ScoringRule, ScoringScheme

DUTY_TABLE = (*SPREADSHEET, DOCX)  # a duty table comes as a workbook or as the notice's Word attachment


class ScoringSchemeForm(ScopedModelForm):
    class Meta:
        model = ScoringScheme
        fields = ["plan", "name", "year", "total_points", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["plan"].queryset = Plan.objects.visible_to(user)  # type: ignore[attr-defined]


class ScoringRuleForm(ScopedModelForm):
    class Meta:
        model = ScoringRule
        fields = ["scheme", "indicator", "kind", "base_points", "bonus_per_pp", "cap", "floor", "order"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        schemes = ScoringScheme.objects.visible_to(user).filter(published_at__isnull=True)
        self.fields["scheme"].queryset = schemes  # type: ignore[attr-defined]
        indicators = Indicator.objects.visible_to(user).select_related("plan")
        scheme_id = self.instance.scheme_id or self.initial.get("scheme")
        if str(scheme_id or "").isdigit():
            indicators = indicators.filter(plan__scoring_schemes=scheme_id)
        self.fields["indicator"].queryset = indicators  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["scheme"].disabled = True


class ScoreAdjustmentForm(ScopedModelForm):
    class Meta:
        model = ScoreAdjustment
        fields = ["scheme", "region", "points", "reason"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        schemes = ScoringScheme.objects.visible_to(user).filter(published_at__isnull=True)
        self.fields["scheme"].queryset = schemes  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["scheme"].disabled = True


class DutyForm(ScopedModelForm):
    class Meta:
        model = Duty
        fields = ["plan", "department", "text", "indicators", "role", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["plan"].queryset = Plan.objects.visible_to(user)  # type: ignore[attr-defined]
        self.fields["department"].queryset = Department.objects.visible_to(user).select_related("region")  # type: ignore[attr-defined]
        self.fields["indicators"].queryset = Indicator.objects.visible_to(user)  # type: ignore[attr-defined]


class DutyProgressForm(ScopedModelForm):
    """A quarter's progress on one of the user's duties, with an optional piece of evidence."""

    attachment = UploadField(label=_("附件（可选）"), required=False, accept=EVIDENCE)

    class Meta:
        model = DutyProgress
        fields = ["duty", "year", "quarter", "status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        duties = Duty.objects.visible_to(user).select_related("department")
        self.fields["duty"].queryset = duties  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["duty"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        file = data.pop("attachment", None)
        data["attachments"] = [file] if file else []
        return data


class DutyUploadForm(StyledForm):
    file = UploadField(label=_("部门责任分解表（Excel 或 Word）"), accept=DUTY_TABLE)
    plan = forms.ModelChoiceField(
        label=_("所属计划"),
        queryset=Plan.objects.none(),
        required=False,
        help_text=_("表中没有“计划”列时必选：各行工作任务都属于此计划；表中填了计划的行以表中为准。"),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plans = Plan.objects.visible_to(user) if user is not None else Plan.objects.none()
        self.fields["plan"].queryset = plans.order_by("-year_start", "title")  # type: ignore[attr-defined]
