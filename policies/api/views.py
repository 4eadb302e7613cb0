"""API of the policies: `GET /api/policies/{id}/eligible/` (enterprises with each criterion met/missed),
`GET /api/policies/for-enterprise/?enterprise=` (one enterprise's policies), `POST /api/policies/{id}/confirm/`
(免申即享 job), `POST /api/policy-grants/{id}/review/{action}/`, `GET /api/policy-grants/figures/?year=`, `GET /api/policy-grants/figures/export/?by=policy|department|unit&year=` (xlsx); the finance
payment import `POST /api/disbursements/import/` (a file) → `GET …/import/{job}/` (the preview's findings) →
`POST …/import/{job}/confirm/` (add permission on disbursements)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpResponseBase
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.choices import Role
from core import clock
from core.api.imports import import_actions
from core.api.viewsets import ScopedModelViewSet
from core.files import stored_file_response
from core.scope import access_object
from core.uploads import XLSX
from enterprises.models import Enterprise
from jobs.services import job_start

from .. import services
from ..exports import figure_rows, figures_by, figures_xlsx, figures_year
from ..filtersets import (
    DisbursementFilterSet,
    GrantAttachmentFilterSet,
    PolicyAttachmentFilterSet,
    PolicyCriterionFilterSet,
    PolicyFilterSet,
    PolicyGrantFilterSet,
)
from ..jobs import AUTO_GRANT, PAYMENT_IMPORT
from ..models import Disbursement, GrantAttachment, Policy, PolicyAttachment, PolicyCriterion, PolicyGrant
from ..selectors import FIGURE_GROUPS, active_policies, eligible_enterprises, policies_for, summary_sentence, with_flags
from .serializers import (
    DisbursementSerializer,
    GrantAttachmentSerializer,
    GrantReviewSerializer,
    PaymentImportUploadSerializer,
    PolicyAttachmentSerializer,
    PolicyCriterionSerializer,
    PolicyGrantSerializer,
    PolicySerializer,
)


class PolicyViewSet(ScopedModelViewSet):
    model = Policy
    serializer_class = PolicySerializer
    filterset_class = PolicyFilterSet
    services = (services.policy_create, services.policy_update, services.policy_delete)

    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"])
    def eligible(self, request: Request, pk: Any = None) -> Response:
        policy = self.get_object()
        criteria = list(policy.criteria.all())
        rows = with_flags(
            eligible_enterprises(policy, Enterprise.objects.visible_to(request.user)).order_by("pk")[:500], criteria
        )
        return Response({
            "policy": policy.pk,
            "enterprises": [
                {"id": e.pk, "uscc": e.uscc, "name": e.name, "criteria": [{"criterion": str(c), "met": bool(getattr(e, f"c{c.pk}"))} for c in criteria]}
                for e in rows
            ],
        })  # fmt: skip

    @extend_schema(parameters=[OpenApiParameter("enterprise", int)], responses={200: dict})
    @action(detail=False, methods=["get"], url_path="for-enterprise")
    def for_enterprise(self, request: Request) -> Response:
        user: Any = request.user
        pk = user.enterprise_id if user.role == Role.ENTERPRISE_USER else request.query_params.get("enterprise")
        enterprise = access_object(Enterprise, user, pk)
        matches = policies_for(enterprise, active_policies(clock.today()))
        return Response([
            {"policy": m.policy.pk, "title": m.policy.title, "matched": m.matched, "line": m.line,
             "criteria": [{"criterion": t, "met": ok} for t, ok in m.checks]}
            for m in matches
        ])  # fmt: skip

    @extend_schema(request=None, responses={202: dict})
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: Any = None) -> Response:
        policy = self.get_object()
        user: Any = request.user
        if not (user.is_city_admin or user.role == Role.CITY_STAFF) or not policy.no_application:
            raise PermissionDenied(_("免申即享名单由市级确认"))
        job = job_start(
            kind=AUTO_GRANT, title=_("免申即享名单确认：%s") % policy.title, actor=user, params={"policy": policy.pk}
        )
        return Response({"job": job.pk}, status=202)


class PolicyCriterionViewSet(ScopedModelViewSet):
    model = PolicyCriterion
    serializer_class = PolicyCriterionSerializer
    filterset_class = PolicyCriterionFilterSet
    services = (services.policycriterion_create, services.policycriterion_update, services.policycriterion_delete)


class PolicyGrantViewSet(ScopedModelViewSet):
    model = PolicyGrant
    serializer_class = PolicyGrantSerializer
    filterset_class = PolicyGrantFilterSet
    related = ("policy", "enterprise")
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = services.policygrant_create
    update_service = services.policygrant_update

    @extend_schema(request=GrantReviewSerializer, responses=PolicyGrantSerializer)
    @action(detail=True, methods=["post"], url_path=r"review/(?P<move>[a-z_]+)")
    def review(self, request: Request, pk: Any = None, move: str = "") -> Response:
        return self.run_action(services.grant_review, input=GrantReviewSerializer, kwarg="grant", action=move)

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses={200: dict})
    @action(detail=False, methods=["get"])
    def figures(self, request: Request) -> Response:
        """Per policy, department and unit (amounts in 万元) with each total, and the notice's sentence."""
        year = figures_year(request.query_params)
        grants = PolicyGrant.objects.visible_to(request.user)
        payments = Disbursement.objects.visible_to(request.user)
        out: dict[str, Any] = {"year": year, "sentence": summary_sentence(grants, payments, year)}
        for by in FIGURE_GROUPS:
            rows, total = figure_rows(request.user, by=by, year=year)
            out[f"by_{by}"] = [r.as_dict() for r in rows]
            out[f"total_{by}"] = total.as_dict()
        return Response(out)

    @extend_schema(
        parameters=[OpenApiParameter("by", str, enum=list(FIGURE_GROUPS)), OpenApiParameter("year", int)],
        responses={
            (200, XLSX.content_type): OpenApiResponse(
                OpenApiTypes.BINARY, description="惠企政策兑现情况统计表（.xlsx）"
            )
        },
    )
    @action(detail=False, methods=["get"], url_path="figures/export")
    def figures_export(self, request: Request) -> HttpResponseBase:
        """The figures of one grouping as Excel in the bureau's layout, scoped like the page."""
        return figures_xlsx(request.user, by=figures_by(request.query_params), year=figures_year(request.query_params))


