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
