"""Forms of the library: they parse input and limit every choice to the user's scope; services hold the rules."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm, SearchSelect, StyledForm
from core.uploads import XLSX_ONLY, UploadField
from enterprises.models import Enterprise

from ..choices import NODE_ORDER
from ..models import (
    ApprovalStep,
    Project,
    ProjectCategory,
    ProjectList,
    ProjectYearPlan,
    StandardLandContract,
    StarGate,
)
from ..services import CONTRACT_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(ScopedModelForm):
    class Meta:
        model = Project
        fields = [
            "name",
            "code",
            "region",
            "enterprise",
            "industry",
            "project_type",
            "total_investment",
            "equipment_investment",
            "land_mu",
            "categories",
            "lists",
            "description",
            "contact",
            "active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        # A search box, not a drop-down: the registry holds up to 100,000 enterprises. The value is the credit code.
        self.fields["enterprise"] = forms.ModelChoiceField(
            queryset=Enterprise.objects.visible_to(user),  # type: ignore[attr-defined]
            to_field_name="uscc",
            required=False,
            label=_("建设单位"),
            widget=SearchSelect(reverse("enterprises:enterprise_search"), "uscc", attrs={"class": "form-select"}),
            help_text=_("输入企业名称、统一社会信用代码或所属地区搜索，须为您管辖范围内的企业"),
            error_messages={"invalid_choice": _("企业库中（您的管辖范围内）没有该信用代码的企业")},
        )
        if self.instance.enterprise_id and not self.is_bound:
            self.initial["enterprise"] = self.instance.enterprise.uscc  # type: ignore[union-attr]
        self.fields["categories"].queryset = ProjectCategory.objects.filter(active=True)  # type: ignore[attr-defined]
        # Tier lists (亿元以上 …) follow the total investment; only hand-picked lists are chosen here.
        self.fields["lists"].queryset = ProjectList.objects.filter(active=True, min_total_investment__isnull=True)  # type: ignore[attr-defined]
        self.fields["lists"].help_text = _("亿元以上等按总投资自动归入的清单无需选择")


class NodeForm(StyledForm):
    """One node's row in the node formset of a project."""

    node = forms.CharField(widget=forms.HiddenInput)
    planned_date = forms.DateField(label=_("计划时间"), required=False, widget=DATE)
    actual_date = forms.DateField(label=_("实际时间"), required=False, widget=DATE)
    note = forms.CharField(label=_("备注"), required=False, max_length=200)

    def clean_node(self) -> str:
        value: str = self.cleaned_data["node"]
        if value not in {str(n) for n in NODE_ORDER}:
            raise forms.ValidationError(_("未知节点"))
        return value


NodeFormSet = forms.formset_factory(NodeForm, extra=0, max_num=len(NODE_ORDER), validate_max=True)


class ProjectChildForm(ScopedModelForm):
    """A row that belongs to one project: the project is chosen among the user's projects."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["project"].queryset = Project.objects.visible_to(user).select_related("region")  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["project"].disabled = True


class MonthlyPlanField(forms.Field):
    """The 12 monthly amounts (万元), separated by commas or spaces; empty for no monthly split."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, list):
            return [str(v) for v in value]
        text = (value or "").replace("，", ",").replace(",", " ").split()
        try:
            return [str(Decimal(v)) for v in text]
        except InvalidOperation:
            raise forms.ValidationError(_("分月计划应为 12 个数字，用逗号分隔")) from None

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value or "")


class ProjectYearPlanForm(ProjectChildForm):
    monthly_plan = MonthlyPlanField(
        label=_("分月计划（万元）"), required=False, help_text=_("12 个月的计划投资，用逗号分隔，合计应等于年度计划")
    )

    class Meta:
        model = ProjectYearPlan
        fields = ["project", "year", "planned_investment", "monthly_plan"]


class ApprovalStepForm(ProjectChildForm):
    class Meta:
        model = ApprovalStep
        fields = ["project", "phase", "name", "submitted_on", "approved_on"]
        widgets = {"submitted_on": DATE, "approved_on": DATE}


class StandardLandContractForm(ProjectChildForm):
    class Meta:
        model = StandardLandContract
        fields = [*CONTRACT_FIELDS]  # what the service takes
        widgets = {"checked_on": DATE}


class ProjectCategoryForm(ScopedModelForm):
    class Meta:
        model = ProjectCategory
        fields = ["code", "name", "order", "active"]


class ProjectListForm(ScopedModelForm):
    class Meta:
        model = ProjectList
        fields = ["code", "name", "min_total_investment", "order", "active", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class StarGateForm(ScopedModelForm):
    class Meta:
        model = StarGate
        fields = ["name", "node", "grace_days", "order", "active"]


class ProjectImportForm(StyledForm):
    file = UploadField(label=_("重点项目清单（.xlsx）"), accept=XLSX_ONLY)
    year = forms.IntegerField(
        label=_("年度计划投资所属年度"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("不填时取表格标题中的年份"),
    )
