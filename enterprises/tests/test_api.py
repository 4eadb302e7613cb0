"""The enterprise API (/api/enterprises/): the same services, scope and history as the pages, with token auth."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.choices import Role
from enterprises.models import Enterprise, Tag
from tests.factories import EnterpriseFactory, valid_uscc

from .workbooks import wrong_check_char

pytestmark = pytest.mark.django_db

URL = "/api/enterprises/"


def token_client(user: Any) -> APIClient:
    token = Token.objects.create(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def payload(**overrides: Any) -> dict[str, Any]:
    data = {
        "uscc": valid_uscc("330481"),
        "name": "海宁接口有限公司",
        "region": "330481",
        "industry": "C34",
        "size_class": "above",
        "land_mu": "20.00",
        "employees": 150,
        "listed": False,
        "address": "海宁",
        "tags": [],
    }
    data.update(overrides)
    return data


def test_token_create_update_delete_each_record_history_with_the_actor(haining_reporter, city_staff, regions):
    Tag.objects.create(name="专精特新")
    api = token_client(haining_reporter)

    # create
    response = api.post(URL, payload(tags=["专精特新"]), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["region"], body["region_name"], body["industry"], body["tags"]) == (
        "330481",
        "海宁市",
        "C34",
        ["专精特新"],
    )
    enterprise = Enterprise.objects.get(pk=body["id"])
    created = enterprise.history.get(history_type="+")
    assert (created.history_user, created.history_change_reason, created.name) == (
        haining_reporter,
        "新增企业",
        "海宁接口有限公司",
    )

    # update (PATCH): before and after are both in the history
    response = api.patch(f"{URL}{enterprise.pk}/", {"employees": 180, "name": "海宁接口股份有限公司"}, format="json")
    assert response.status_code == 200, response.json()
    enterprise.refresh_from_db()
    assert (enterprise.employees, enterprise.name) == (180, "海宁接口股份有限公司")
    record = enterprise.history.order_by("-history_id").first()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "~",
        haining_reporter,
        "编辑企业",
    )
    delta = {c.field: (c.old, c.new) for c in record.diff_against(record.prev_record).changes}
    assert delta == {"employees": (150, 180), "name": ("海宁接口有限公司", "海宁接口股份有限公司")}

    # delete needs the delete permission (city staff has it, a unit reporter has not)
    assert api.delete(f"{URL}{enterprise.pk}/").status_code == 403
    staff = token_client(city_staff)
    assert staff.delete(f"{URL}{enterprise.pk}/").status_code == 204
    assert not Enterprise.objects.filter(pk=enterprise.pk).exists()
    deleted = Enterprise.history.filter(id=enterprise.pk, history_type="-").get()
    assert (deleted.history_user, deleted.history_change_reason, deleted.name) == (
        city_staff,
        "删除企业",
        "海宁接口股份有限公司",
    )


def test_session_auth_works_for_the_pages_javascript(client, haining_reporter, regions):
    client.force_login(haining_reporter)
    response = client.post(URL, payload(), content_type="application/json")
    assert response.status_code == 201
    assert Enterprise.objects.get(pk=response.json()["id"]).history.get().history_user == haining_reporter


def test_a_wrong_check_character_is_a_400_saying_the_expected_character(haining_reporter, regions):
    api = token_client(haining_reporter)
    bad, right = wrong_check_char(valid_uscc("330481"))
    response = api.post(URL, payload(uscc=bad), format="json")
    assert response.status_code == 400
    assert response.json()["uscc"] == [f"统一社会信用代码校验位错误：第18位应为“{right}”，实际为“{bad[17]}”"]
    assert not Enterprise.objects.exists() and not Enterprise.history.exists()


def test_scope_outside_region_is_404_and_moving_out_is_refused(haining_reporter, regions):
    nanhu = EnterpriseFactory(region=regions["330402"])
    own = EnterpriseFactory(region=regions["330481"])
    api = token_client(haining_reporter)

    assert api.get(f"{URL}{nanhu.pk}/").status_code == 404
    assert api.patch(f"{URL}{nanhu.pk}/", {"name": "x"}, format="json").status_code == 404
    assert [e["id"] for e in api.get(URL).json()["results"]] == [own.pk]

    # creating in, or moving an own enterprise to, another unit is rolled back by the service
    response = api.post(URL, payload(region="330402"), format="json")
    assert response.status_code == 400 and "不在您的数据范围内" in str(response.json())
    assert not Enterprise.objects.filter(region=regions["330402"]).exclude(pk=nanhu.pk).exists()
    response = api.patch(f"{URL}{own.pk}/", {"region": "330402"}, format="json")
    assert response.status_code == 400
    own.refresh_from_db()
    assert own.region == regions["330481"]
    assert not own.history.filter(history_type="~").exists()


def test_without_credentials_or_permission(make_user, regions):
    anonymous = APIClient().get(URL)
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"] == "Token"
    bad_token = APIClient()
    bad_token.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = bad_token.get(URL)
    assert response.status_code == 401 and "令牌" in response.json()["detail"]
    leader = token_client(make_user(Role.LEADER, "330400"))
    assert leader.get(URL).status_code == 200
    assert leader.post(URL, payload(), format="json").status_code == 403


def test_api_list_has_constant_queries_and_no_count(city_staff, regions):
    api = token_client(city_staff)
    tag = Tag.objects.create(name="链主")

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            response = api.get(URL + "?size_class=above&ordering=-name")
        assert response.status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    for _ in range(5):
        EnterpriseFactory(region=regions["330481"], size_class="above").tags.add(tag)
    few = queries()
    for _ in range(55):
        EnterpriseFactory(region=regions["330402"], size_class="above").tags.add(tag)
    many = queries()
    assert len(few) == len(many)
    assert not [sql for sql in many if "COUNT(" in sql.upper() and "enterprises_enterprise" in sql]
    body = api.get(URL + "?size_class=above").json()
    assert len(body["results"]) == 50 and body["next"] and body["results"][0]["tags"] == ["链主"]
