"""Every main page answers for the city admin (a broken template or view fails here first)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import EnterpriseFactory

PAGES = [
    "home",
    "enterprises:enterprise_list",
    "enterprises:enterprise_add",
    "enterprises:enterprise_import",
    "enterprises:enterprise_export",
    "enterprises:enterprise_import_template",
    "enterprises:industry_list",
    "enterprises:tag_list",
    "regions:region_list",
    "regions:region_import",
    "regions:department_list",
    "accounts:user_list",
    "accounts:role_list",
    "audit:operation_log",
    "jobs:job_list",
    "api_schema",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_page_answers(client, city_admin, regions, name):
    EnterpriseFactory(region=regions["330481"])
    client.force_login(city_admin)
    response = client.get(reverse(name))
    assert response.status_code == 200, response.content[:2000]


@pytest.mark.django_db
def test_enterprise_detail_shows_fields_and_history(client, city_admin, regions):
    enterprise = EnterpriseFactory(region=regions["330481"], name="海宁示例有限公司")
    client.force_login(city_admin)
    response = client.get(enterprise.get_absolute_url())
    assert response.status_code == 200
    assert "海宁示例有限公司" in response.content.decode()
    assert enterprise.uscc in response.content.decode()


@pytest.mark.django_db
def test_login_page_is_chinese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "登录您的账号" in response.content.decode()
