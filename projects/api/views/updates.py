"""API of monthly updates, photos, problems, snapshots and rates: the same scope, permissions and services as the pages.

`POST /api/project-updates/{id}/submit|review|return/` moves an update through the workflow table;
`POST /api/project-problems/{id}/accept|resolve|close|reopen/` a problem; `POST /api/month-snapshots/take/`
takes a month-end snapshot; `GET /api/project-rates/?region=&year=&month=&list=` gives 开工率/竣工率/投产率
per unit with numerator, denominator and basis.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet
from core.scope import access_object
from regions.models import Region
from regions.selectors import region_in_scope

from ... import problems as problem_services
from ... import updates as update_services
from ...filtersets.updates import (
    MonthSnapshotFilterSet,
    ProjectPhotoFilterSet,
    ProjectProblemFilterSet,
    ProjectUpdateFilterSet,
    SnapshotRowFilterSet,
    default_month,
)
from ...models import MonthSnapshot, ProjectPhoto, ProjectProblem, ProjectUpdate, SnapshotRow
from ...rates import GroupRates, rates_table
from ...snapshots import city_region, monthsnapshot_delete, snapshot_take
from ..serializers.updates import (
    MonthSnapshotSerializer,
    PhotoUploadSerializer,
    ProblemTransitionSerializer,
    ProjectPhotoSerializer,
    ProjectProblemSerializer,
    ProjectUpdateSerializer,
    SnapshotRowSerializer,
    SnapshotTakeSerializer,
    TransitionSerializer,
)

# The moves' own permissions (submit: change; review/return: review; a problem's moves: the department's
# or the unit's side) are checked by the services, so the actions only require a signed-in user and
# the object's scope (get_object).


class ProjectUpdateViewSet(ScopedModelViewSet):
    model = ProjectUpdate
    serializer_class = ProjectUpdateSerializer
    filterset_class = ProjectUpdateFilterSet
    related = ("project",)
    prefetch = ("photos",)
    ordering = ["-year", "-month", "project_id"]
    services = (
        update_services.projectupdate_create,
        update_services.projectupdate_update,
        update_services.projectupdate_delete,
    )

    def _move(self, request: Request, action_name: str) -> Response:
        return self.run_action(
            update_services.update_transition, input=TransitionSerializer, kwarg="update", action=action_name
        )

    @extend_schema(request={"multipart/form-data": PhotoUploadSerializer}, responses=ProjectPhotoSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated], parser_classes=[MultiPartParser])
    def photos(self, request: Request, pk: Any = None) -> Response:
        """Attach a site photo (multipart `image`, `caption`) to an update the unit is still filling in."""
        update = self.get_object()
        body = PhotoUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        photo = update_services.photo_add(
            update=update,
            image=body.validated_data["image"],
            caption=body.validated_data["caption"],
            actor=request.user,
        )
        return Response(ProjectPhotoSerializer(photo, context={"request": request}).data, status=201)

    @extend_schema(request=TransitionSerializer, responses=ProjectUpdateSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def submit(self, request: Request, pk: Any = None) -> Response:
        """The unit submits the update to the city."""
        return self._move(request, update_services.SUBMIT)

    @extend_schema(request=TransitionSerializer, responses=ProjectUpdateSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def review(self, request: Request, pk: Any = None) -> Response:
        """The city accepts the update (its figures then count)."""
        return self._move(request, update_services.REVIEW)

    @extend_schema(request=TransitionSerializer, responses=ProjectUpdateSerializer)
    @action(detail=True, methods=["post"], url_path="return", permission_classes=[IsAuthenticated])
    def return_(self, request: Request, pk: Any = None) -> Response:
        """The city returns the update with a comment (required)."""
        return self._move(request, update_services.RETURN)


class ProjectPhotoViewSet(ScopedReadOnlyViewSet):
    """Photos are added on the update's page or by `POST /api/project-updates/{id}/photos/`; listed here."""

    model = ProjectPhoto
    serializer_class = ProjectPhotoSerializer
    filterset_class = ProjectPhotoFilterSet
    ordering = ["update", "pk"]


