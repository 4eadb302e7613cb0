"""FilterSets of monthly updates, problems, snapshots and snapshot rows, shared by the HTML lists and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core import clock
from core.filters import FilterSet, YesNoFilter
from core.i18n import lazy_percent
from regions.models import Department, Region

from ..choices import ProblemKind, ProblemStatus, Stage, UpdateStatus
from ..models import MonthSnapshot, ProjectPhoto, ProjectProblem, ProjectUpdate, SnapshotRow
from ..problems import OPEN_STATUSES
from .projects import _lists, _units

MONTH_CHOICES = [(m, lazy_percent("%d月", m)) for m in range(1, 13)]


def _under(queryset: QuerySet[Any], path: str, region: Region | None) -> QuerySet[Any]:
    return queryset.filter(**{f"{path}__path__startswith": region.path}) if region is not None else queryset


def _departments(request: Any) -> QuerySet[Department]:
    user = getattr(request, "user", None)
    return Department.objects.visible_to(user) if user is not None else Department.objects.none()  # type: ignore[attr-defined, no-any-return]


class ProjectUpdateFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("项目"), method="filter_q")
    unit = django_filters.ModelChoiceFilter(label=_("所属单位"), queryset=_units, method="filter_unit")
    year = django_filters.NumberFilter(label=_("年度"))
    month = django_filters.ChoiceFilter(label=_("月份"), choices=MONTH_CHOICES)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=UpdateStatus.choices)
    project = django_filters.NumberFilter(label=_("项目ID"), field_name="project_id")

    class Meta:
        model = ProjectUpdate
        fields = ["q", "unit", "year", "month", "status", "project"]

    def filter_q(self, queryset: QuerySet[ProjectUpdate], name: str, value: str) -> QuerySet[ProjectUpdate]:
        return (
            queryset.filter(Q(project__name__icontains=value) | Q(project__code__icontains=value))
            if value
            else queryset
        )

    def filter_unit(
        self, queryset: QuerySet[ProjectUpdate], name: str, value: Region | None
    ) -> QuerySet[ProjectUpdate]:
        return _under(queryset, "project__region", value)


class ProjectPhotoFilterSet(FilterSet):
    update = django_filters.NumberFilter(label=_("月度进展ID"), field_name="update_id")

    class Meta:
        model = ProjectPhoto
        fields = ["update"]


class ProjectProblemFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")
    unit = django_filters.ModelChoiceFilter(label=_("所属单位"), queryset=_units, method="filter_unit")
    kind = django_filters.ChoiceFilter(label=_("问题类型"), choices=ProblemKind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ProblemStatus.choices)
    department = django_filters.ModelChoiceFilter(label=_("责任部门"), queryset=_departments)
    overdue = YesNoFilter(label=_("已逾期"), method="filter_overdue")
    escalated = YesNoFilter(label=_("已督办"), method="filter_escalated")
    project = django_filters.NumberFilter(label=_("项目ID"), field_name="project_id")

    class Meta:
        model = ProjectProblem
        fields = ["q", "unit", "kind", "status", "department", "overdue", "escalated", "project"]

    def filter_q(self, queryset: QuerySet[ProjectProblem], name: str, value: str) -> QuerySet[ProjectProblem]:
        return queryset.filter(Q(text__icontains=value) | Q(project__name__icontains=value)) if value else queryset

    def filter_unit(
        self, queryset: QuerySet[ProjectProblem], name: str, value: Region | None
    ) -> QuerySet[ProjectProblem]:
        return _under(queryset, "project__region", value)

    def filter_overdue(
        self, queryset: QuerySet[ProjectProblem], name: str, value: bool | None
    ) -> QuerySet[ProjectProblem]:
        if value is None:
            return queryset
        overdue = Q(status__in=OPEN_STATUSES, deadline__lt=clock.today())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_escalated(
        self, queryset: QuerySet[ProjectProblem], name: str, value: bool | None
    ) -> QuerySet[ProjectProblem]:
        if value is None:
            return queryset
        return queryset.filter(escalation_level__gt=0) if value else queryset.filter(escalation_level=0)


class MonthSnapshotFilterSet(FilterSet):
    year = django_filters.NumberFilter(label=_("年度"))
    month = django_filters.ChoiceFilter(label=_("月份"), choices=MONTH_CHOICES)

    class Meta:
        model = MonthSnapshot
        fields = ["year", "month"]


class SnapshotRowFilterSet(FilterSet):
    snapshot = django_filters.NumberFilter(label=_("快照ID"), field_name="snapshot_id")
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")
    unit = django_filters.ModelChoiceFilter(label=_("所属单位"), queryset=_units, method="filter_unit")
    stage = django_filters.ChoiceFilter(label=_("阶段"), choices=Stage.choices)
    list = django_filters.ModelChoiceFilter(label=_("所属清单"), queryset=_lists, method="filter_list")
    stars = django_filters.NumberFilter(label=_("星级"))

    class Meta:
        model = SnapshotRow
        fields = ["snapshot", "q", "unit", "stage", "list", "stars"]

    def filter_q(self, queryset: QuerySet[SnapshotRow], name: str, value: str) -> QuerySet[SnapshotRow]:
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value)) if value else queryset

    def filter_unit(self, queryset: QuerySet[SnapshotRow], name: str, value: Region | None) -> QuerySet[SnapshotRow]:
        return _under(queryset, "region", value)

    def filter_list(self, queryset: QuerySet[SnapshotRow], name: str, value: Any) -> QuerySet[SnapshotRow]:
        if value is None:
            return queryset
        # list_ids is a JSON array; SQLite has no JSON containment lookup, so the ids are matched here.
        ids = [row_id for row_id, ids in queryset.values_list("pk", "list_ids") if value.pk in (ids or [])]
        return queryset.filter(pk__in=ids)


def default_month(today: dt.date | None = None) -> tuple[int, int]:
    """The month the pages open on: the previous month (the one the units are reporting)."""
    today = today or clock.today()
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
