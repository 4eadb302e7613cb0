"""Pages of smart transformation: declarative subclasses of core/views.py (one per model and page) and small
views calling one service (promote a recommendation, compute, approve and pay subsidies, the ranking, the
equipment figures per unit, the diagnosis-return import)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core import clock
from core.pipeline import ImportPreviewView, ImportView
from core.views import ObjectActionView, ObjectDetailView, ObjectViews
from core.workflow import available_actions

from . import filtersets as fs
from . import forms, selectors, services
from . import tables as tb
from .jobs import IMPORT
from .models import (
    Demonstration,
    Diagnosis,
    EquipmentFigure,
    RankingRule,
    Recommendation,
    ServiceCompany,
    SubsidyAward,
    SubsidyRule,
)

# --- engineering service companies --------------------------------------------------------------------


class ServiceCompanyViews(ObjectViews):
    model = ServiceCompany
    table_class = tb.ServiceCompanyTable
    filterset_class = fs.ServiceCompanyFilterSet
    form_class = forms.ServiceCompanyForm
    services = (services.servicecompany_create, services.servicecompany_update, services.servicecompany_delete)
    related = ("region",)
    fields = ("name", "uscc", "region", "level", "listed_on", "fields", "contact", "phone", "active")


# --- ranking rules ------------------------------------------------------------------------------------


class RankingRuleViews(ObjectViews):
    model = RankingRule
    table_class = tb.RankingRuleTable
    filterset_class = fs.RankingRuleFilterSet
    form_class = forms.RankingRuleForm
    services = (services.rankingrule_create, services.rankingrule_update, services.rankingrule_delete)
    fields = ("year", "diagnosis", "workshop_pilot", "factory_pilot", "recognised", "level_gain")


# --- diagnoses ----------------------------------------------------------------------------------------


class DiagnosisDetailView(ObjectDetailView):
    template_name = "smart/diagnosis_detail.html"


class DiagnosisViews(ObjectViews):
    model = Diagnosis
    table_class = tb.DiagnosisTable
    filterset_class = fs.DiagnosisFilterSet
    form_class = forms.DiagnosisForm
    services = (services.diagnosis_create, services.diagnosis_update, services.diagnosis_delete)
    related = ("enterprise", "company")
    fields = (
        "enterprise",
        "company",
        "diagnosed_on",
        "kind",
        "pilot",
        "level_before",
        "level_after",
        "findings",
        "outcome",
        "report",
    )
    detail_view = DiagnosisDetailView


# --- recommended projects (edited from the diagnosis page) --------------------------------------------


class RecommendationViews(ObjectViews):
    model = Recommendation
    form_class = forms.RecommendationForm
    services = (services.recommendation_create, services.recommendation_update, services.recommendation_delete)
    list_view = None
    detail_view = None


# --- demonstrations -----------------------------------------------------------------------------------


class DemonstrationViews(ObjectViews):
    model = Demonstration
    table_class = tb.DemonstrationTable
    filterset_class = fs.DemonstrationFilterSet
    form_class = forms.DemonstrationForm
    services = (services.demonstration_create, services.demonstration_update, services.demonstration_delete)
    related = ("enterprise", "company")
    fields = (
        "enterprise",
        "name",
        "kind",
        "year",
        "stage",
        "level",
        "recognised_on",
        "project",
        "company",
        "equipment_investment",
        "it_investment",
    )


# --- subsidy rules (versioned) ------------------------------------------------------------------------


class SubsidyRuleViews(ObjectViews):
    model = SubsidyRule
    table_class = tb.SubsidyRuleTable
    filterset_class = fs.SubsidyRuleFilterSet
    form_class = forms.SubsidyRuleForm
    services = (services.subsidyrule_create, services.subsidyrule_update, services.subsidyrule_delete)
    fields = (
        "year",
        "version",
        "name",
        "equipment_rate",
        "it_rate",
        "demo_cap",
        "demo_min_investment",
        "workshop_award",
        "factory_award",
        "top_n",
        "top_award",
        "superseded",
    )


# --- equipment figures --------------------------------------------------------------------------------


class EquipmentFigureViews(ObjectViews):
    model = EquipmentFigure
    table_class = tb.EquipmentFigureTable
    filterset_class = fs.EquipmentFigureFilterSet
    form_class = forms.EquipmentFigureForm
    services = (services.equipmentfigure_create, services.equipmentfigure_update, services.equipmentfigure_delete)
    related = ("enterprise",)
    fields = (
        "enterprise",
        "year",
        "robots_in_service",
        "robots_added",
        "employees",
        "cnc_equipment",
        "production_equipment",
        "networked_equipment",
        "digital_equipment",
    )


# --- subsidy awards and payments -----------------------------------------------------------------------


class SubsidyAwardDetailView(ObjectDetailView):
    template_name = "smart/subsidyaward_detail.html"
    related = ("rule", "demonstration", "company")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["payments"] = list(self.object.payments.order_by("paid_on"))
        ctx["pay_form"] = forms.PaymentForm(initial={"paid_on": clock.today(), "amount": self.object.amount})
        ctx["actions"] = {t.action for t in available_actions(self.object, self.request.user)}
        return ctx


class SubsidyAwardViews(ObjectViews):
    model = SubsidyAward
    table_class = tb.SubsidyAwardTable
    filterset_class = fs.SubsidyAwardFilterSet
    related = ("demonstration", "company", "rule")
    fields = ("year", "kind", "rule", "demonstration", "company", "amount", "basis", "status", "approved_at")
    detail_view = SubsidyAwardDetailView
    edit_view = None
    delete_view = None


class RecommendationPromoteView(ObjectActionView):
    """Turn a recommended project into a key project, then open it."""

    permission_required = ("smart.change_recommendation", "projects.add_project")
    model = Recommendation
    service = services.recommendation_promote
    success_message = gettext_lazy("操作已完成。")
    redirect_to_result = True


class SubsidyAwardApproveView(ObjectActionView):
    permission_required = "smart.change_subsidyaward"
    model = SubsidyAward
    service = services.subsidyaward_approve
    success_message = gettext_lazy("操作已完成。")


class SubsidyAwardPayView(ObjectActionView):
    permission_required = "smart.change_subsidyaward"
    model = SubsidyAward
    service = services.subsidyaward_pay
    form_class = forms.PaymentForm
    success_message = gettext_lazy("操作已完成。")


class SubsidyComputeView(PermissionRequiredMixin, View):
    """The year's awards by its current rule (computed awards replaced, approved and paid ones kept)."""

    permission_required = "smart.add_subsidyaward"
    raise_exception = True

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.YearForm(request.POST)
        if form.is_valid():
            try:
                result = services.subsidies_compute(year=form.cleaned_data["year"], actor=request.user)
                messages.success(request, _("测算补助 %(awards)s 项，合计 %(total)s 万元。") % result)
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
        return HttpResponseRedirect(reverse("smart:subsidyaward_list") + f"?year={request.POST.get('year', '')}")


