"""The investment API: the same scope, permissions, filters and services as the pages.

`/api/leads/` (a unit's own) with `POST /api/leads/{id}/sign/` (creates the key project, once; a second call is
400 with the reason) and `POST /api/leads/{id}/advance/`; `GET /api/leads/figures/?year=` (by stage, unit, chain,
size band; signed against the targets; conversion to 开工); `/api/lead-visits/`, `/api/platforms/`,
`/api/project-platforms/`, `/api/signing-targets/`, `/api/exchange-rates/`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core import clock
from core.api.viewsets import HTTP_METHODS_WITH_PUT, ScopedModelViewSet

from .. import filtersets as fs
from .. import selectors, services
from ..models import ExchangeRate, Lead, LeadVisit, Platform, ProjectPlatform, SigningTarget
from . import serializers as s


class LeadViewSet(ScopedModelViewSet):
    model = Lead
    serializer_class = s.LeadSerializer
    filterset_class = fs.LeadFilterSet
    services = (services.lead_create, services.lead_update, services.lead_delete)
    http_method_names = HTTP_METHODS_WITH_PUT

    @extend_schema(request=s.LeadSignSerializer, responses=s.LeadSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def sign(self, request: Request, pk: Any = None) -> Response:
        """Sign the lead: creates the key project (stage 签约服务) and links it; refused when already signed."""
        return self.run_action(
            services.lead_sign, permission=("investment.change_lead", "projects.add_project"),
            input=s.LeadSignSerializer, output=s.LeadSerializer,
        )  # fmt: skip

    @extend_schema(request=s.LeadAdvanceSerializer, responses=s.LeadSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def advance(self, request: Request, pk: Any = None) -> Response:
        """Move the lead along the transition table (线索 → 洽谈, → 终止 with a reason, 签约 → 转入项目库)."""
        return self.run_action(
            services.lead_advance, permission="investment.change_lead", input=s.LeadAdvanceSerializer,
            output=s.LeadSerializer,
        )  # fmt: skip

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["get"])
    def figures(self, request: Request) -> Response:
        """Leads by stage per unit, chain and size band; this year's signing against targets; conversion to 开工."""
        year = request.query_params.get("year", "")
        year_ = int(year) if year.isdigit() else clock.today().year
        leads = self.filter_queryset(self.get_queryset())
        f = selectors.figures(leads, year_, request.user)
        return Response(
            {
                "year": f.year,
                "by_unit": [{"unit": u.name, "stages": dict(c)} for u, c in f.by_unit],
                "by_chain": [{"chain": k, "stages": dict(c)} for k, c in f.by_chain],
                "by_band": [{"band": k, "stages": dict(c)} for k, c in f.by_band],
                "signed": {"count": f.signed_count, "amount": f"{f.signed_amount:.2f}", "amount_usd": f"{f.signed_usd:.2f}",
                           "fortune500": f.fortune500},
                "targets": [
                    {"unit": u.name, "tier": p.tier, "target": p.target, "signed": p.signed,
                     "target_amount": None if p.target_amount is None else f"{p.target_amount:.2f}",
                     "signed_amount": f"{p.signed_amount:.2f}", "done": p.done}
                    for u, p in f.progress
                ],
                "platforms": [
                    {"platform": r["platform"].name, "projects": r["projects"], "investment": f"{r['investment']:.2f}",
                     "open_leads": r["open_leads"]}
                    for r in f.platforms
                ],
                "conversion": {"numerator": f.conversion.numerator, "denominator": f.conversion.denominator,
                               "basis": f.conversion.basis,
                               "percent": None if f.conversion.percent is None else str(f.conversion.percent)}
                if f.conversion else None,
            }
        )  # fmt: skip


class LeadVisitViewSet(ScopedModelViewSet):
    model = LeadVisit
    serializer_class = s.LeadVisitSerializer
    filterset_class = fs.LeadVisitFilterSet
    services = (services.leadvisit_create, services.leadvisit_update, services.leadvisit_delete)
    http_method_names = HTTP_METHODS_WITH_PUT


class PlatformViewSet(ScopedModelViewSet):
    model = Platform
    serializer_class = s.PlatformSerializer
    filterset_class = fs.PlatformFilterSet
    services = (services.platform_create, services.platform_update, services.platform_delete)
    http_method_names = HTTP_METHODS_WITH_PUT


class ExchangeRateViewSet(ScopedModelViewSet):
    model = ExchangeRate
    serializer_class = s.ExchangeRateSerializer
    filterset_class = fs.ExchangeRateFilterSet
    services = (services.exchangerate_create, services.exchangerate_update, services.exchangerate_delete)
    http_method_names = HTTP_METHODS_WITH_PUT


class SigningTargetViewSet(ScopedModelViewSet):
    model = SigningTarget
    serializer_class = s.SigningTargetSerializer
    filterset_class = fs.SigningTargetFilterSet
    services = (services.signingtarget_create, services.signingtarget_update, services.signingtarget_delete)
    http_method_names = HTTP_METHODS_WITH_PUT


class ProjectPlatformViewSet(ScopedModelViewSet):
    model = ProjectPlatform
    serializer_class = s.ProjectPlatformSerializer
    filterset_class = fs.ProjectPlatformFilterSet
    services = (services.projectplatform_create, services.projectplatform_update, services.projectplatform_delete)
    http_method_names = HTTP_METHODS_WITH_PUT
