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
