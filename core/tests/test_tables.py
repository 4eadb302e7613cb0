"""The site's table template and the cached signatures give exactly what django-tables2 gives by itself."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.safestring import mark_safe
from django_tables2 import utils

from core import tables as core_tables
from enterprises.tables import EnterpriseTable
from projects.tables.projects import ProjectTable
from projects.tests.factories import ProjectFactory
from tests.factories import EnterpriseFactory

LIBRARY = "django_tables2/bootstrap5.html"
SITE = "tables/table.html"


class Everything(tables.Table):
    """Each way a cell can be drawn: render methods, linkify, callable and constant attributes, localize on and
    off, text that must be escaped, safe text, empty values, dates, aware datetimes (printed in local time, but not
    through the `localize` and `unlocalize` filters), decimals and callable row attributes."""

    name = tables.Column(attrs={"td": {"class": "text-nowrap", "data-id": lambda record: record["id"]}})
    amount = tables.Column(attrs={"td": {"class": "text-end"}}, localize=True)
    plain = tables.Column(localize=False)
    when = tables.DateColumn()
    safe = tables.Column()
    empty = tables.Column(default="—")
    computed = tables.Column(empty_values=())
    flag = tables.BooleanColumn()
    at = tables.Column()
    at_on = tables.Column(localize=True)
    at_off = tables.Column(localize=False)

    class Meta:
        attrs = {"class": "table", "td": {"class": "cell"}}
        row_attrs = {
            "data-row": lambda record: record["id"],
            "class": lambda record: "odd-one" if record["id"] % 2 else "",
        }

    def render_computed(self, record: dict[str, Any], value: Any) -> str:
        return f"#{record['id']}:{value}"


ROWS = [
    {
        "id": i,
        "name": f"<b>企业{i}</b> & Co",
        "amount": Decimal("1234567.891") * i,
        "plain": 1234567 * i,
        "when": datetime.date(2019, 12, i),
        "safe": mark_safe(f"<i>{i}</i>"),
        "empty": None if i % 2 else "有",
        "flag": bool(i % 2),
        **dict.fromkeys(("at", "at_on", "at_off"), datetime.datetime(2019, 12, i, 20, 30, tzinfo=datetime.UTC)),
    }
    for i in range(1, 8)
]


def tbody(table: tables.Table, template: str) -> str:
    request = RequestFactory().get("/")
    table.template_name = template
    html = Template("{% load django_tables2 %}{% render_table table %}").render(
        Context({"table": table, "request": request})
    )
    body = html[html.index("<tbody") : html.index("</tbody>")]
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", body)).strip()


def test_site_template_draws_every_kind_of_cell_like_the_library() -> None:
    library, site = tbody(Everything(ROWS), LIBRARY), tbody(Everything(ROWS), SITE)
    assert site == library
    assert "&lt;b&gt;企业1&lt;/b&gt; &amp; Co" in site and "<i>3</i>" in site and 'data-id="5"' in site


def test_site_template_draws_an_empty_table_like_the_library() -> None:
    table = Everything([], empty_text="没有记录")
    assert tbody(table, SITE) == tbody(Everything([], empty_text="没有记录"), LIBRARY)
    assert "没有记录" in tbody(table, SITE)


def test_site_template_draws_the_enterprise_and_project_lists_like_the_library(regions: Any) -> None:
    for project in ProjectFactory.create_batch(4):
        EnterpriseFactory(region=project.region)
    from enterprises.models import Enterprise
    from projects.models import Project

    for table_class, model in ((EnterpriseTable, Enterprise), (ProjectTable, Project)):
        rows = model.objects.all()
        site, library = tbody(table_class(rows), SITE), tbody(table_class(rows), LIBRARY)
        assert site == library
        assert site.count("<tr") == model.objects.count() >= 4


def test_cached_signature_equals_the_librarys() -> None:
    table = Everything(ROWS)
    callables = [
        table.render_computed,
        Everything.render_computed,
        tables.Column().render,
        tables.BooleanColumn().render,
        lambda record: record,
        lambda *args, **kwargs: None,
    ]
    for fn in callables:
        assert core_tables.signature(fn) == core_tables.library_signature(fn)
    assert utils.signature is core_tables.signature  # installed by core's AppConfig.ready


class ModelCells(tables.Table):
    """Each way a cell of a model record is drawn (the plans of core/templatetags/table_rows.py and what they leave
    to the library): a link to the record and to a related object, a path through a relation that may be null,
    choices on the record and across a relation, render methods taking the value, the record, the row or an
    argument the library does not know, a callable on the path, another column class, a path that does not
    resolve, an empty value with a default, text to escape, numbers localised or not, attributes of the row."""

    name = tables.Column(linkify=True, attrs={"td": {"data-pk": lambda record: record.pk}})
    enterprise = tables.Column(linkify=True, accessor="enterprise__name")
    industry = tables.Column(accessor="industry__name", default="无行业")
    size = tables.Column(accessor="enterprise__size_class")
    stage = tables.Column()
    project_type = tables.Column(linkify=True)
    total_investment = tables.Column(localize=True)
    land_mu = tables.Column(localize=False)
    stars = tables.Column()
    flags = tables.Column()
    code = tables.Column()
    url = tables.Column(accessor="get_absolute_url")
    active = tables.BooleanColumn()
    created = tables.DateTimeColumn(accessor="created_at")
    missing = tables.Column(accessor="enterprise__no_such_field", default="缺")
    description = tables.Column(empty_values=())

    class Meta:
        attrs = {"class": "table", "td": {"class": "cell"}}
        row_attrs = {"data-code": lambda record: record.code}

    def render_stars(self, value: int, record: Any) -> str:
        return f"{record.code}:{value}★"

    def render_flags(self, bound_row: Any, table: Any) -> str:
        return f"{bound_row.record.pk}/{type(table).__name__}"

    def render_code(self, value: str, unknown: Any) -> str:  # the library never calls it: the cell is None
        return "called"

    def render_description(self, value: str) -> str:
        return mark_safe(f"<em>{value or '空'}</em>")


def test_site_template_draws_model_cells_like_the_library(regions: Any) -> None:
    from projects.models import Project

    projects = ProjectFactory.create_batch(5)
    projects[0].industry = None
    projects[0].name = "<b>年产</b> & 项目"
    projects[0].description = ""
    projects[0].save()
    rows = Project.objects.select_related("enterprise", "industry").order_by("pk")
    site, library = tbody(ModelCells(rows), SITE), tbody(ModelCells(rows), LIBRARY)
    assert site == library
    assert "&lt;b&gt;年产&lt;/b&gt; &amp; 项目" in site and "无行业" in site and "缺" in site and "<em>空</em>" in site
    assert site.count("<tr") == 5 and "called" not in site


def test_cell_plans_draw_the_plain_columns_and_leave_the_rest_to_the_library(regions: Any) -> None:
    from core.templatetags.table_rows import _plans
    from projects.models import Project

    ProjectFactory()
    table = ModelCells(Project.objects.all())
    plans = _plans(table, list(table.columns), Project.objects.first())
    asked_of_library = sorted(name for name, plan in plans.items() if plan is None)
    assert asked_of_library == ["created"]  # another column class; the rest are planned (or ask cell by cell)
    from enterprises.models import Enterprise

    # choices: the labels of Django's own get_FOO_display, translated once per table
    assert plans["stage"].labels(Project) is not None and plans["size"].labels(Enterprise) is not None
    own = type("Own", (), {"get_stage_display": lambda self: "自定义"})  # a model's own get_FOO_display …
    assert plans["stage"].labels(own) is None  # … is called as the library calls it
