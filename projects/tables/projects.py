"""Tables of the library's pages (django-tables2); labels come from the models' verbose names."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from ..choices import Flag
from ..models import Project, ProjectCategory, ProjectList, StarGate

FLAG_LABELS = dict(Flag.choices)


def _label(model: type, name: str) -> str:
    return model._meta.get_field(name).verbose_name  # type: ignore[attr-defined,no-any-return]


def stars_html(stars: int) -> str:
    return format_html('<span class="text-warning" title="{}">{}</span>', stars, "★" * stars + "☆" * max(0, 5 - stars))


class ProjectTable(tables.Table):
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_label(Project, "enterprise"))
    region = tables.Column(
        accessor="region__name", verbose_name=_label(Project, "region"), order_by=("region__path", "pk")
    )
    # The pk breaks ties, so pages of equal amounts or stars stay stable between requests.
    name = tables.Column(linkify=True, order_by=("name", "pk"))
    total_investment = tables.Column(attrs={"td": {"class": "text-end"}}, order_by=("total_investment", "pk"))
    stars = tables.Column(order_by=("stars", "pk"))  # descending: -stars, -pk, a backward scan of (stars, id)
    stage = tables.Column(order_by=("stage", "pk"))
    flags = tables.Column(orderable=False)

    class Meta:
        model = Project
        fields = ("name", "code", "enterprise", "region", "project_type", "total_investment", "stage", "stars", "flags")
        # Largest first by default: the (-total_investment, id) index gives the first page without sorting the table.
        order_by = ("-total_investment",)

    def render_stars(self, value: int) -> str:
        return stars_html(value)

    def render_flags(self, value: list[str]) -> str:
        return format_html_join(
            " ", '<span class="badge bg-red-lt">{}</span>', ((FLAG_LABELS.get(f, f),) for f in value)
        )


class ProjectCategoryTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = ProjectCategory
        fields = ("order", "code", "name", "active")


class ProjectListTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = ProjectList
        fields = ("order", "code", "name", "min_total_investment", "active")


class StarGateTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = StarGate
        fields = ("order", "name", "node", "grace_days", "active")
