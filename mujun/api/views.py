"""The 亩均 API: the same scope, permissions and services as the pages.

Rules, prices, lists, yearly data and rectification milestones/progress are plain CRUD through the
services; runs, results, adjustments, objections and rectifications are read-only with actions:
`POST /api/mujun-runs/start/` (create a run and compute it as a job), `/api/mujun-runs/{id}/compute|publish|finalise|identify/`,
`GET /api/mujun-runs/{id}/class-counts/` and `/surcharges/`, `GET /api/mujun-results/{id}/explanation/`,
`POST /api/mujun-results/{id}/adjust/` and `/object/`, `POST /api/mujun-objections/{id}/decide/`,
`POST /api/mujun-rectifications/{id}/confirm|start|close/`, and `GET /api/mujun-year-data/template/` (the
import template). Actions check their own permission (run_evaluation, publish_evaluationrun, add_adjustment,
add_objection, change_objection, change_rectification, close_rectification, add_enterpriseyeardata) on an
object from the user's scope.

As on the pages: `POST /api/mujun-rule-sets/{id}/revise/` (add_ruleset); the yearly-data import
`POST /api/mujun-year-data/import/` (a file) → `GET …/import/{job}/` (the preview's findings) →
`POST …/import/{job}/confirm/` (add_enterpriseyeardata); `GET /api/mujun-rectifications/figures/` (per unit, with
the list's filters); the evidence files `GET /api/mujun-objections/{id}/evidence/` and
`/api/mujun-rectifications/{id}/evidence/` (view permission, the object's scope), whose URL the serializers give.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers as drf
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.imports import import_actions
from core.api.pagination import KeysetPagination
from core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet
from jobs.models import Job

from .. import filtersets as fs
from .. import selectors, services
from ..importing import TEMPLATE as YEAR_DATA_TEMPLATE
from ..jobs import IMPORT
from ..models import (
    Adjustment,
    EnterpriseYearData,
    EvaluationResult,
    EvaluationRun,
    IndustryOverride,
    ListEntry,
    Objection,
    PriceRule,
    Rectification,
    RectificationMilestone,
    RectificationProgress,
    RuleIndicator,
    RuleItem,
    RuleSet,
)
from ..views.base import evidence_response
from . import serializers as s

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SimpleViewSet(ScopedModelViewSet):
    """The API of one of the simple models (rules, prices, lists, data, milestones, progress): `object_save` and
    `object_delete`, the services of their pages."""

    service_kwarg = "obj"
    update_service = services.object_save
    delete_service = services.object_delete
    ordering = ["pk"]


class RuleSetViewSet(SimpleViewSet):
    model = RuleSet
    serializer_class = s.RuleSetSerializer
    filterset_class = fs.RuleSetFilterSet

    @extend_schema(request=None, responses={201: s.RuleSetSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def revise(self, request: Request, pk: Any = None) -> Response:
        """A new draft version of the rule set with its indicators, overrides and items (add permission), as the
        rule set page's 修订 button; the frozen one stays as the runs used it."""
        return self.run_action(services.rule_set_revise, permission="mujun.add_ruleset", kwarg="rule_set", status=201)


class RuleIndicatorViewSet(SimpleViewSet):
    model = RuleIndicator
    serializer_class = s.RuleIndicatorSerializer
    filterset_class = fs.RuleIndicatorFilterSet


class IndustryOverrideViewSet(SimpleViewSet):
    model = IndustryOverride
    serializer_class = s.IndustryOverrideSerializer
    filterset_class = fs.IndustryOverrideFilterSet


class RuleItemViewSet(SimpleViewSet):
    model = RuleItem
    serializer_class = s.RuleItemSerializer
    filterset_class = fs.RuleItemFilterSet


class PriceRuleViewSet(SimpleViewSet):
    model = PriceRule
    serializer_class = s.PriceRuleSerializer
    filterset_class = fs.PriceRuleFilterSet


class ListEntryViewSet(SimpleViewSet):
    model = ListEntry
    serializer_class = s.ListEntrySerializer
    filterset_class = fs.ListEntryFilterSet


# The import's API: the pipeline of its pages (core/api/imports.py).
ImportActions: Any = import_actions(
    pipeline=IMPORT, permission="mujun.add_enterpriseyeardata", upload_serializer=s.ImportUploadSerializer
)


