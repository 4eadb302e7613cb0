from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm, StyledForm
from core.uploads import EVIDENCE, SPREADSHEET, UploadField

from . import models

DATE = forms.DateInput(attrs={"type": "date"})


class ServiceCompanyForm(ScopedModelForm):
    class Meta:
        model = models.ServiceCompany
        fields = ["name", "uscc", "region", "level", "listed_on", "fields", "contact", "phone", "active"]
        widgets = {"listed_on": DATE}


class RankingRuleForm(ScopedModelForm):
    class Meta:
        model = models.RankingRule
        fields = ["year", "diagnosis", "workshop_pilot", "factory_pilot", "recognised", "level_gain"]


class DiagnosisForm(ScopedModelForm):
    scoped_fields = ("enterprise",)

    report = UploadField(label=_("诊断报告"), accept=EVIDENCE, required=False)

    class Meta:
        model = models.Diagnosis
        fields = ["enterprise", "company", "diagnosed_on", "kind", "pilot", "level_before", "level_after", "findings",
                  "outcome", "report"]  # fmt: skip
        widgets = {"diagnosed_on": DATE}


class RecommendationForm(ScopedModelForm):
    scoped_fields = ("diagnosis",)

    class Meta:
        model = models.Recommendation
        fields = ["diagnosis", "name", "investment", "description"]


class DemonstrationForm(ScopedModelForm):
    scoped_fields = ("enterprise",)

    class Meta:
        model = models.Demonstration
        fields = ["enterprise", "name", "kind", "year", "stage", "level", "recognised_on", "project", "company",
                  "equipment_investment", "it_investment"]  # fmt: skip
        widgets = {"recognised_on": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        from projects.models import Project

        self.fields["project"].queryset = Project.objects.visible_to(user)  # type: ignore[attr-defined]


class SubsidyRuleForm(ScopedModelForm):
    class Meta:
        model = models.SubsidyRule
        fields = ["year", "name", "policy", "equipment_rate", "it_rate", "demo_cap", "demo_min_investment",
                  "workshop_award", "factory_award", "top_n", "top_award"]  # fmt: skip


class EquipmentFigureForm(ScopedModelForm):
    scoped_fields = ("enterprise",)

    class Meta:
        model = models.EquipmentFigure
        fields = ["enterprise", "year", "robots_in_service", "robots_added", "employees", "cnc_equipment",
                  "production_equipment", "networked_equipment", "digital_equipment"]  # fmt: skip


class PaymentForm(StyledForm):
    paid_on = forms.DateField(label=_("拨付日期"), widget=DATE)
    amount = forms.DecimalField(label=_("拨付金额（万元）"), max_digits=14, decimal_places=2, min_value=0)
    voucher = forms.CharField(label=_("凭证号"), max_length=60, required=False)


class YearForm(StyledForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)


class UploadForm(StyledForm):
    file = UploadField(label=_("诊断报表（Excel）"), accept=SPREADSHEET)
