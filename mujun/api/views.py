"""The 亩均 API: the same scope, permissions and services as the pages.

Rules, prices, lists, yearly data and rectification milestones/progress are plain CRUD through the
services; runs, results, adjustments, objections and rectifications are read-only with actions:
`POST /api/mujun-runs/start/` (create a run and compute it as a job), `/api/mujun-runs/{id}/compute|publish|finalise|identify/`,
`GET /api/mujun-runs/{id}/class-counts/` and `/surcharges/`, `GET /api/mujun-results/{id}/explanation/`,
`POST /api/mujun-results/{id}/adjust/` and `/object/`, `POST /api/mujun-objections/{id}/decide/`,
`POST /api/mujun-rectifications/{id}/confirm|start|close/`. Actions check their own permission
(run_evaluation, publish_evaluationrun, add_adjustment, add_objection, change_objection, change_rectification,
close_rectification) on an object from the user's scope.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers as drf
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, _as_drf

from .. import filtersets as fs
from .. import selectors, services
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
from ..views import _start_job
from . import serializers as s


def _crud_viewset(model_: type[models.Model], serializer: Any, filterset: Any) -> type[ScopedModelViewSet]:
    create, update, delete = services.crud(model_)
    return type(
        f"{model_.__name__}ViewSet",
        (ScopedModelViewSet,),
        {
            "model": model_,
            "serializer_class": serializer,
            "filterset_class": filterset,
            "create_service": staticmethod(create),
            "update_service": staticmethod(update),
            "delete_service": staticmethod(delete),
            "http_method_names": ["get", "post", "patch", "delete", "head", "options"],
            "ordering": ["pk"],
        },
    )


RuleSetViewSet = _crud_viewset(RuleSet, s.RuleSetSerializer, fs.RuleSetFilterSet)
RuleIndicatorViewSet = _crud_viewset(RuleIndicator, s.RuleIndicatorSerializer, fs.RuleIndicatorFilterSet)
IndustryOverrideViewSet = _crud_viewset(IndustryOverride, s.IndustryOverrideSerializer, fs.IndustryOverrideFilterSet)
RuleItemViewSet = _crud_viewset(RuleItem, s.RuleItemSerializer, fs.RuleItemFilterSet)
PriceRuleViewSet = _crud_viewset(PriceRule, s.PriceRuleSerializer, fs.PriceRuleFilterSet)
ListEntryViewSet = _crud_viewset(ListEntry, s.ListEntrySerializer, fs.ListEntryFilterSet)
EnterpriseYearDataViewSet = _crud_viewset(
    EnterpriseYearData, s.EnterpriseYearDataSerializer, fs.EnterpriseYearDataFilterSet
)
RectificationMilestoneViewSet = _crud_viewset(
    RectificationMilestone, s.RectificationMilestoneSerializer, fs.RectificationMilestoneFilterSet
)
RectificationProgressViewSet = _crud_viewset(
    RectificationProgress, s.RectificationProgressSerializer, fs.RectificationProgressFilterSet
)


def _call(request: Request, perm: str, serializer: type[drf.Serializer[Any]] | None, fn: Callable[..., Any]) -> Any:
    if not request.user.has_perm(perm):
        raise PermissionDenied
    data: dict[str, Any] = {}
    if serializer is not None:
        ser = serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
    try:
        return fn(**data)
    except DjangoValidationError as exc:
        raise _as_drf(exc) from exc


class EvaluationRunViewSet(ScopedReadOnlyViewSet):
    model = EvaluationRun
    serializer_class = s.EvaluationRunSerializer
    filterset_class = fs.EvaluationRunFilterSet

    def _run(self, pk: Any) -> EvaluationRun:
        return self.get_object()  # type: ignore[no-any-return]

    @action(detail=False, methods=["post"], permission_classes=[IsAuthenticated])
    def start(self, request: Request) -> Response:
        def create(year: int, name: str, rule_sets: list[RuleSet]) -> Any:
            run = services.evaluation_run_create(year=year, name=name, rule_sets=rule_sets, actor=request.user)
            return run, _start_job(run, request.user)

        run, job = _call(request, "mujun.run_evaluation", s.RunStartSerializer, create)
        return Response({"run": run.pk, "job": job.pk, "url": job.get_absolute_url()}, status=202)

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def compute(self, request: Request, pk: Any = None) -> Response:
        run = self.get_object()
        job = _call(request, "mujun.run_evaluation", None, lambda: _start_job(run, request.user))
        return Response({"job": job.pk, "url": job.get_absolute_url()}, status=202)

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def publish(self, request: Request, pk: Any = None) -> Response:
        run = self.get_object()
        fn = lambda start, end: services.evaluation_run_publish(run=run, start=start, end=end, actor=request.user)  # noqa: E731
        return Response(
            s.EvaluationRunSerializer(_call(request, "mujun.publish_evaluationrun", s.PublishSerializer, fn)).data
        )

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def finalise(self, request: Request, pk: Any = None) -> Response:
        run = self.get_object()
        fn = lambda: services.evaluation_run_finalise(run=run, actor=request.user)  # noqa: E731
        return Response(s.EvaluationRunSerializer(_call(request, "mujun.publish_evaluationrun", None, fn)).data)

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def identify(self, request: Request, pk: Any = None) -> Response:
        run = self.get_object()
        found = _call(
            request,
            "mujun.add_rectification",
            None,
            lambda: services.rectification_identify(run=run, actor=request.user),
        )
        return Response({"identified": len(found)})

    @action(detail=True, methods=["get"], url_path="class-counts")
    def class_counts(self, request: Request, pk: Any = None) -> Response:
        run = self.get_object()
        if not request.user.has_perm("mujun.view_evaluationresult"):
            raise PermissionDenied
        results = EvaluationResult.objects.visible_to(request.user).filter(run=run)
        return Response(
            {
                "units": selectors.class_counts(results, "enterprise__region__name"),
                "industries": selectors.class_counts(results, "enterprise__industry__code"),
            }
        )

    @action(detail=True, methods=["get"])
    def surcharges(self, request: Request, pk: Any = None) -> Response:
        run = self.get_object()
        if not request.user.has_perm("mujun.view_evaluationresult"):
            raise PermissionDenied
        rows = selectors.surcharges(run, EvaluationResult.objects.visible_to(request.user).filter(run=run))
        return Response([{**r, "surcharge": str(r["surcharge"])} for r in rows])


class EvaluationResultViewSet(ScopedReadOnlyViewSet):
    model = EvaluationResult
    serializer_class = s.EvaluationResultSerializer
    filterset_class = fs.EvaluationResultFilterSet
    related = ("enterprise",)

    @action(detail=True, methods=["get"])
    def explanation(self, request: Request, pk: Any = None) -> Response:
        return Response(selectors.result_explanation(self.get_object()))

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def adjust(self, request: Request, pk: Any = None) -> Response:
        result = self.get_object()
        fn = lambda klass, reason: services.result_adjust(result=result, klass=klass, reason=reason, actor=request.user)  # noqa: E731
        return Response(
            s.AdjustmentSerializer(_call(request, "mujun.add_adjustment", s.AdjustSerializer, fn)).data, status=201
        )

    @action(detail=True, methods=["post"], url_path="object", permission_classes=[IsAuthenticated])
    def object_(self, request: Request, pk: Any = None) -> Response:
        result = self.get_object()
        fn = lambda **data: services.objection_create(result=result, actor=request.user, **data)  # noqa: E731
        objection = _call(request, "mujun.add_objection", s.ObjectionCreateSerializer, fn)
        return Response(s.ObjectionSerializer(objection).data, status=201)


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
        objection = self.get_object()
        fn = lambda **data: services.objection_decide(objection=objection, actor=request.user, **data)  # noqa: E731
        return Response(s.ObjectionSerializer(_call(request, "mujun.change_objection", s.DecideSerializer, fn)).data)


class RectificationViewSet(ScopedReadOnlyViewSet):
    model = Rectification
    serializer_class = s.RectificationSerializer
    filterset_class = fs.RectificationFilterSet

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def confirm(self, request: Request, pk: Any = None) -> Response:
        item = self.get_object()

        def fn(path, plan):
            return services.rectification_confirm(rectification=item, path=path, plan=plan, actor=request.user)

        return Response(
            s.RectificationSerializer(_call(request, "mujun.change_rectification", s.ConfirmSerializer, fn)).data
        )

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def start(self, request: Request, pk: Any = None) -> Response:
        item = self.get_object()
        fn = lambda: services.rectification_start(rectification=item, actor=request.user)  # noqa: E731
        return Response(s.RectificationSerializer(_call(request, "mujun.change_rectification", None, fn)).data)

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def close(self, request: Request, pk: Any = None) -> Response:
        item = self.get_object()
        fn = lambda **data: services.rectification_close(rectification=item, actor=request.user, **data)  # noqa: E731
        return Response(
            s.RectificationSerializer(_call(request, "mujun.close_rectification", s.CloseSerializer, fn)).data
        )
