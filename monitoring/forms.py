from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm, StyledForm
from targets.models import Indicator, Plan

from .models import WarningThreshold


class WarningThresholdForm(ScopedModelForm):
    """Plan and indicator are chosen when the thresholds are created; afterwards only the numbers change."""

    class Meta:
        model = WarningThreshold
        fields = ["plan", "indicator", "yellow_pp", "red_pp", "red_on_negative_growth", "notes"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        plans = Plan.objects.visible_to(user)
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]
        self.fields["indicator"].queryset = Indicator.objects.filter(plan__in=plans).select_related("plan")  # type: ignore[attr-defined]
        if self.instance.pk:
            for name in ("plan", "indicator"):
                self.fields[name].disabled = True


class DashboardForm(StyledForm):
    """Which month of which plan the dashboard shows."""

    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100)
    month = forms.TypedChoiceField(
        label=_("月份"), coerce=int, choices=[(m, _("1—2月") if m == 2 else _("1—%d月") % m) for m in range(2, 13)]
    )
    indicator = forms.IntegerField(label=_("图表指标"), required=False, widget=forms.HiddenInput)
    provisional = forms.BooleanField(label=_("含未审定数据（已上报、已审核）"), required=False)
