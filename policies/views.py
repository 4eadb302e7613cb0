"""Pages of the policies: list, detail (criteria, eligible enterprises with met/missed, 免申即享 proposal and
confirmation), criteria, applications and their review, disbursements, figures with the summary sentence."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.choices import Role
from core import clock
from core.files import stored_file_url
from core.pipeline import ImportPreviewView, ImportTemplateView, ImportView
from core.scope import access_object
from core.views import (
    AttachmentAddView,
    AttachmentDeleteView,
    AttachmentDownloadView,
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectViews,
)
from core.workflow import available_actions
from enterprises.models import Enterprise
from jobs.models import Job
from jobs.services import job_start

from . import services
from .exports import figure_rows, figures_by, figures_xlsx, figures_year
from .filtersets import DisbursementFilterSet, PolicyCriterionFilterSet, PolicyFilterSet, PolicyGrantFilterSet
from .forms import (
    DisbursementForm,
    GrantAttachmentForm,
    PaymentUploadForm,
    PolicyAttachmentForm,
    PolicyCriterionForm,
    PolicyForm,
    PolicyGrantForm,
    ReviewForm,
)
from .importing import TEMPLATE
from .jobs import AUTO_GRANT, PAYMENT_IMPORT
from .models import Disbursement, GrantAttachment, Policy, PolicyAttachment, PolicyCriterion, PolicyGrant
from .selectors import (
    FIGURE_GROUPS,
    active_policies,
    automatic_proposal,
    eligible_enterprises,
    policies_for,
    summary_sentence,
    with_flags,
)
from .tables import DisbursementTable, PolicyCriterionTable, PolicyGrantTable, PolicyTable


class PolicyDetailView(ObjectDetailView):
    template_name = "policies/policy_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        policy, user = self.object, cast(Any, self.request.user)
        criteria = list(policy.criteria.all())
        ctx["criteria"] = criteria
        ctx["attachments"] = [(a, stored_file_url(a, "file")) for a in policy.attachments.all()]
        ctx["document_url"] = stored_file_url(policy, "attachment")
        ctx["attach_form"] = PolicyAttachmentForm() if user.has_perm("policies.add_policyattachment") else None
        ctx["may_remove"] = user.has_perm("policies.delete_policyattachment")
        visible = Enterprise.objects.visible_to(user)
        eligible = eligible_enterprises(policy, visible)
        ctx["eligible_count"] = eligible.count()
        rows = with_flags(eligible.select_related("region", "industry").order_by("region__path", "pk")[:50], criteria)
        ctx["eligible"] = [(e, [(str(c), getattr(e, f"c{c.pk}")) for c in criteria]) for e in rows]
        city = user.is_city_admin or user.role == Role.CITY_STAFF
        ctx["can_confirm"] = policy.no_application and city
        if ctx["can_confirm"]:
            proposal = automatic_proposal(policy)
            ctx["proposal"] = proposal[:50]
            ctx["proposal_count"] = len(proposal)
            ctx["proposal_total"] = sum((a for _e, a in proposal), start=0)
        return ctx


class PolicyViews(ObjectViews):
    model = Policy
    table_class = PolicyTable
    filterset_class = PolicyFilterSet
    form_class = PolicyForm
    services = (services.policy_create, services.policy_update, services.policy_delete)
    related = ("department",)
    fields = ("title", "department", "document_number", "valid_from", "valid_to", "benefit", "combine",
              "no_application", "amount_kind", "amount", "percent", "cap")  # fmt: skip
    detail_view = PolicyDetailView


class PolicyConfirmView(LoginRequiredMixin, View):
    """The city confirms a 免申即享 list in one action: a job records the grants, with progress."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        policy = access_object(Policy, request.user, pk)
        user: Any = request.user
        if not (user.is_city_admin or user.role == Role.CITY_STAFF) or not policy.no_application:
            raise PermissionDenied
        job = job_start(
            kind=AUTO_GRANT, title=_("免申即享名单确认：%s") % policy.title, actor=user, params={"policy": policy.pk}
        )
        return HttpResponseRedirect(job.get_absolute_url())


