"""Forms of investment promotion: they parse input; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chains.models import Segment
from core import clock
from core.forms import ScopedModelForm, StyledForm
from enterprises.models import Enterprise
from projects.choices import ProjectType

from .models import ExchangeRate, Lead, LeadVisit, Platform, ProjectPlatform, SigningTarget

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LeadForm(ScopedModelForm):
    scoped_fields = ("platform",)

    class Meta:
        model = Lead
        fields = [
            "name", "region", "platform", "investor", "investor_kind", "investor_country", "fortune500",
            "industry_leader", "chain", "segment", "industry", "amount", "amount_usd", "land_mu", "leader", "contact",
            "first_contact", "note",
        ]  # fmt: skip
        widgets = {"first_contact": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = Segment.objects.select_related("chain")  # type: ignore[attr-defined]


class LeadSignForm(StyledForm):
    signed_on = forms.DateField(label=_("签约日期"), widget=DATE)
    amount = forms.DecimalField(
        label=_("计划总投资（万元）"), max_digits=16, decimal_places=2, min_value=0, required=False
    )
    amount_usd = forms.DecimalField(
        label=_("外资金额（万美元）"), max_digits=16, decimal_places=2, min_value=0, required=False,
        help_text=_("外资项目：不填则按签约日汇率由万元折算"),
    )  # fmt: skip
    enterprise = forms.ModelChoiceField(label=_("建设单位"), queryset=Enterprise.objects.none(), required=False)
    project_type = forms.ChoiceField(
        label=_("项目类型"), choices=ProjectType.choices, initial=ProjectType.NEW, required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user)  # type: ignore[attr-defined]
        self.fields["signed_on"].initial = clock.today()


class LeadAdvanceForm(StyledForm):
    to = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("原因或说明"), required=False, max_length=200)


class LeadVisitForm(ScopedModelForm):
    scoped_fields = ("lead",)

    class Meta:
        model = LeadVisit
        fields = ["lead", "date", "kind", "leader", "participants", "content", "next_step"]
        widgets = {"date": DATE, "content": forms.Textarea(attrs={"rows": 3})}


class PlatformForm(ScopedModelForm):
    class Meta:
        model = Platform
        fields = ["name", "kind", "region", "area_km2", "target_year", "investment_target", "signing_target", "note"]


class ExchangeRateForm(ScopedModelForm):
    class Meta:
        model = ExchangeRate
        fields = ["date", "usd_cny"]
        widgets = {"date": DATE}


class SigningTargetForm(ScopedModelForm):
    class Meta:
        model = SigningTarget
        fields = ["region", "year", "tier", "count", "amount"]


class ProjectPlatformForm(ScopedModelForm):
    scoped_fields = ("project", "platform")

    class Meta:
        model = ProjectPlatform
        fields = ["project", "platform"]
