from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import AssessmentResult, Duty, DutyProgress, ScoringScheme


def _label(model: type, name: str) -> str:
    return model._meta.get_field(name).verbose_name  # type: ignore[attr-defined,no-any-return]


class ScoringSchemeTable(tables.Table):
    name = tables.Column(linkify=True)
    plan = tables.Column(accessor="plan__title", verbose_name=_label(ScoringScheme, "plan"))
    published = tables.BooleanColumn(verbose_name=_("已发布"), accessor="is_published", orderable=False)

    class Meta:
        model = ScoringScheme
        fields = ("name", "year", "plan", "total_points", "computed_at", "published")
        order_by = ("-year",)


class AssessmentResultTable(tables.Table):
    rank = tables.Column(linkify=True)
    region = tables.Column(accessor="region__name", verbose_name=_label(AssessmentResult, "region"))
    scheme = tables.Column(accessor="scheme__name", verbose_name=_label(AssessmentResult, "scheme"))
    year = tables.Column(accessor="scheme__year", verbose_name=_("考核年度"))

    class Meta:
        model = AssessmentResult
        fields = ("rank", "region", "total", "max_points", "scheme", "year", "computed_at")
        order_by = ("scheme", "rank")


class DutyTable(tables.Table):
    text = tables.Column(linkify=True)
    department = tables.Column(accessor="department__name", verbose_name=_label(Duty, "department"))
    plan = tables.Column(accessor="plan__title", verbose_name=_label(Duty, "plan"))

    class Meta:
        model = Duty
        fields = ("department", "text", "role", "plan", "order")


class DutyProgressTable(tables.Table):
    duty = tables.Column(accessor="duty__text", verbose_name=_label(DutyProgress, "duty"), linkify=False)
    department = tables.Column(accessor="duty__department__name", verbose_name=_("责任部门"))
    period = tables.Column(verbose_name=_("季度"), accessor="quarter", order_by=("year", "quarter"), linkify=True)
    note = tables.Column(verbose_name=_label(DutyProgress, "note"), orderable=False)

    class Meta:
        model = DutyProgress
        fields = ("department", "duty", "year", "period", "status", "note", "updated_at")

    def render_period(self, record: DutyProgress) -> str:
        return str(record.get_quarter_display())

    def render_note(self, value: str) -> str:
        return value if len(value) <= 60 else value[:60] + "…"