class FiguresView(PermissionRequiredMixin, View):
    """The year's service-company ranking and equipment figures per unit (shares recomputed from sums)."""

    permission_required = "smart.view_equipmentfigure"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        form = forms.YearForm(request.GET or {"year": clock.today().year - 1})
        year = form.cleaned_data["year"] if form.is_valid() else clock.today().year - 1
        ranking = selectors.company_ranking(year)
        names = {c.pk: c for c in selectors.companies_by_id([c for c, _s, _r in ranking])}
        units, total = selectors.equipment_by_unit(request.user, year)
        subsidies, subsidy_total = selectors.subsidy_figures(request.user, year)
        ctx = {"title": _("智能化改造统计"), "form": form, "year": year, "units": units, "total": total,
               "ranking": [(names[c], score, rank) for c, score, rank in ranking], "subsidies": subsidies,
               "subsidy_total": subsidy_total}  # fmt: skip
        return render(request, "smart/figures.html", ctx)


class DiagnosisImportView(ImportView):
    permission_required = "smart.add_diagnosis"
    form_class = forms.UploadForm
    pipeline = IMPORT
    title = gettext_lazy("导入诊断报表")
    help_text = gettext_lazy(
        "工程服务公司报送的诊断报表，每行一次诊断；列：工程服务公司、统一社会信用代码、企业名称、诊断日期、"
        "诊断类型（数字化车间/智能工厂）、诊断试点（是/否）、诊断前成熟度、改造后成熟度（规划级、规范级、集成级、优化级、引领级）、"
        "主要问题、建议项目、估算投资（万元）。有问题的文件不会写入任何数据。"
    )


class DiagnosisImportPreviewView(ImportPreviewView):
    permission_required = "smart.add_diagnosis"
    pipeline = IMPORT
    title = gettext_lazy("诊断报表导入预览")
    import_url_name = "smart:diagnosis_import"
    list_url_name = "smart:diagnosis_list"
    list_label = gettext_lazy("查看诊断记录")