class ProjectProblemViewSet(ScopedModelViewSet):
    model = ProjectProblem
    serializer_class = ProjectProblemSerializer
    filterset_class = ProjectProblemFilterSet
    related = ("project", "department")
    ordering = ["status", "deadline", "pk"]
    services = (
        problem_services.projectproblem_create,
        problem_services.projectproblem_update,
        problem_services.projectproblem_delete,
    )

    def _move(self, request: Request, action_name: str) -> Response:
        return self.run_action(
            problem_services.problem_transition, input=ProblemTransitionSerializer, kwarg="problem", action=action_name
        )

    @extend_schema(request=None, responses=ProjectProblemSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def accept(self, request: Request, pk: Any = None) -> Response:
        """The responsible department takes the problem up."""
        return self._move(request, problem_services.ACCEPT)

    @extend_schema(request=ProblemTransitionSerializer, responses=ProjectProblemSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def resolve(self, request: Request, pk: Any = None) -> Response:
        """The department answers with the resolution (required)."""
        return self._move(request, problem_services.RESOLVE)

    @extend_schema(request=None, responses=ProjectProblemSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def close(self, request: Request, pk: Any = None) -> Response:
        """The unit confirms the resolution (销号)."""
        return self._move(request, problem_services.CLOSE)

    @extend_schema(request=ProblemTransitionSerializer, responses=ProjectProblemSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def reopen(self, request: Request, pk: Any = None) -> Response:
        """The unit sends the answer back (with its reason in `resolution`)."""
        return self._move(request, problem_services.REOPEN)


class MonthSnapshotViewSet(ScopedModelViewSet):
    model = MonthSnapshot
    serializer_class = MonthSnapshotSerializer
    filterset_class = MonthSnapshotFilterSet
    related = ("region",)
    ordering = ["-year", "-month"]
    http_method_names = ["get", "post", "delete", "head", "options"]
    delete_service = monthsnapshot_delete

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise DRFValidationError({"detail": "POST /api/month-snapshots/take/"})

    @extend_schema(request=SnapshotTakeSerializer, responses=MonthSnapshotSerializer)
    @action(detail=False, methods=["post"])
    def take(self, request: Request) -> Response:
        """Take (or with replace=true retake) the month-end snapshot of a region, synchronously."""
        body = SnapshotTakeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        region = access_object(Region, request.user, body.validated_data["region"])
        snapshot = snapshot_take(
            region=region,
            year=body.validated_data["year"],
            month=body.validated_data["month"],
            replace=body.validated_data["replace"],
            actor=request.user,
        )
        return Response(self.get_serializer(snapshot).data, status=201)


class SnapshotRowViewSet(ScopedReadOnlyViewSet):
    model = SnapshotRow
    serializer_class = SnapshotRowSerializer
    filterset_class = SnapshotRowFilterSet
    ordering = ["snapshot", "pk"]


def _rates(group: GroupRates) -> dict[str, Any]:
    return {
        "label": group.label,
        "region": group.region.code if group.region else None,
        "counts": asdict(group.counts),
        **{
            name: {"numerator": r.numerator, "denominator": r.denominator, "percent": r.percent, "basis": r.basis}
            for name, r in (("start", group.start), ("completion", group.completion), ("production", group.production))
        },
    }


class ProjectRatesViewSet(viewsets.ViewSet):
    """开工率 / 竣工率 / 投产率 per unit, the total and per list, for a month (from its snapshot when there is one)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("region", int, description="地区 id（默认本人所属地区）"),
            OpenApiParameter("year", int),
            OpenApiParameter("month", int),
            OpenApiParameter("list", int, description="只统计某一清单的项目"),
        ],
        responses=dict,
    )
    def list(self, request: Request) -> Response:
        user: Any = request.user
        if not user.has_perm("projects.view_project"):
            raise PermissionDenied
        year, month = default_month()
        try:
            year = int(request.query_params.get("year", year))
            month = int(request.query_params.get("month", month))
            list_id = int(request.query_params["list"]) if request.query_params.get("list") else None
        except ValueError as exc:
            raise DRFValidationError({"detail": "year, month and list are numbers"}) from exc
        if not (1990 <= year <= 2100 and 1 <= month <= 12):
            raise DRFValidationError({"detail": "year is 1990–2100, month 1–12"})
        region: Region | None
        if request.query_params.get("region"):
            region = access_object(Region, user, request.query_params["region"])
        else:
            region = user.region if not user.sees_everything else city_region()
        if region is None or not region_in_scope(user, region):
            raise PermissionDenied
        table = rates_table(region=region, year=year, month=month, list_id=list_id)
        return Response(
            {
                "region": region.code,
                "year": year,
                "month": month,
                "source": "snapshot" if table.snapshot else "reconstructed",
                "list": table.list_name,
                "units": [_rates(g) for g in table.units],
                "total": _rates(table.total),
                "by_list": [_rates(g) for g in table.by_list],
            }
        )
