"""Pages of the policies: list, detail (criteria, eligible enterprises with met/missed, 免申即享 proposal and
confirmation), criteria, applications and their review, disbursements, figures with the summary sentence."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.choices import Role
from core.scope import access_object
from core.views import ObjectActionView, ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from core.workflow import available_actions
from enterprises.models import Enterprise
from jobs.models import Job
from jobs.services import job_start

from . import services
from .filtersets import DisbursementFilterSet, PolicyCriterionFilterSet, PolicyFilterSet, PolicyGrantFilterSet
from .forms import DisbursementForm, PolicyCriterionForm, PolicyForm, PolicyGrantForm, ReviewForm
from .jobs import AUTO_GRANT
from .models import Disbursement, Policy, PolicyCriterion, PolicyGrant
from .selectors import (
    active_policies,
    automatic_proposal,
    eligible_enterprises,
    figures,
    policies_for,
    summary_sentence,
    with_flags,
)
from .tables import DisbursementTable, PolicyCriterionTable, PolicyGrantTable, PolicyTable


class PolicyListView(ObjectListView):
    model = Policy
    related = ("department",)
    filterset_class = PolicyFilterSet
    table_class = PolicyTable


class PolicyDetailView(ObjectDetailView):
    model = Policy
    related = ("department",)
    template_name = "policies/policy_detail.html"
    fields = ("title", "department", "document_number", "valid_from", "valid_to", "benefit", "combine",
              "no_application", "amount_kind", "amount", "percent", "cap")  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        policy, user = self.object, cast(Any, self.request.user)
        criteria = list(policy.criteria.all())
        ctx["criteria"] = criteria
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


class PolicyEditView(ObjectEditView):
    model = Policy
    form_class = PolicyForm
    create_service = services.policy_create
    update_service = services.policy_update


class PolicyDeleteView(ObjectDeleteView):
    model = Policy
    delete_service = services.policy_delete


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
        matches = policies_for(enterprise, active_policies(timezone.localdate()))
        return render(
            request,
            "policies/my_policies.html",
            {"title": _("可享受的惠企政策"), "enterprise": enterprise, "matches": matches},
        )


class PolicyCriterionListView(ObjectListView):
    model = PolicyCriterion
    related = ("policy",)
    filterset_class = PolicyCriterionFilterSet
    table_class = PolicyCriterionTable


class PolicyCriterionEditView(ObjectEditView):
    model = PolicyCriterion
    form_class = PolicyCriterionForm
    create_service = services.policycriterion_create
    update_service = services.policycriterion_update


class PolicyCriterionDeleteView(ObjectDeleteView):
    model = PolicyCriterion
    delete_service = services.policycriterion_delete


class PolicyGrantListView(ObjectListView):
    model = PolicyGrant
    related = ("policy", "enterprise", "region")
    filterset_class = PolicyGrantFilterSet
    table_class = PolicyGrantTable


class PolicyGrantDetailView(ObjectDetailView):
    model = PolicyGrant
    related = ("policy", "enterprise", "region")
    template_name = "policies/policygrant_detail.html"
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

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["actions"] = available_actions(self.object, self.request.user)
        ctx["payments"] = list(self.object.payments.all())
        return ctx


class PolicyGrantEditView(ObjectEditView):
    model = PolicyGrant
    form_class = PolicyGrantForm
    create_service = services.policygrant_create
    update_service = services.policygrant_update

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            return super().post(request, **kwargs)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(request.path)


class PolicyGrantReviewView(ObjectActionView):
    """One review move; the service checks the table and the actor's side."""

    model = PolicyGrant
    service = staticmethod(services.grant_review)
    service_kwarg = "grant"
    form_class = ReviewForm
    action_kwarg = "action"


class DisbursementListView(ObjectListView):
    model = Disbursement
    related = ("grant__policy", "grant__enterprise")
    filterset_class = DisbursementFilterSet
    table_class = DisbursementTable


class DisbursementEditView(ObjectEditView):
    model = Disbursement
    form_class = DisbursementForm
    create_service = services.disbursement_create
    update_service = services.disbursement_update


class DisbursementDeleteView(ObjectDeleteView):
    model = Disbursement
    delete_service = services.disbursement_delete


class PolicyFiguresView(PermissionRequiredMixin, View):
    """Per unit and department: policies, enterprises reached, amounts granted and paid, and the notice's sentence."""

    permission_required = "policies.view_policygrant"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else timezone.localdate().year
        grants = PolicyGrant.objects.visible_to(request.user).filter(decided_on__year=year)
        payments = Disbursement.objects.visible_to(request.user).filter(paid_on__year=year)
        ctx = {
            "title": _("惠企政策兑现统计"),
            "year": year,
            "by_unit": figures(grants, payments, by="unit"),
            "by_department": figures(grants, payments, by="department"),
            "sentence": summary_sentence(grants, payments, year),
        }
        return render(request, "policies/figures.html", ctx)