class EnterpriseYearDataViewSet(
    ImportActions,
    SimpleViewSet,
):
    model = EnterpriseYearData
    serializer_class = s.EnterpriseYearDataSerializer
    filterset_class = fs.EnterpriseYearDataFilterSet

    @extend_schema(
        request=None,
        responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="亩均年度数据导入模板（.xlsx）")},
    )
    @action(detail=False, methods=["get"], permission_classes=[IsAuthenticated])
    def template(self, request: Request) -> FileResponse:
        """The import template of the yearly data, the same file as the import page's (add permission)."""
        if not request.user.has_perm("mujun.add_enterpriseyeardata"):
            raise PermissionDenied
        return YEAR_DATA_TEMPLATE.response()


class RectificationMilestoneViewSet(SimpleViewSet):
    model = RectificationMilestone
    serializer_class = s.RectificationMilestoneSerializer
    filterset_class = fs.RectificationMilestoneFilterSet


class RectificationProgressViewSet(SimpleViewSet):
    model = RectificationProgress
    serializer_class = s.RectificationProgressSerializer
    filterset_class = fs.RectificationProgressFilterSet


def _call(request: Request, perm: str, serializer: type[drf.Serializer[Any]] | None, fn: Callable[..., Any]) -> Any:
    """The import actions' permission and body (the other actions use `run_action`)."""
    if not request.user.has_perm(perm):
        raise PermissionDenied
    data: dict[str, Any] = {}
    if serializer is not None:
        ser = serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
    return fn(**data)


def _run_start(*, year: int, name: str, rule_sets: list[RuleSet], actor: Any) -> dict[str, Any]:
    """Create a run and compute it as a job (the run page's 新建并计算)."""
    run = services.evaluation_run_create(year=year, name=name, rule_sets=rule_sets, actor=actor)
    job = services.evaluation_run_start(run=run, actor=actor)
    return {"run": run.pk, "job": job.pk, "url": job.get_absolute_url()}


def _job_started(job: Job) -> dict[str, Any]:
    return {"job": job.pk, "url": job.get_absolute_url()}


class EvaluationRunViewSet(ScopedReadOnlyViewSet):
    model = EvaluationRun
    serializer_class = s.EvaluationRunSerializer
    filterset_class = fs.EvaluationRunFilterSet
    prefetch = ("rule_sets",)  # listed by id in every run

    service_kwarg = "run"

    @action(detail=False, methods=["post"], permission_classes=[IsAuthenticated])
    def start(self, request: Request) -> Response:
        return self.run_action(
            _run_start, permission="mujun.run_evaluation", input=s.RunStartSerializer, output=dict, status=202,
            detail=False,
        )  # fmt: skip

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def compute(self, request: Request, pk: Any = None) -> Response:
        return self.run_action(
            services.evaluation_run_start, permission="mujun.run_evaluation", output=_job_started, status=202
        )

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def publish(self, request: Request, pk: Any = None) -> Response:
        return self.run_action(
            services.evaluation_run_publish, permission="mujun.publish_evaluationrun", input=s.PublishSerializer
        )

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def finalise(self, request: Request, pk: Any = None) -> Response:
        return self.run_action(services.evaluation_run_finalise, permission="mujun.publish_evaluationrun")

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def identify(self, request: Request, pk: Any = None) -> Response:
        return self.run_action(
            services.rectification_identify, permission="mujun.add_rectification",
            output=lambda found: {"identified": found},
        )  # fmt: skip

    @extend_schema(
        responses=inline_serializer(
            "EvaluationRunClassCounts",
            {
                "units": drf.ListField(child=drf.DictField()),
                "industries": drf.ListField(child=drf.DictField()),
            },
        )
    )
    @action(detail=True, methods=["get"], url_path="class-counts")
    def class_counts(self, request: Request, pk: Any = None) -> Response:
        run = self.get_object()
        if not request.user.has_perm("mujun.view_evaluationresult"):
            raise PermissionDenied
        results = EvaluationResult.objects.visible_to(request.user).filter(run=run)
        return Response(
            {
                "units": selectors.class_counts_by_unit(results),
                "industries": selectors.class_counts_by_industry(results),
            }
        )

    @action(detail=True, methods=["get"])
    def surcharges(self, request: Request, pk: Any = None) -> Response:
        run = self.get_object()
        if not request.user.has_perm("mujun.view_evaluationresult"):
            raise PermissionDenied
        results = EvaluationResult.objects.visible_to(request.user).filter(run=run)
        rows = selectors.surcharges(run, results)
        return Response([{**r, "surcharge": str(r["surcharge"])} for r in rows])