class PolicyJobView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = access_object(Job, request.user, pk)
        if job.kind != AUTO_GRANT:
            raise Http404
        messages.success(request, _("已确认免申即享名单，记录 %(n)s 条") % {"n": (job.result or {}).get("grants", 0)})
        return HttpResponseRedirect(access_object(Policy, request.user, job.params["policy"]).get_absolute_url())


class MyPoliciesView(LoginRequiredMixin, View):
    """The enterprise user's home for policies: every valid policy, matched first, with each criterion met or missed."""

    @classmethod
    def opens_for(cls, user: Any) -> bool:
        """Without `?enterprise=` in the address only an enterprise user's own enterprise is shown: the menu offers
        the page to enterprise users only (staff see an enterprise's policies in its page's panel)."""
        return user.role == Role.ENTERPRISE_USER and user.enterprise_id is not None

    def get(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        enterprise = None
        if user.role == Role.ENTERPRISE_USER:
            enterprise = user.enterprise
        elif request.GET.get("enterprise", "").isdigit():
            enterprise = access_object(Enterprise, user, int(request.GET["enterprise"]))
        if enterprise is None:
            raise Http404
        matches = policies_for(enterprise, active_policies(clock.today()))
        return render(
            request,
            "policies/my_policies.html",
            {"title": _("可享受的惠企政策"), "enterprise": enterprise, "matches": matches},
        )


class PolicyCriterionViews(ObjectViews):
    model = PolicyCriterion
    table_class = PolicyCriterionTable
    filterset_class = PolicyCriterionFilterSet
    form_class = PolicyCriterionForm
    services = (services.policycriterion_create, services.policycriterion_update, services.policycriterion_delete)
    related = ("policy",)
    detail_view = None


class PolicyGrantDetailView(ObjectDetailView):
    template_name = "policies/policygrant_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user: Any = self.request.user
        ctx["actions"] = available_actions(self.object, user)
        ctx["payments"] = list(self.object.payments.all())
        ctx["attachments"] = (
            list(self.object.attachments.all()) if user.has_perm("policies.view_grantattachment") else []
        )
        under_review = self.object.status in services.UNDER_REVIEW
        ctx["attach_form"] = (
            GrantAttachmentForm() if under_review and user.has_perm("policies.add_grantattachment") else None
        )
        ctx["may_remove"] = under_review and user.has_perm("policies.delete_grantattachment")
        return ctx


class PolicyGrantEditView(ObjectEditView):
    form_class = PolicyGrantForm
    create_service = services.policygrant_create
    update_service = services.policygrant_update
    denied_as_message = True


class PolicyGrantViews(ObjectViews):
    model = PolicyGrant
    table_class = PolicyGrantTable
    filterset_class = PolicyGrantFilterSet
    related = ("policy", "enterprise", "region")
    fields = (
        "policy",
        "enterprise",
        "region",
        "source",
        "status",
        "amount",
        "application_text",
        "reason",
        "decided_on",
    )
    detail_view = PolicyGrantDetailView
    edit_view = PolicyGrantEditView
    delete_view = None


class PolicyGrantReviewView(ObjectActionView):
    """One review move; the service checks the table and the actor's side."""

    model = PolicyGrant
    service = services.grant_review
    service_kwarg = "grant"
    form_class = ReviewForm
    action_kwarg = "action"


class GrantAttachmentAddView(AttachmentAddView):
    """A supporting file added to an application under review (the service checks the status and the scope)."""

    model = PolicyGrant
    parent_field = "grant"
    service = services.grantattachment_create
    form_class = GrantAttachmentForm
    permission_required = "policies.add_grantattachment"


class GrantAttachmentDeleteView(AttachmentDeleteView):
    model = GrantAttachment
    parent_field = "grant"
    service = services.grantattachment_delete
    permission_required = "policies.delete_grantattachment"


class GrantAttachmentDownloadView(AttachmentDownloadView):
    """An application's file, for those who may see the application (404 otherwise, as for a missing one)."""

    model = GrantAttachment


class PolicyAttachmentAddView(AttachmentAddView):
    """A file published with a policy (the service checks the permission and the scope)."""

    model = Policy
    parent_field = "policy"
    service = services.policyattachment_create
    form_class = PolicyAttachmentForm
    permission_required = "policies.add_policyattachment"


class PolicyAttachmentDeleteView(AttachmentDeleteView):
    model = PolicyAttachment
    parent_field = "policy"
    service = services.policyattachment_delete
    permission_required = "policies.delete_policyattachment"


class DisbursementViews(ObjectViews):
    model = Disbursement
    table_class = DisbursementTable
    filterset_class = DisbursementFilterSet
    form_class = DisbursementForm
    services = (services.disbursement_create, services.disbursement_update, services.disbursement_delete)
    related = ("policy", "region")
    detail_view = None


# --- the finance department's payment export -------------------------------------------------------------


class DisbursementImportView(ImportView):
    """Upload → a job checks every row (findings by sheet/row/column) → preview → confirm → atomic write."""

    permission_required = "policies.add_disbursement"
    form_class = PaymentUploadForm
    pipeline = PAYMENT_IMPORT
    title = gettext_lazy("导入财政拨付明细")
    help_text = gettext_lazy(
        "每行一笔拨付；列：政策名称、政策文号、统一社会信用代码、企业名称、拨付金额（万元）、拨付日期、资金来源、拨付批次、凭证号。"
        "政策按文号识别（无文号时按名称），企业须已获批该政策，累计拨付不得超过核定金额，凭证号不得与文件内或已登记的重复。"
        "有问题的文件不会写入任何数据。"
    )
    template_url_name = "policies:disbursement_template"


class DisbursementTemplateView(ImportTemplateView):
    permission_required = "policies.add_disbursement"
    workbook = TEMPLATE


class DisbursementImportPreviewView(ImportPreviewView):
    permission_required = "policies.add_disbursement"
    pipeline = PAYMENT_IMPORT
    title = gettext_lazy("拨付明细导入预览")
    import_url_name = "policies:disbursement_import"
    list_url_name = "policies:disbursement_list"
    list_label = gettext_lazy("查看兑付台账")
    summary_fields = (
        ("sheet", gettext_lazy("工作表")),
        ("rows_total", gettext_lazy("数据行")),
        ("creates", gettext_lazy("新增拨付")),
        ("amount_total", gettext_lazy("拨付合计（万元）")),
    )


class PolicyFiguresView(PermissionRequiredMixin, View):
    """Per policy, department and unit: applications, approvals, amounts approved and paid, and the notice's
    sentence; each table downloadable as Excel."""

    permission_required = "policies.view_policygrant"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        year = figures_year(request.GET)
        grants = PolicyGrant.objects.visible_to(request.user)
        payments = Disbursement.objects.visible_to(request.user)
        tables = []
        for by, (_field, _pay, label) in FIGURE_GROUPS.items():
            rows, total = figure_rows(request.user, by=by, year=year)
            tables.append({"by": by, "label": label, "rows": rows, "total": total})
        ctx = {
            "title": _("惠企政策兑现统计"),
            "year": year,
            "tables": tables,
            "sentence": summary_sentence(grants, payments, year),
        }
        return render(request, "policies/figures.html", ctx)


class PolicyFiguresExportView(PermissionRequiredMixin, View):
    """One table of the figures page as Excel (`?by=policy|department|unit&year=`), scoped like the page."""

    permission_required = "policies.view_policygrant"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponseBase:
        return figures_xlsx(request.user, by=figures_by(request.GET), year=figures_year(request.GET))
