"""Pages of investment promotion: declarative list/detail/edit/delete views over the shared bases, the lead page
(its log, the allowed moves, signing into the key-project library), platforms with their projects, and the
figures page (domain.md §11b)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core import clock
from core.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectExportView,
    ObjectViews,
)
from core.workflow import available_actions

from . import filtersets as fs
from . import forms, selectors, services
from . import tables as t
from .choices import LEAD_MACHINE, SIGN, LeadStage
from .models import ExchangeRate, Lead, LeadVisit, Platform, ProjectPlatform, SigningTarget

# --- leads ----------------------------------------------------------------------------------------------


class LeadDetailView(ObjectDetailView):
    """A lead: its data, the log of visits and talks, the moves allowed now, and signing."""

    template_name = "investment/lead_detail.html"
    related = ("region", "platform", "chain", "segment", "industry", "project")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        lead, user = self.object, self.request.user
        ctx["visits"] = lead.visits.all()[:50]
        ctx["moves"] = available_actions(lead, user)
        sign = LEAD_MACHINE.find(SIGN, lead.stage)  # not a button: the signing form
        ctx["sign_form"] = forms.LeadSignForm(user=user) if sign and LEAD_MACHINE.may(sign, lead, user) else None
        ctx["can_add_visit"] = user.has_perm("investment.add_leadvisit")
        return ctx


class LeadSignView(ObjectActionView):
    """签约: one action creates the key project (签约服务) and keeps the link; twice is refused."""

    permission_required = ("investment.change_lead", "projects.add_project")
    model = Lead
    service = services.lead_sign
    form_class = forms.LeadSignForm

    def get_form(self, obj: Any) -> Any:
        return forms.LeadSignForm(self.request.POST, user=self.request.user)

    def service_kwargs(self, obj: Any, data: dict[str, Any]) -> dict[str, Any]:
        return super().service_kwargs(obj, {k: v for k, v in data.items() if v not in (None, "")})

    def get_success_message(self, obj: Any, result: Any) -> str:
        return _("已签约，已生成重点项目：%s") % result.project


class LeadAdvanceView(ObjectActionView):
    permission_required = "investment.change_lead"
    model = Lead
    service = services.lead_advance
    form_class = forms.LeadAdvanceForm
    success_message = gettext_lazy("已更新阶段")


class LeadExportView(ObjectExportView):
    model = Lead
    filterset_class = fs.LeadFilterSet
    related = ("region", "chain", "platform")
    ordering = ("-amount", "pk")
    spec = (
        ("项目名称", lambda o: o.name, 36), ("所属单位", lambda o: o.region.name, 14),
        ("投资方", lambda o: o.investor, 28), ("内外资", lambda o: o.get_investor_kind_display(), 8),
        ("世界500强", lambda o: o.fortune500, 8), ("产业链", lambda o: o.chain.name if o.chain else "", 12),
        ("落地平台", lambda o: o.platform.name if o.platform else "", 20), ("计划总投资（万元）", lambda o: o.amount, 14),
        ("外资金额（万美元）", lambda o: o.amount_usd, 14), ("用地需求（亩）", lambda o: o.land_mu, 12),
        ("阶段", lambda o: o.get_stage_display(), 10), ("责任领导", lambda o: o.leader, 12),
        ("签约日期", lambda o: o.signed_on, 12),
    )  # fmt: skip


class LeadViews(ObjectViews):
    model = Lead
    table_class = t.LeadTable
    filterset_class = fs.LeadFilterSet
    form_class = forms.LeadForm
    services = (services.lead_create, services.lead_update, services.lead_delete)
    related = ("region", "chain")
    fields = ("name", "region", "platform", "investor", "investor_kind", "investor_country", "fortune500",
              "industry_leader", "chain", "segment", "industry", "amount", "amount_usd", "exchange_rate", "land_mu",
              "stage", "terminated_reason", "leader", "contact", "first_contact", "signed_on", "project", "note")  # fmt: skip
    detail_view = LeadDetailView


class FiguresView(PermissionRequiredMixin, View):
    """Leads by stage, unit, chain and size band; signed this year against the targets; conversion to 开工."""

    permission_required = "investment.view_lead"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        year = request.GET.get("year", "")
        year_ = int(year) if year.isdigit() else clock.today().year
        leads = Lead.objects.visible_to(request.user)  # type: ignore[attr-defined]
        ctx = {"figures": selectors.figures(leads, year_, request.user), "title": _("招商引资统计"), "year": year_}
        return render(request, "investment/figures.html", ctx)


# --- the visit log -------------------------------------------------------------------------------------


class LeadVisitEditView(ObjectEditView):
    """A new entry starts with the lead named in `?lead=`."""

    form_class = forms.LeadVisitForm
    create_service = services.leadvisit_create
    update_service = services.leadvisit_update

    def get_form(self, obj: models.Model | None, data: Any = None, files: Any = None) -> Any:
        form = super().get_form(obj, data, files)
        if obj is None and data is None and self.request.GET.get("lead", "").isdigit():
            form.initial["lead"] = int(self.request.GET["lead"])
            form.initial["date"] = clock.today()
        return form


class LeadVisitViews(ObjectViews):
    model = LeadVisit
    table_class = t.LeadVisitTable
    filterset_class = fs.LeadVisitFilterSet
    delete_service = services.leadvisit_delete
    related = ("lead",)
    fields = ("lead", "date", "kind", "leader", "participants", "content", "next_step")
    edit_view = LeadVisitEditView


# --- platforms and reference data ----------------------------------------------------------------------------


class PlatformDetailView(ObjectDetailView):
    model = Platform
    template_name = "investment/platform_detail.html"
    related = ("region",)
    fields = ("name", "kind", "region", "area_km2", "target_year", "investment_target", "signing_target", "note")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["platform_figures"] = selectors.platform_figures(self.object)
        ctx["stage_labels"] = dict(LeadStage.choices)
        ctx["projects"] = (
            ProjectPlatform.objects.visible_to(self.request.user)  # type: ignore[attr-defined]
            .filter(platform=self.object)
            .select_related("project")
            .order_by("-project__total_investment")[:50]
        )
        return ctx


class PlatformViews(ObjectViews):
    model = Platform
    table_class = t.PlatformTable
    filterset_class = fs.PlatformFilterSet
    form_class = forms.PlatformForm
    services = (services.platform_create, services.platform_update, services.platform_delete)
    related = ("region",)
    detail_view = PlatformDetailView


class ExchangeRateViews(ObjectViews):
    model = ExchangeRate
    table_class = t.ExchangeRateTable
    filterset_class = fs.ExchangeRateFilterSet
    form_class = forms.ExchangeRateForm
    services = (services.exchangerate_create, services.exchangerate_update, services.exchangerate_delete)
    fields = ("date", "usd_cny")


class SigningTargetViews(ObjectViews):
    model = SigningTarget
    table_class = t.SigningTargetTable
    filterset_class = fs.SigningTargetFilterSet
    form_class = forms.SigningTargetForm
    services = (services.signingtarget_create, services.signingtarget_update, services.signingtarget_delete)
    related = ("region",)
    fields = ("region", "year", "tier", "count", "amount")


class ProjectPlatformViews(ObjectViews):
    model = ProjectPlatform
    table_class = t.ProjectPlatformTable
    filterset_class = fs.ProjectPlatformFilterSet
    form_class = forms.ProjectPlatformForm
    services = (services.projectplatform_create, services.projectplatform_update, services.projectplatform_delete)
    related = ("project", "platform")
    fields = ("project", "platform")
