"""Detail-page panels contributed by other apps: the one-enterprise view grows by registration."""

from __future__ import annotations

import pytest

from accounts.choices import Role
from tests.factories import EnterpriseFactory


@pytest.mark.django_db
def test_enterprise_page_shows_the_accounts_panel_to_admins_only(client, regions, make_user, city_admin):
    enterprise = EnterpriseFactory(region=regions["330481"])
    make_user(Role.ENTERPRISE_USER, "330481", enterprise=enterprise, username="qiye_login")

    client.force_login(city_admin)
    page = client.get(enterprise.get_absolute_url()).content.decode()
    assert 'data-testid="panel-enterprise-users"' in page
    assert "qiye_login" in page

    client.force_login(make_user(Role.UNIT_REPORTER, "330481"))
    page = client.get(enterprise.get_absolute_url()).content.decode()
    assert 'data-testid="panel-enterprise-users"' not in page
    assert "qiye_login" not in page


def _source_panels(label):
    from core import panels

    return [p for p in panels.registered(label) if p.sources]


def _attach(source, obj, region):
    """A row of the source's table that belongs to `obj` (built by the permission matrix's factory, then pointed at
    `obj` through the source's foreign key)."""
    from django.apps import apps

    from tests.factories import FACTORIES, matrix_factory

    app_label, model_name, *column = source.split(".")
    model = apps.get_model(app_label, model_name)
    row = matrix_factory(FACTORIES[model]).build(region, None)
    if column:
        model.objects.filter(pk=row.pk).update(**{column[0]: obj})
    return row


def _reads(source, sql):
    """Whether a query reads the source's rows: filters its table by the foreign key, or reads a table panel."""
    from django.apps import apps

    app_label, model_name, *column = source.split(".")
    opts = apps.get_model(app_label, model_name)._meta
    if column:
        return f'"{opts.db_table}"."{opts.get_field(column[0]).column}" =' in sql
    return f'FROM "{opts.db_table}"' in sql


@pytest.mark.django_db
@pytest.mark.parametrize("label", ["enterprises.enterprise", "projects.project"])
def test_a_panel_without_rows_shows_what_its_context_function_gives_for_none(regions, city_admin, label):
    """The existence test may skip a panel's context function only because the function would give `empty`."""
    from projects.tests.factories import ProjectFactory

    obj = EnterpriseFactory(region=regions["330481"]) if label == "enterprises.enterprise" else ProjectFactory()
    checked = _source_panels(label)
    assert checked, label
    for panel in checked:
        assert panel.context(obj, city_admin) == dict(panel.empty), panel.template


@pytest.mark.django_db
def test_the_enterprise_page_asks_each_empty_panel_nothing_and_every_panel_the_same_queries_for_1_and_3_rows(
    client, regions, city_admin
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    enterprise = EnterpriseFactory(region=regions["330481"])
    client.force_login(city_admin)
    url = enterprise.get_absolute_url()
    client.get(url)  # per-process caches

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    sources = {s for p in _source_panels("enterprises.enterprise") for s in p.sources}
    empty = queries()
    for sql in empty:  # one existence test, no panel's own query
        assert sql.startswith("SELECT EXISTS") or not any(_reads(source, sql) for source in sources), sql
    for source in sources:
        _attach(source, enterprise, regions["330481"])
    one = queries()
    assert len(one) > len(empty)
    for source in sources:
        _attach(source, enterprise, regions["330481"])
        _attach(source, enterprise, regions["330481"])
    assert len(queries()) == len(one), "\n".join(queries())


@pytest.mark.django_db
def test_a_row_out_of_the_users_scope_is_not_shown_though_the_existence_test_finds_it(client, regions, make_user):
    """The existence test is in no one's scope; what the panel shows is still its own scoped query's."""
    from appeals.models import Appeal

    enterprise = EnterpriseFactory(region=regions["330481"])
    appeal = _attach("appeals.appeal.enterprise", enterprise, regions["330482"])
    Appeal.objects.filter(pk=appeal.pk).update(region=regions["330482"], title="平湖受理的诉求")
    user = make_user(Role.UNIT_REPORTER, "330481")
    assert user.has_perm("appeals.view_appeal")
    assert not Appeal.objects.visible_to(user).filter(pk=appeal.pk).exists()

    client.force_login(user)
    page = client.get(enterprise.get_absolute_url()).content.decode()
    assert 'data-testid="panel-appeals"' in page
    assert "平湖受理的诉求" not in page
    client.force_login(make_user(Role.UNIT_REPORTER, "330482"))  # who sees the request does not see the enterprise
    assert client.get(enterprise.get_absolute_url()).status_code == 404
