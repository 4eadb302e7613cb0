"""Pages of the industrial chains: declarative list/detail/edit/delete views over the shared bases, the chain
page (figures per segment, 补链 targets, the graph), the chain-enterprise import, and the risk register with
its monthly table (domain.md §11)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core import clock
from core.excel import Column, xlsx_response
from core.pipeline import ImportPreviewView, ImportTemplateView, ImportView
from core.scope import access_object
from core.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectExportView,
    ObjectViews,
)
from core.workflow import available_actions

from . import calculations as calc
from . import forms, selectors, services
from .filtersets import (
    ChainEnterpriseFilterSet,
    ChainFilterSet,
    ChainRiskFilterSet,
    SegmentFilterSet,
    SupplyDemandEventFilterSet,
)
from .importing import TEMPLATE
from .jobs import IMPORT
from .models import Chain, ChainEnterprise, ChainRisk, Segment, SupplyDemandEvent
from .tables import ChainEnterpriseTable, ChainRiskTable, ChainTable, SegmentTable, SupplyDemandEventTable

# --- chains ---------------------------------------------------------------------------------------------


class ChainDetailView(ObjectDetailView):
    """The chain page: its 双链长 and definition, figures per segment from the records, 补链 targets, the graph."""

    template_name = "chains/chain_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        chain = self.object
        year = self.request.GET.get("year", "")
        page = selectors.chain_page(chain, int(year) if year.isdigit() else None)
        ctx["page"] = page
        ctx["today"] = clock.today()
        user = self.request.user
        risks = ChainRisk.objects.visible_to(user).filter(chain=chain)  # type: ignore[attr-defined]
        ctx["risk_counts"] = selectors.risk_counts(risks, ctx["today"])
        ctx["can_view_risks"] = user.has_perm("chains.view_chainrisk")
        ctx["events"] = SupplyDemandEvent.objects.visible_to(user).filter(chain=chain)[:5]  # type: ignore[attr-defined]
        return ctx


class ChainGraphView(PermissionRequiredMixin, View):
    """The chain's graph as JSON for ECharts (the page draws it; the API serves the same data)."""

    permission_required = "chains.view_chain"
    raise_exception = True

    def get(self, request: HttpRequest, pk: int) -> JsonResponse:
        chain = access_object(Chain, request.user, pk)
        limit = request.GET.get("max_general", "300")
        return JsonResponse(selectors.chain_graph(chain, max_general=int(limit) if limit.isdigit() else 300))


class ChainRiskTableView(PermissionRequiredMixin, View):
    """The monthly risk table of a chain (Excel): the risks open at some time in the month, in the user's scope."""

    permission_required = "chains.view_chainrisk"
    raise_exception = True

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        chain = access_object(Chain, request.user, pk)
        today = clock.today()
        form = forms.RiskMonthForm(request.GET or {"year": today.year, "month": today.month})
        if not form.is_valid():
            raise Http404
        return risk_table(chain, request.user, form.cleaned_data["year"], form.cleaned_data["month"])


def risk_table(chain: Chain, user: Any, year: int, month: int) -> HttpResponseBase:
    """The monthly risk table (page and API): every risk of the chain in the user's scope open in the month,
    flagged overdue when its review date had passed by the month's end (or today, for the current month)."""
    today = clock.today()
    month_end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    rows = selectors.risks_in_month(chain, year, month, ChainRisk.objects.visible_to(user))  # type: ignore[attr-defined]
    columns = [
        Column(_("所属单位"), lambda r: r.region.name, 16),
        Column(_("环节"), lambda r: r.segment.name if r.segment else "", 16),
        Column(_("类别"), lambda r: r.get_kind_display(), 14),
        Column(_("原材料/产品"), lambda r: r.item, 24),
        Column(_("涉及企业"), lambda r: r.enterprise.name if r.enterprise else "", 28),
        Column(_("供应来源"), lambda r: r.get_supplier_region_display(), 10),
        Column(_("来源国家或地区"), lambda r: r.supplier_country, 14),
        Column(_("单一来源"), lambda r: _("是") if r.single_source else _("否"), 10),
        Column(_("库存可用天数"), lambda r: r.stock_days, 12),
        Column(_("替代方案"), lambda r: r.substitute, 24),
        Column(_("风险等级"), lambda r: r.get_level_display(), 10),
        Column(_("应对措施"), lambda r: r.measures, 36),
        Column(_("责任人"), lambda r: r.owner, 12),
        Column(_("下次复核日期"), lambda r: r.next_review, 14),
        Column(
            _("复核逾期"),
            lambda r: _("是") if calc.is_overdue(r.next_review, r.status, min(today, month_end)) else "",
            10,
        ),
        Column(_("状态"), lambda r: r.get_status_display(), 10),
    ]
    title = _("%(chain)s产业链断链断供风险月报表（%(y)s年%(m)s月）") % {"chain": chain.name, "y": year, "m": month}
    return xlsx_response(
        filename=f"{chain.name}-{year}{month:02d}-risks.xlsx", sheet=_("风险月报"), title=title, columns=columns,
        rows=rows,
    )  # fmt: skip


