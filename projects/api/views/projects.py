"""The library's API: the same scope, permissions, filters and services as the pages.

`/api/projects/` lists projects with their nodes nested (filters as the list page: unit, stage, list,
category, flag, tier, type, q, stars); `POST /api/projects/{id}/nodes/` sets node dates;
`GET /api/projects/{id}/evaluation/` gives the stars with reasons, the approval days and the 标准地
comparison; `GET /api/projects/stage-counts/` and `/star-summary/` the per-unit tables.
"""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet

from ... import selectors, services
from ...filtersets.projects import (
    ApprovalStepFilterSet,
    ProjectCategoryFilterSet,
    ProjectFilterSet,
    ProjectListFilterSet,
    ProjectNodeFilterSet,
    ProjectYearPlanFilterSet,
    StandardLandContractFilterSet,
    StarGateFilterSet,
)
from ...models import (
    ApprovalStep,
    Project,
    ProjectCategory,
    ProjectList,
    ProjectNode,
    ProjectYearPlan,
    StandardLandContract,
    StarGate,
)
from ..serializers.projects import (
    ApprovalStepSerializer,
    ProjectCategorySerializer,
    ProjectListSerializer,
    ProjectNodeSerializer,
    ProjectNodesSetSerializer,
    ProjectSerializer,
    ProjectYearPlanSerializer,
    StandardLandContractSerializer,
    StarGateSerializer,
)


def _text(value: Decimal | None) -> str | None:
    """Decimals go out as strings, like the serializers' (exact, no float)."""
    return None if value is None else str(value)


# The bodies of the read-only summaries, as the OpenAPI schema documents them (they are not the Project shape).
_UNIT: dict[str, Any] = {
    "unit": serializers.CharField(allow_null=True, help_text="单位代码；合计行为 null"),
    "unit_name": serializers.CharField(allow_null=True),
}
PROJECT_EVALUATION = inline_serializer(
    "ProjectEvaluation",
    {
        "stars": serializers.IntegerField(),
        "reasons": serializers.ListField(child=serializers.DictField()),
        "approval": serializers.DictField(),
        "land_contract": serializers.DictField(allow_null=True),
        "overdue_nodes": serializers.ListField(child=serializers.DictField()),
        "timeline": serializers.ListField(child=serializers.DictField()),
    },
)


def stage_count_rows() -> Any:
    fields: dict[str, Any] = {
        **_UNIT,
        "counts": serializers.DictField(child=serializers.IntegerField()),
        "total": serializers.IntegerField(),
    }
    return inline_serializer("ProjectStageCountRow", fields, many=True)


def star_summary_rows() -> Any:
    fields: dict[str, Any] = {
        **_UNIT,
        "projects": serializers.IntegerField(),
        "average_stars": serializers.CharField(allow_null=True),
        "five_star": serializers.IntegerField(),
        "five_star_share": serializers.CharField(allow_null=True),
        "histogram": serializers.ListField(child=serializers.JSONField()),
    }
    return inline_serializer("ProjectStarSummaryRow", fields, many=True)


