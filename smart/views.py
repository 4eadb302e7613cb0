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
from core.views import ObjectActionView, ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
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


class ServiceCompanyListView(ObjectListView):
    model = ServiceCompany
    table_class = tb.ServiceCompanyTable
    filterset_class = fs.ServiceCompanyFilterSet
    related = ("region",)


class ServiceCompanyDetailView(ObjectDetailView):
    model = ServiceCompany
    related = ("region",)
    fields = ("name", "uscc", "region", "level", "listed_on", "fields", "contact", "phone", "active")


class ServiceCompanyEditView(ObjectEditView):
    model = ServiceCompany
    related = ("region",)
    form_class = forms.ServiceCompanyForm
    create_service = staticmethod(services.servicecompany_create)
    update_service = staticmethod(services.servicecompany_update)


class ServiceCompanyDeleteView(ObjectDeleteView):
    model = ServiceCompany
    related = ("region",)
    delete_service = staticmethod(services.servicecompany_delete)


# --- ranking rules ------------------------------------------------------------------------------------


class RankingRuleListView(ObjectListView):
    model = RankingRule
    table_class = tb.RankingRuleTable
    filterset_class = fs.RankingRuleFilterSet


class RankingRuleDetailView(ObjectDetailView):
    model = RankingRule
    fields = ("year", "diagnosis", "workshop_pilot", "factory_pilot", "recognised", "level_gain")


class RankingRuleEditView(ObjectEditView):
    model = RankingRule
    form_class = forms.RankingRuleForm
    create_service = staticmethod(services.rankingrule_create)
    update_service = staticmethod(services.rankingrule_update)


class RankingRuleDeleteView(ObjectDeleteView):
    model = RankingRule
    delete_service = staticmethod(services.rankingrule_delete)


# --- diagnoses ----------------------------------------------------------------------------------------


class DiagnosisListView(ObjectListView):
    model = Diagnosis
    table_class = tb.DiagnosisTable
    filterset_class = fs.DiagnosisFilterSet
    related = ("enterprise", "company")


class DiagnosisDetailView(ObjectDetailView):
    model = Diagnosis
    template_name = "smart/diagnosis_detail.html"
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


class DiagnosisEditView(ObjectEditView):
    model = Diagnosis
    related = ("enterprise", "company")
    form_class = forms.DiagnosisForm
    create_service = staticmethod(services.diagnosis_create)
    update_service = staticmethod(services.diagnosis_update)


class DiagnosisDeleteView(ObjectDeleteView):
    model = Diagnosis
    related = ("enterprise", "company")
    delete_service = staticmethod(services.diagnosis_delete)


# --- recommended projects (edited from the diagnosis page) --------------------------------------------


class RecommendationEditView(ObjectEditView):
    model = Recommendation
    form_class = forms.RecommendationForm
    create_service = staticmethod(services.recommendation_create)
    update_service = staticmethod(services.recommendation_update)


class RecommendationDeleteView(ObjectDeleteView):
    model = Recommendation
    delete_service = staticmethod(services.recommendation_delete)


# --- demonstrations -----------------------------------------------------------------------------------


class DemonstrationListView(ObjectListView):
    model = Demonstration
    table_class = tb.DemonstrationTable
    filterset_class = fs.DemonstrationFilterSet
    related = ("enterprise", "company")


class DemonstrationDetailView(ObjectDetailView):
    model = Demonstration
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


class DemonstrationEditView(ObjectEditView):
    model = Demonstration
    related = ("enterprise", "company")
    form_class = forms.DemonstrationForm
    create_service = staticmethod(services.demonstration_create)
    update_service = staticmethod(services.demonstration_update)


class DemonstrationDeleteView(ObjectDeleteView):
    model = Demonstration
    related = ("enterprise", "company")
    delete_service = staticmethod(services.demonstration_delete)


# --- subsidy rules (versioned) ------------------------------------------------------------------------


class SubsidyRuleListView(ObjectListView):
    model = SubsidyRule
    table_class = tb.SubsidyRuleTable
    filterset_class = fs.SubsidyRuleFilterSet


class SubsidyRuleDetailView(ObjectDetailView):
    model = SubsidyRule
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


class SubsidyRuleEditView(ObjectEditView):
    model = SubsidyRule
    form_class = forms.SubsidyRuleForm
    create_service = staticmethod(services.subsidyrule_create)
    update_service = staticmethod(services.subsidyrule_update)


class SubsidyRuleDeleteView(ObjectDeleteView):
    model = SubsidyRule
    delete_service = staticmethod(services.subsidyrule_delete)


# --- equipment figures --------------------------------------------------------------------------------


class EquipmentFigureListView(ObjectListView):
    model = EquipmentFigure
    table_class = tb.EquipmentFigureTable
    filterset_class = fs.EquipmentFigureFilterSet
    related = ("enterprise",)


class EquipmentFigureDetailView(ObjectDetailView):
    model = EquipmentFigure
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


class EquipmentFigureEditView(ObjectEditView):
    model = EquipmentFigure
    related = ("enterprise",)
    form_class = forms.EquipmentFigureForm
    create_service = staticmethod(services.equipmentfigure_create)
    update_service = staticmethod(services.equipmentfigure_update)


class EquipmentFigureDeleteView(ObjectDeleteView):
    model = EquipmentFigure
    related = ("enterprise",)
    delete_service = staticmethod(services.equipmentfigure_delete)


# --- subsidy awards and payments -----------------------------------------------------------------------


class SubsidyAwardListView(ObjectListView):
    model = SubsidyAward
    table_class = tb.SubsidyAwardTable
    filterset_class = fs.SubsidyAwardFilterSet
    related = ("demonstration", "company", "rule")


class SubsidyAwardDetailView(ObjectDetailView):
    model = SubsidyAward
    template_name = "smart/subsidyaward_detail.html"
    related = ("rule", "demonstration", "company")
    fields = ("year", "kind", "rule", "demonstration", "company", "amount", "basis", "status", "approved_at")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["payments"] = list(self.object.payments.order_by("paid_on"))
        ctx["pay_form"] = forms.PaymentForm(initial={"paid_on": clock.today(), "amount": self.object.amount})
        ctx["actions"] = {t.action for t in available_actions(self.object, self.request.user)}
        return ctx


class RecommendationPromoteView(ObjectActionView):
    """Turn a recommended project into a key project, then open it."""

    permission_required = ("smart.change_recommendation", "projects.add_project")
    model = Recommendation
    service = staticmethod(services.recommendation_promote)
    success_message = gettext_lazy("操作已完成。")
    redirect_to_result = True


class SubsidyAwardApproveView(ObjectActionView):
    permission_required = "smart.change_subsidyaward"
    model = SubsidyAward
    service = staticmethod(services.subsidyaward_approve)
    success_message = gettext_lazy("操作已完成。")


class SubsidyAwardPayView(ObjectActionView):
    permission_required = "smart.change_subsidyaward"
    model = SubsidyAward
    service = staticmethod(services.subsidyaward_pay)
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