class GapListView(PermissionRequiredMixin, View):
    """补链 targets of every chain: segments with no local enterprise, for investment promotion."""

    permission_required = "chains.view_chain"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = []
        for chain in Chain.objects.all():  # type: ignore[attr-defined]
            segments = selectors.segment_nodes(chain)
            figures, _total = calc.segment_figures(segments, selectors.memberships(chain), {}, [])
            rows.append((chain, calc.gap_segments(segments, figures)))
        return render(request, "chains/gap_list.html", {"rows": rows, "title": _("补链目标")})


class ChainViews(ObjectViews):
    model = Chain
    table_class = ChainTable
    filterset_class = ChainFilterSet
    form_class = forms.ChainForm
    services = (services.chain_create, services.chain_update, services.chain_delete)
    related = ("department",)
    fields = ("name", "city_leader", "county_leaders", "department", "industries", "tags", "key_technologies",
              "key_products", "patent_count", "standard_count", "description")  # fmt: skip
    detail_view = ChainDetailView


# --- segments -------------------------------------------------------------------------------------------


class SegmentDetailView(ObjectDetailView):
    template_name = "chains/segment_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if self.request.user.has_perm("chains.change_segment"):
            ctx["move_form"] = forms.SegmentMoveForm(
                segment=self.object, initial={"parent": Segment.objects.get_parent(self.object)}
            )
        return ctx


class SegmentMoveView(ObjectActionView):
    """Move a segment in its chain's tree (services.segment_move); the form is on the segment's page."""

    permission_required = "chains.change_segment"
    model = Segment
    service = services.segment_move
    form_class = forms.SegmentMoveForm
    success_message = gettext_lazy("已移动环节")

    def get_form(self, obj: Any) -> Any:
        return forms.SegmentMoveForm(self.request.POST, segment=obj)


class SegmentViews(ObjectViews):
    model = Segment
    table_class = SegmentTable
    filterset_class = SegmentFilterSet
    form_class = forms.SegmentForm
    services = (services.segment_create, services.segment_update, services.segment_delete)
    related = ("chain",)
    fields = ("chain", "name", "position", "order", "key_products")
    detail_view = SegmentDetailView


# --- enterprises on segments ------------------------------------------------------------------------------


class ChainEnterpriseExportView(ObjectExportView):
    model = ChainEnterprise
    filterset_class = ChainEnterpriseFilterSet
    related = ("chain", "segment", "enterprise__region")
    ordering = ("chain__order", "segment__path", "enterprise__name")
    spec = (
        ("产业链", lambda o: o.chain.name, 14),
        ("环节", lambda o: o.segment.name, 18),
        ("统一社会信用代码", lambda o: o.enterprise.uscc, 22),
        ("企业名称", lambda o: o.enterprise.name, 36),
        ("角色", lambda o: o.get_role_display(), 10),
        ("主要产品", lambda o: o.products, 24),
        ("所属单位", lambda o: o.enterprise.region.name, 14),
    )


class ChainEnterpriseViews(ObjectViews):
    model = ChainEnterprise
    table_class = ChainEnterpriseTable
    filterset_class = ChainEnterpriseFilterSet
    form_class = forms.ChainEnterpriseForm
    services = (services.chainenterprise_create, services.chainenterprise_update, services.chainenterprise_delete)
    related = ("chain", "segment", "enterprise__region")
    fields = ("chain", "segment", "enterprise", "role", "products")