class ProjectViewSet(ScopedModelViewSet):
    model = Project
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    related = ("region", "enterprise")
    prefetch = ("nodes", "categories", "lists")
    ordering = ["region__path", "-total_investment", "pk"]
    ordering_fields = ["total_investment", "stars", "stage", "name", "updated_at"]
    services = (services.project_create, services.project_update, services.project_delete)

    @extend_schema(request=ProjectNodesSetSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def nodes(self, request: Request, pk: Any = None) -> Response:
        """Set planned/actual dates of nodes; the stage, stars and flags are recomputed."""
        if not request.user.has_perm("projects.change_project"):
            raise PermissionDenied
        project = self.get_object()
        payload = ProjectNodesSetSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.project_nodes_set(project=project, nodes=payload.validated_data["nodes"], actor=request.user)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(responses=PROJECT_EVALUATION)
    @action(detail=True, methods=["get"], filterset_class=None)
    def evaluation(self, request: Request, pk: Any = None) -> Response:
        """Stars with the reason for each gate, approval days against 90/60/30, 标准地 comparison, overdue nodes."""
        project = self.get_object()
        page = selectors.project_page(project, request.user)
        comparison = page.comparison
        return Response(
            {
                "stars": page.stars.stars,
                "reasons": [asdict(r) for r in page.stars.reasons],
                "approval": {
                    **asdict(page.approval),
                    "total_days": page.approval.total_days,
                    "approval_ok": page.approval.approval_ok,
                    "acceptance_ok": page.approval.acceptance_ok,
                    "total_ok": page.approval.total_ok,
                },
                "land_contract": None
                if comparison is None
                else {
                    "all_met": comparison.all_met,
                    "indicators": [
                        {
                            "key": i.key,
                            "label": i.label,
                            "promised": _text(i.promised),
                            "actual": _text(i.actual),
                            "met": i.met,
                        }
                        for i in comparison.indicators
                    ],
                },
                "overdue_nodes": [asdict(o) for o in page.overdue],
                "timeline": [asdict(n) for n in page.timeline],
            }
        )

    @extend_schema(responses=stage_count_rows())
    @action(detail=False, methods=["get"], url_path="stage-counts", pagination_class=None)
    def stage_counts(self, request: Request) -> Response:
        """The five lists: projects per unit and stage (filters as the list), and the total row.

        With `?year=&month=`, as they stood at the end of that month (its month-end snapshot; 404 without one).
        """
        rows = selectors.stage_counts_by_unit(request.user, self._month_source(request))
        return Response(
            [
                {
                    "unit": row.unit.code if row.unit else None,
                    "unit_name": row.unit.name if row.unit else None,
                    "counts": row.counts,
                    "total": row.total,
                }
                for row in rows
            ]
        )

    def _month_source(self, request: Request) -> Any:
        """Today's projects (with the list's filters), or the rows of the month-end snapshot asked for."""
        year, month = request.query_params.get("year"), request.query_params.get("month")
        if year is None and month is None:
            return self.filter_queryset(self.get_queryset())
        try:
            period = int(year or ""), int(month or "")
        except ValueError:
            raise NotFound(_("年度和月份须为数字")) from None
        rows = selectors.snapshot_rows_of_month(request.user, *period)
        if rows is None:
            raise NotFound(_("该月没有月末快照"))
        return rows

    @extend_schema(responses=star_summary_rows())
    @action(detail=False, methods=["get"], url_path="star-summary", pagination_class=None)
    def star_summary(self, request: Request) -> Response:
        """Per unit: projects, 五星 average, five-star count and share (%), star histogram; total row last.

        With `?year=&month=`, as they stood at the end of that month (its month-end snapshot; 404 without one).
        """
        rows = selectors.star_summary_by_unit(request.user, self._month_source(request))
        return Response(
            [
                {
                    "unit": row.unit.code if row.unit else None,
                    "unit_name": row.unit.name if row.unit else None,
                    "projects": row.projects,
                    "average_stars": _text(row.average),
                    "five_star": row.five_star,
                    "five_star_share": _text(row.five_star_share),
                    "histogram": row.histogram_cells(),
                }
                for row in rows
            ]
        )


class ProjectNodeViewSet(ScopedModelViewSet):
    model = ProjectNode
    serializer_class = ProjectNodeSerializer
    filterset_class = ProjectNodeFilterSet
    related = ("project",)
    ordering = ["project", "pk"]
    services = (services.projectnode_create, services.projectnode_update, services.projectnode_delete)


class ProjectYearPlanViewSet(ScopedModelViewSet):
    model = ProjectYearPlan
    serializer_class = ProjectYearPlanSerializer
    filterset_class = ProjectYearPlanFilterSet
    ordering = ["project", "year"]
    services = (services.projectyearplan_create, services.projectyearplan_update, services.projectyearplan_delete)


class ApprovalStepViewSet(ScopedModelViewSet):
    model = ApprovalStep
    serializer_class = ApprovalStepSerializer
    filterset_class = ApprovalStepFilterSet
    ordering = ["project", "submitted_on", "pk"]
    services = (services.approvalstep_create, services.approvalstep_update, services.approvalstep_delete)


class StandardLandContractViewSet(ScopedModelViewSet):
    model = StandardLandContract
    serializer_class = StandardLandContractSerializer
    filterset_class = StandardLandContractFilterSet
    ordering = ["project"]
    services = (
        services.standardlandcontract_create,
        services.standardlandcontract_update,
        services.standardlandcontract_delete,
    )


class ProjectCategoryViewSet(ScopedModelViewSet):
    model = ProjectCategory
    serializer_class = ProjectCategorySerializer
    filterset_class = ProjectCategoryFilterSet
    ordering = ["order", "code"]
    services = (services.projectcategory_create, services.projectcategory_update, services.projectcategory_delete)


class ProjectListViewSet(ScopedModelViewSet):
    model = ProjectList
    serializer_class = ProjectListSerializer
    filterset_class = ProjectListFilterSet
    ordering = ["order", "code"]
    services = (services.projectlist_create, services.projectlist_update, services.projectlist_delete)


class StarGateViewSet(ScopedModelViewSet):
    model = StarGate
    serializer_class = StarGateSerializer
    filterset_class = StarGateFilterSet
    ordering = ["order", "pk"]
    services = (services.stargate_create, services.stargate_update, services.stargate_delete)
