"""Search pickers: choosing an enterprise or a project is a search box; its suggestions come from a scoped endpoint."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from accounts.choices import Role
from projects.forms.updates import ProjectProblemForm
from projects.tests.factories import ProjectFactory
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(regions: dict[str, Any]) -> dict[str, Any]:
    haining = EnterpriseFactory(region=regions["330481"], name="海宁搜索测试纺织有限公司")
    jiashan = EnterpriseFactory(region=regions["330421"], name="嘉善搜索测试纺织有限公司")
    project = ProjectFactory(
        region=regions["330481"], enterprise=haining, name="年产五万吨纺织技改项目", code="2019-330481-17-03-000001"
    )
    other = ProjectFactory(region=regions["330421"], enterprise=jiashan, name="嘉善纺织技改项目")
    return {"haining": haining, "jiashan": jiashan, "project": project, "other": other}


def results(client: Any, name: str, q: str) -> list[dict[str, str]]:
    response = client.get(reverse(name), {"q": q})
    assert response.status_code == 200
    return response.json()["results"]


def test_enterprise_search_by_name_code_and_unit_within_scope(
    client: Any, make_user: Any, data: dict[str, Any]
) -> None:
    client.force_login(make_user(Role.UNIT_REPORTER, "330481"))
    assert [r["text"] for r in results(client, "enterprises:enterprise_search", "搜索测试")] == [data["haining"].name]
    assert results(client, "enterprises:enterprise_search", data["jiashan"].uscc) == []  # another unit's: not offered
    by_code = results(client, "enterprises:enterprise_search", data["haining"].uscc[:12])
    assert by_code[0]["uscc"] == data["haining"].uscc and "海宁市" in by_code[0]["detail"]
    assert results(client, "enterprises:enterprise_search", "海宁 纺织")[0]["value"] == str(data["haining"].pk)


def test_project_search_by_code_and_enterprise(client: Any, make_user: Any, data: dict[str, Any]) -> None:
    client.force_login(make_user(Role.CITY_STAFF, "330400"))
    assert [r["text"] for r in results(client, "projects:project_search", "330481-17")] == [data["project"].name]
    assert {r["text"] for r in results(client, "projects:project_search", "纺织技改")} == {
        data["project"].name,
        data["other"].name,
    }
    client.force_login(make_user(Role.UNIT_REPORTER, "330481"))
    assert [r["text"] for r in results(client, "projects:project_search", "纺织技改")] == [data["project"].name]


def test_an_enterprise_user_finds_only_their_own(client: Any, make_user: Any, data: dict[str, Any]) -> None:
    client.force_login(make_user(Role.ENTERPRISE_USER, "330481", enterprise=data["haining"]))
    assert [r["text"] for r in results(client, "enterprises:enterprise_search", "纺织")] == [data["haining"].name]
    client.logout()
    assert client.get(reverse("enterprises:enterprise_search"), {"q": "纺织"}).status_code == 302


def test_the_form_draws_a_search_box_with_the_chosen_option_only(make_user: Any, data: dict[str, Any]) -> None:
    user = make_user(Role.UNIT_REPORTER, "330481")
    ProjectFactory.create_batch(3, region=data["project"].region)
    form = ProjectProblemForm(user=user, initial={"project": data["project"].pk})
    html = str(form["project"])
    assert f'data-search-url="{reverse("projects:project_search")}"' in html
    assert html.count("<option") == 2  # the empty choice and the chosen project, not every project
    assert data["project"].name in html
    # The field still refuses what the user may not choose.
    bound = ProjectProblemForm(user=user, data={"project": data["other"].pk, "kind": "land", "text": "x"})
    assert not bound.is_valid() and "project" in bound.errors