class ChainEnterpriseImportView(ImportView):
    """Upload → a job checks every row (findings by sheet/row/column) → preview → confirm → atomic write."""

    permission_required = "chains.add_chainenterprise"
    form_class = forms.ImportUploadForm
    pipeline = IMPORT
    title = gettext_lazy("导入链上企业")
    help_text = gettext_lazy(
        "每行一家企业在一个环节上；列：产业链、环节、统一社会信用代码、企业名称、角色（链主、核心配套、一般）、主要产品。"
        "未知的产业链、环节或企业都会列为问题，文件有错误时不写入任何数据。"
    )
    template_url_name = "chains:chainenterprise_import_template"


class ChainEnterpriseImportTemplateView(ImportTemplateView):
    permission_required = "chains.add_chainenterprise"
    workbook = TEMPLATE


class ChainEnterpriseImportPreviewView(ImportPreviewView):
    permission_required = "chains.add_chainenterprise"
    pipeline = IMPORT
    import_url_name = "chains:chainenterprise_import"
    list_url_name = "chains:chainenterprise_list"
    list_label = gettext_lazy("查看链上企业")


# --- risks ----------------------------------------------------------------------------------------------


class ChainRiskDetailView(ObjectDetailView):
    template_name = "chains/chainrisk_detail.html"
    related = ("chain", "segment", "region", "enterprise")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        risk = self.object
        ctx["overdue"] = calc.is_overdue(risk.next_review, risk.status, clock.today())
        ctx["actions"] = available_actions(risk, self.request.user)
        ctx["status_form"] = forms.RiskStatusForm(
            initial={"status": ctx["actions"][0].target if ctx["actions"] else ""}
        )
        return ctx


class ChainRiskStatusView(ObjectActionView):
    permission_required = "chains.change_chainrisk"
    model = ChainRisk
    service = services.chainrisk_set_status
    form_class = forms.RiskStatusForm
    success_message = gettext_lazy("已更新风险状态")


class ChainRiskExportView(ObjectExportView):
    model = ChainRisk
    filterset_class = ChainRiskFilterSet
    related = ("chain", "region", "segment")
    ordering = ("chain__order", "level", "pk")
    spec = (
        ("产业链", lambda r: r.chain.name, 14),
        ("所属单位", lambda r: r.region.name, 14),
        ("原材料/产品", lambda r: r.item, 24),
        ("风险等级", lambda r: r.get_level_display(), 10),
        ("供应来源", lambda r: r.get_supplier_region_display(), 10),
        ("来源国家或地区", lambda r: r.supplier_country, 14),
        ("单一来源", lambda r: r.single_source, 10),
        ("库存可用天数", lambda r: r.stock_days, 12),
        ("责任人", lambda r: r.owner, 12),
        ("下次复核日期", lambda r: r.next_review, 14),
        ("状态", lambda r: r.get_status_display(), 10),
    )


class ChainRiskViews(ObjectViews):
    model = ChainRisk
    table_class = ChainRiskTable
    filterset_class = ChainRiskFilterSet
    form_class = forms.ChainRiskForm
    services = (services.chainrisk_create, services.chainrisk_update, services.chainrisk_delete)
    related = ("chain", "region")
    fields = ("chain", "segment", "region", "enterprise", "kind", "item", "supplier_region", "supplier_country",
              "single_source", "stock_days", "substitute", "level", "measures", "owner", "next_review", "status",
              "identified_on", "closed_on")  # fmt: skip
    detail_view = ChainRiskDetailView


# --- supply–demand events -----------------------------------------------------------------------------------


class SupplyDemandEventViews(ObjectViews):
    model = SupplyDemandEvent
    table_class = SupplyDemandEventTable
    filterset_class = SupplyDemandEventFilterSet
    form_class = forms.SupplyDemandEventForm
    services = (services.supplydemandevent_create, services.supplydemandevent_update, services.supplydemandevent_delete)
    related = ("chain", "region")
    fields = (
        "chain",
        "region",
        "title",
        "held_on",
        "participants",
        "participant_count",
        "deal_count",
        "deal_amount",
        "note",
    )