class EvaluationResultViewSet(ScopedReadOnlyViewSet):
    model = EvaluationResult
    serializer_class = s.EvaluationResultSerializer
    filterset_class = fs.EvaluationResultFilterSet
    pagination_class = KeysetPagination  # a million-row run: `?after=` in its index order, no OFFSET
    keyset = ("run_id", "group", "rank", "enterprise_id")
    keyset_param = "run"  # the results of one run, in the order of its index
    related = ("run",)  # the run's indicator codes name the per-indicator figures
    prefetch = ("enterprise",)  # for the page's rows only (a join would precede the sort of a whole run)

    @extend_schema(
        responses=OpenApiResponse(
            OpenApiTypes.OBJECT, description="一家企业的得分说明：各指标的值、基准、权重、贡献，加减分与类别"
        )
    )
    @action(detail=True, methods=["get"])
    def explanation(self, request: Request, pk: Any = None) -> Response:
        return Response(selectors.result_explanation(self.get_object()))

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def adjust(self, request: Request, pk: Any = None) -> Response:
        return self.run_action(
            services.result_adjust, permission="mujun.add_adjustment", input=s.AdjustSerializer,
            output=s.AdjustmentSerializer, status=201, kwarg="result",
        )  # fmt: skip

    @action(detail=True, methods=["post"], url_path="object", permission_classes=[IsAuthenticated])
    def object_(self, request: Request, pk: Any = None) -> Response:
        return self.run_action(
            services.objection_create, permission="mujun.add_objection", input=s.ObjectionCreateSerializer,
            output=s.ObjectionSerializer, status=201, kwarg="result",
        )  # fmt: skip


class AdjustmentViewSet(ScopedReadOnlyViewSet):
    model = Adjustment
    serializer_class = s.AdjustmentSerializer
    filterset_class = fs.AdjustmentFilterSet


class ObjectionViewSet(ScopedReadOnlyViewSet):
    model = Objection
    serializer_class = s.ObjectionSerializer
    filterset_class = fs.ObjectionFilterSet

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def decide(self, request: Request, pk: Any = None) -> Response:
        return self.run_action(services.objection_decide, permission="mujun.change_objection", input=s.DecideSerializer)

    @extend_schema(
        request=None,
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="证明材料"),
            404: OpenApiResponse(description="out of scope, missing, or no file"),
        },
    )
    @action(detail=True, methods=["get"])
    def evidence(self, request: Request, pk: Any = None) -> FileResponse:
        """The objection's evidence file (view permission; 404 out of scope, as for a missing one)."""
        return evidence_response(self.get_object())


class RectificationViewSet(ScopedReadOnlyViewSet):
    model = Rectification
    serializer_class = s.RectificationSerializer
    filterset_class = fs.RectificationFilterSet

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def confirm(self, request: Request, pk: Any = None) -> Response:
        return self.run_action(
            services.rectification_confirm, permission="mujun.change_rectification", input=s.ConfirmSerializer
        )

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def start(self, request: Request, pk: Any = None) -> Response:
        return self.run_action(services.rectification_start, permission="mujun.change_rectification")

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def close(self, request: Request, pk: Any = None) -> Response:
        return self.run_action(
            services.rectification_close, permission="mujun.close_rectification", input=s.CloseSerializer
        )

    @extend_schema(
        request=None,
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="销号材料"),
            404: OpenApiResponse(description="out of scope, missing, or no file"),
        },
    )
    @action(detail=True, methods=["get"])
    def evidence(self, request: Request, pk: Any = None) -> FileResponse:
        """The 销号 evidence file (view permission; 404 out of scope, as for a missing one)."""
        return evidence_response(self.get_object())

    @extend_schema(responses=s.RectificationFiguresSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def figures(self, request: Request) -> Response:
        """Per unit, with the list's filters: firms identified, rectified (销号), land freed (亩), energy freed (tce)."""
        rows = selectors.rectification_figures(self.filter_queryset(self.get_queryset()))
        return Response(s.RectificationFiguresSerializer(rows, many=True).data)
