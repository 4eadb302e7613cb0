"""The shared declarations the domain apps are built on: a model's plural name and its text, a column that links
its row's page, a form whose foreign-key choices follow the user's scope."""

from __future__ import annotations

import django_tables2 as tables
from django.apps import apps
from django.test import RequestFactory
from django.urls import reverse

from accounts.choices import Role
from core.models import ScopedModel, address_of
from core.tables import RowLinkColumn
from enterprises.models import Enterprise
from mujun.forms import ListEntryForm
from mujun.models import ListEntry
from policies.models import Policy
from projects.models import Project, ProjectUpdate
from tests.factories import EnterpriseFactory


def test_every_domain_model_is_called_the_same_in_the_plural():
    """Chinese has no plural: without DomainModelBase, Django would call a list of 企业 "企业s"."""
    domain = [m for m in apps.get_models() if issubclass(m, ScopedModel)]
    assert len(domain) > 80
    wrong = [m.__name__ for m in domain if str(m._meta.verbose_name_plural) != str(m._meta.verbose_name)]
    assert wrong == []
    assert str(Enterprise._meta.verbose_name_plural) == "企业"


def test_a_row_is_called_by_its_name_or_else_its_title():
    assert str(Enterprise(name="嘉兴市某某机械有限公司")) == "嘉兴市某某机械有限公司"
    assert str(Policy(title="规上装备制造技改补助")) == "规上装备制造技改补助"
    project = Project(name="年产10万吨新材料项目")
    assert str(ProjectUpdate(project=project, year=2019, month=5)) == "年产10万吨新材料项目 · 2019年5月"  # its own


def test_a_row_link_column_links_the_rows_page_not_the_cells_object(regions):
    enterprise = EnterpriseFactory(region=regions["330481"], name="甲企业")
    entry = ListEntry.objects.create(year=2019, enterprise=enterprise, kind="veto", reason="安全生产事故")

    class Entries(tables.Table):
        enterprise = RowLinkColumn(accessor="enterprise__name")

        class Meta:
            model = ListEntry
            fields = ("enterprise",)

    table = Entries([entry])
    table.request = RequestFactory().get("/")
    cell = table.rows[0].get_cell("enterprise")
    assert entry.get_absolute_url() != enterprise.get_absolute_url()
    assert f'href="{entry.get_absolute_url()}"' in cell and "甲企业" in cell


def test_a_scoped_foreign_key_offers_only_the_rows_the_user_sees(regions, make_user):
    own = EnterpriseFactory(region=regions["330481"], name="海宁企业")
    other = EnterpriseFactory(region=regions["330421"], name="嘉善企业")
    county = make_user(role=Role.UNIT_REPORTER, region="330481")
    city = make_user(role=Role.CITY_STAFF, region="330400")

    offered = set(ListEntryForm(user=county).fields["enterprise"].queryset)
    assert own in offered and other not in offered
    assert {own, other} <= set(ListEntryForm(user=city).fields["enterprise"].queryset)
    form = ListEntryForm(user=county, data={"year": 2019, "enterprise": other.pk, "kind": "veto", "reason": "x"})
    assert not form.is_valid() and "enterprise" in form.errors


def test_an_address_reversed_once_serves_every_key():
    address = address_of("enterprises:enterprise_detail")
    for key in (1, 70, 9_876_543_210, 12345678901):
        assert address(key) == reverse("enterprises:enterprise_detail", args=[key])
