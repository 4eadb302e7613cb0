"""Forms of the bulletins: they parse input only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core import clock
from core.forms import StyledForm
from core.i18n import lazy_percent
from reporting.periods import month_label
from targets.models import Plan

from .selectors import publication_for

MONTH_CHOICES = [(m, _("1—2月") if m == 2 else lazy_percent("1—%d月", m)) for m in range(2, 13)]


class PlanMonthForm(StyledForm):
    """A plan of the user's scope, a year and a report month (2 = 1—2月)."""

    plan = forms.ModelChoiceField(label=_("目标任务计划"), queryset=Plan.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100)
    month = forms.TypedChoiceField(label=_("月份"), choices=MONTH_CHOICES, coerce=int)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": clock.today().year})
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.visible_to(user).select_related("scope_region")  # type: ignore[attr-defined]


class GenerateForm(PlanMonthForm):
    reason = forms.CharField(
        label=_("生成原因"),
        required=False,
        max_length=500,
        help_text=_("已有版本时必填，如：海宁市9月月报修订"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        """Say at once when the month is not published (the job would fail on it anyway)."""
        data = super().clean() or {}
        plan, year, month = data.get("plan"), data.get("year"), data.get("month")
        if plan is not None and year and month and publication_for(plan, year, month) is None:
            self.add_error(
                "month",
                _("%(region)s %(period)s 尚未发布月度数据，不能生成通报")
                % {"region": plan.scope_region.name, "period": month_label(year, month)},
            )
        return data


class RegenerateForm(StyledForm):
    reason = forms.CharField(label=_("重新生成原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class PlanForm(StyledForm):
    plan = forms.ModelChoiceField(label=_("目标任务计划"), queryset=Plan.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.visible_to(user)  # type: ignore[attr-defined]


class YearMonthForm(StyledForm):
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100)
    month = forms.TypedChoiceField(label=_("月份"), choices=MONTH_CHOICES, coerce=int)
