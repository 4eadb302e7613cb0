"""The home page: an enterprise user's home shows its enterprise's panels — its requests, the policies it meets with
each criterion met or missed (issue 13: "the policies of an enterprise … on the enterprise user's home") and its
grants; staff do not get an enterprise's panels there."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.choices import Role
from enterprises.models import Industry
from policies import services
from tests.factories import DepartmentFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_an_enterprise_users_home_shows_its_matched_policies_with_each_criterion(client, regions, make_user):
    firm = EnterpriseFactory(region=regions["330481"], industry=Industry.objects.get(code="C34"), size_class="above")
    city = make_user(Role.CITY_STAFF, "330400")
    department = DepartmentFactory(region=regions["330400"])
    for title, code in (("装备制造技改补助", "C34"), ("纺织业转型补助", "C17")):
        policy = services.policy_create(
            data={"title": title, "department": department, "valid_from": dt.date(2019, 1, 1), "combine": "all"},
            actor=city,
        )
        services.policycriterion_create(data={"policy": policy, "kind": "industry", "values": [code]}, actor=city)
        services.policycriterion_create(data={"policy": policy, "kind": "size", "values": ["above"]}, actor=city)

    client.force_login(make_user(Role.ENTERPRISE_USER, "330481", enterprise=firm))
    page = client.get("/").content.decode()
    assert 'data-testid="enterprise-home"' in page and firm.name in page
    assert 'data-testid="panel-policies"' in page
    assert "装备制造技改补助" in page and "行业 C34 ✓ · 规上 ✓" in page
    assert "纺织业转型补助" not in page  # the panel lists the policies it meets

    client.force_login(city)
    assert 'data-testid="enterprise-home"' not in client.get("/").content.decode()
