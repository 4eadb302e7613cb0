"""Tables of monthly updates, problems, snapshots and snapshot rows; labels from the models' verbose names."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from ..models import MonthSnapshot, ProjectProblem, ProjectUpdate, SnapshotRow

_NUM = {"td": {"class": "text-end"}}


def _label(model: type, name: str) -> str:
    return model._meta.get_field(name).verbose_name  # type: ignore[attr-defined,no-any-return]


class ProjectUpdateTable(tables.Table):
    period = tables.Column(verbose_name=_("月份"), linkify=True, accessor="pk", order_by=("-year", "-month"))
    project = tables.Column(accessor="project__name", verbose_name=_label(ProjectUpdate, "project"))
    region = tables.Column(
        accessor="project__region__name", verbose_name=_("所属单位"), order_by=("project__region__path",)
    )
    investment_month = tables.Column(attrs=_NUM)
    investment_ytd = tables.Column(attrs=_NUM)

    class Meta:
        model = ProjectUpdate
        fields = ("period", "project", "region", "investment_month", "investment_ytd", "status", "submitted_at")
        order_by = ("-year", "-month")

    def render_period(self, record: ProjectUpdate) -> str:
        return f"{record.year}年{record.month}月"


class ProjectProblemTable(tables.Table):
    text = tables.Column(linkify=True)
    project = tables.Column(accessor="project__name", verbose_name=_label(ProjectProblem, "project"))
    region = tables.Column(
        accessor="project__region__name", verbose_name=_("所属单位"), order_by=("project__region__path",)
    )
    department = tables.Column(accessor="department__name", verbose_name=_label(ProjectProblem, "department"))

    class Meta:
        model = ProjectProblem
        fields = ("text", "project", "region", "kind", "department", "deadline", "status", "escalation_level")
        order_by = ("status", "deadline")

    def render_text(self, value: str) -> str:
        return value if len(value) <= 40 else value[:40] + "…"


class MonthSnapshotTable(tables.Table):
    period = tables.Column(verbose_name=_("月份"), linkify=True, accessor="pk", order_by=("-year", "-month"))
    region = tables.Column(
        accessor="region__name", verbose_name=_label(MonthSnapshot, "region"), order_by=("region__path",)
    )
    taken_by = tables.Column(accessor="taken_by", verbose_name=_label(MonthSnapshot, "taken_by"))

    class Meta:
        model = MonthSnapshot
        fields = ("period", "region", "project_count", "taken_at", "taken_by")
        order_by = ("-year", "-month")

    def render_period(self, record: MonthSnapshot) -> str:
        return f"{record.year}年{record.month}月"


class SnapshotRowTable(tables.Table):
    region = tables.Column(
        accessor="region__name", verbose_name=_label(SnapshotRow, "region"), order_by=("region__path", "pk")
    )
    total_investment = tables.Column(attrs=_NUM)
    year_plan = tables.Column(attrs=_NUM)
    investment_ytd = tables.Column(attrs=_NUM)

    class Meta:
        model = SnapshotRow
        fields = (
            "name",
            "code",
            "region",
            "project_type",
            "total_investment",
            "year_plan",
            "investment_ytd",
            "stage",
            "stars",
        )
        order_by = ("region", "-total_investment")