# The payment import's API: the pipeline of its pages (core/api/imports.py).
PaymentImportActions: Any = import_actions(
    pipeline=PAYMENT_IMPORT, permission="policies.add_disbursement", upload_serializer=PaymentImportUploadSerializer
)


class DisbursementViewSet(PaymentImportActions, ScopedModelViewSet):
    model = Disbursement
    serializer_class = DisbursementSerializer
    filterset_class = DisbursementFilterSet
    services = (services.disbursement_create, services.disbursement_update, services.disbursement_delete)


class GrantAttachmentViewSet(ScopedModelViewSet):
    """Supporting files of applications: upload (multipart `grant`, `file`) while under review, list by
    `?grant=`, download, delete; another county's file is the same 404 as a missing one."""

    model = GrantAttachment
    serializer_class = GrantAttachmentSerializer
    filterset_class = GrantAttachmentFilterSet
    parser_classes = [MultiPartParser, FormParser]
    http_method_names = ["get", "post", "delete", "head", "options"]
    create_service = services.grantattachment_create
    delete_service = services.grantattachment_delete

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: Any = None) -> FileResponse:
        attachment = self.get_object()
        return stored_file_response(attachment, "file", filename=attachment.name, as_attachment=True)


class PolicyAttachmentViewSet(ScopedModelViewSet):
    """Files published with a policy: upload (multipart `policy`, `file`), list by `?policy=`, delete; `download` is
    the scoped file URL."""

    model = PolicyAttachment
    serializer_class = PolicyAttachmentSerializer
    filterset_class = PolicyAttachmentFilterSet
    parser_classes = [MultiPartParser, FormParser]
    http_method_names = ["get", "post", "delete", "head", "options"]
    create_service = services.policyattachment_create
    delete_service = services.policyattachment_delete
