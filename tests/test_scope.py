"""Data scope end to end, on the enterprise registry (domain.md §1-2).

A 海宁 unit reporter sees 海宁 and its sub-units only, on every path: list, detail, export,
API, dashboard; 嘉善 answers as if it did not exist. City staff see the whole city. After a
save the object must still be in the actor's scope (a 海宁 reporter cannot move an enterprise
to 嘉善, by the form or the API). An enterprise user sees only their own enterprise; a
leader reads and never writes.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from accounts.choices import Role
from enterprises.models import Enterprise
from enterprises.services import enterprise_update
from regions.choices import RegionKind
from regions.models import Region
from tests.factories import EnterpriseFactory, valid_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(regions: dict[str, Any]) -> dict[str, Any]:
    """Given 海宁 with a sub-unit (a 街道), and enterprises in 海宁, the 街道, 嘉善 and 南湖."""
    town = Region.objects.add_child(
        regions["330481"], {"code": "330481001", "name": "硖石街道", "kind": RegionKind.TOWN}
    )
    return {
        "town": town,
        "haining": EnterpriseFactory(region=regions["330481"], name="海宁甲制造有限公司", size_class="above"),
        "haining_town": EnterpriseFactory(region=town, name="海宁乙制造有限公司", size_class="below"),
        "jiashan": EnterpriseFactory(region=regions["330421"], name="嘉善丙制造有限公司", size_class="above"),
        "nanhu": EnterpriseFactory(region=regions["330402"], name="南湖丁制造有限公司", size_class="below"),
    }


def names(objs: Any) -> set[str]:
    return {o.name for o in objs}


def list_names(client: Any) -> set[str]:
    response = client.get(reverse("enterprises:enterprise_list"))
    assert response.status_code == 200
    return names(response.context["view"].object_list)


def export_names(client: Any) -> set[str]:
    response = client.get(reverse("enterprises:enterprise_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[1]  # row 1 is the title, row 2 the headers
    name_col = header.index("企业名称")
    return {row[name_col] for row in rows[2:]}


def api_names(client: Any) -> set[str]:
    response = client.get("/api/enterprises/", {"page_size": 1000})
    assert response.status_code == 200
    return {row["name"] for row in response.json()["results"]}


def dashboard(client: Any) -> dict[str, Any]:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.context["figures"]["enterprises"]


def form_data(enterprise: Enterprise, **changes: Any) -> dict[str, Any]:
    data = {
        "uscc": enterprise.uscc,
        "name": enterprise.name,
        "region": enterprise.region_id,
        "industry": enterprise.industry_id or "",
        "size_class": enterprise.size_class,
        "land_mu": "",
        "employees": "",
        "address": "",
    }
    data.update(changes)
    return data


# --- a unit reporter of 海宁 ----------------------------------------------------------------------


def test_haining_reporter_sees_haining_and_its_subunits_only(client, world, haining_reporter):
    client.force_login(haining_reporter)
    haining = {"海宁甲制造有限公司", "海宁乙制造有限公司"}

    assert list_names(client) == haining
    assert export_names(client) == haining
    assert api_names(client) == haining
    figures = dashboard(client)
    assert figures["total"] == 2
    assert (figures["above"], figures["below"]) == (1, 1)
    assert {r["name"] for r in figures["by_region"]} == {"海宁市", "硖石街道"}


def test_haining_reporter_gets_404_for_jiashan_everywhere(client, world, haining_reporter):
    client.force_login(haining_reporter)
    jiashan = world["jiashan"]
    for name in ("enterprise_detail", "enterprise_edit"):
        response = client.get(reverse(f"enterprises:{name}", args=[jiashan.pk]))
        assert response.status_code == 404, name
    # Deleting is not the reporter's permission at all: 403 comes before the scope.
    assert client.get(reverse("enterprises:enterprise_delete", args=[jiashan.pk])).status_code == 403
    assert client.get(f"/api/enterprises/{jiashan.pk}/").status_code == 404
    assert client.patch(f"/api/enterprises/{jiashan.pk}/", {}, content_type="application/json").status_code == 404
    # …while the same pages answer for a 海宁 enterprise, also one in a sub-unit.
    for obj in (world["haining"], world["haining_town"]):
        assert client.get(reverse("enterprises:enterprise_detail", args=[obj.pk])).status_code == 200
        assert client.get(f"/api/enterprises/{obj.pk}/").status_code == 200


def test_a_region_filter_outside_the_scope_does_not_widen_it(client, world, haining_reporter, regions):
    client.force_login(haining_reporter)
    jiashan = regions["330421"].pk
    response = client.get(reverse("enterprises:enterprise_list"), {"region": jiashan})
    assert response.status_code == 200
    assert "嘉善丙制造有限公司" not in names(response.context["view"].object_list)
    assert "嘉善丙制造有限公司" not in response.content.decode()
    response = client.get(reverse("enterprises:enterprise_export"), {"region": jiashan})
    assert "嘉善丙制造有限公司".encode() not in b"".join(response.streaming_content)
    response = client.get("/api/enterprises/", {"region": jiashan})
    assert all(row["name"] != "嘉善丙制造有限公司" for row in response.json().get("results", []))


def test_city_staff_see_the_whole_city(client, world, city_staff):
    client.force_login(city_staff)
    everything = {"海宁甲制造有限公司", "海宁乙制造有限公司", "嘉善丙制造有限公司", "南湖丁制造有限公司"}
    assert list_names(client) == everything
    assert export_names(client) == everything
    assert api_names(client) == everything
    assert dashboard(client)["total"] == 4
    assert client.get(reverse("enterprises:enterprise_detail", args=[world["jiashan"].pk])).status_code == 200


# --- after a save, the object must still be in the actor's scope -------------------------------


def edit_into_jiashan(client, user, enterprise, regions):
    """The user submits the enterprise's edit form moving it to 嘉善 under a new name."""
    client.force_login(user)
    return client.post(
        reverse("enterprises:enterprise_edit", args=[enterprise.pk]),
        form_data(enterprise, region=regions["330421"].pk, name="改名后的公司"),
    )


def test_the_edit_form_offers_only_regions_in_scope(client, world, haining_reporter):
    client.force_login(haining_reporter)
    response = client.get(reverse("enterprises:enterprise_edit", args=[world["haining"].pk]))
    assert response.status_code == 200
    offered = {r.name for r in response.context["form"].fields["region"].queryset}
    assert offered == {"海宁市", "硖石街道"}


def test_moving_an_enterprise_to_jiashan_through_the_form_is_refused(client, world, haining_reporter, regions):
    enterprise = world["haining"]
    history_before = enterprise.history.count()

    response = edit_into_jiashan(client, haining_reporter, enterprise, regions)

    assert response.status_code == 200  # the form again, with the error
    assert response.context["form"].errors["region"]  # 嘉善 is not among the choices
    enterprise.refresh_from_db()
    assert enterprise.region_id == regions["330481"].pk
    assert enterprise.name == "海宁甲制造有限公司"
    assert enterprise.history.count() == history_before


def test_the_after_save_rule_holds_even_if_a_form_offered_too_much(
    client, world, haining_reporter, regions, monkeypatch
):
    """Defence in depth: were a form ever to offer 嘉善, the service's after-save check still refuses."""
    monkeypatch.setattr("regions.models.RegionQuerySet.in_scope_of", lambda self, user: self)
    enterprise = world["haining"]
    history_before = enterprise.history.count()

    response = edit_into_jiashan(client, haining_reporter, enterprise, regions)

    assert response.status_code == 200
    assert "数据范围" in str(response.context["form"].non_field_errors())
    enterprise.refresh_from_db()
    assert (enterprise.region_id, enterprise.name) == (regions["330481"].pk, "海宁甲制造有限公司")
    assert enterprise.history.count() == history_before


def test_creating_an_enterprise_in_jiashan_through_the_form_is_refused(client, world, haining_reporter, regions):
    client.force_login(haining_reporter)
    count = Enterprise.objects.count()
    data = {"uscc": valid_uscc("330421"), "name": "新公司", "region": regions["330421"].pk, "size_class": "below"}
    response = client.post(reverse("enterprises:enterprise_add"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["region"]
    assert Enterprise.objects.count() == count


def test_moving_an_enterprise_to_jiashan_through_the_api_is_refused(client, world, haining_reporter):
    enterprise = world["haining"]
    history_before = enterprise.history.count()
    client.force_login(haining_reporter)

    response = client.patch(
        f"/api/enterprises/{enterprise.pk}/",
        {"region": "330421", "name": "改名后的公司"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "数据范围" in str(response.json())
    enterprise.refresh_from_db()
    assert enterprise.region.code == "330481"
    assert enterprise.name == "海宁甲制造有限公司"
    assert enterprise.history.count() == history_before


def test_creating_an_enterprise_in_jiashan_through_the_api_is_refused(client, world, haining_reporter):
    client.force_login(haining_reporter)
    count = Enterprise.objects.count()
    response = client.post(
        "/api/enterprises/",
        {"uscc": valid_uscc("330421"), "name": "新公司", "region": "330421"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert Enterprise.objects.count() == count
    assert not Enterprise.objects.filter(name="新公司").exists()


def test_the_service_itself_checks_the_scope_after_saving(world, haining_reporter, regions):
    """The rule lives in the service, so every caller (form, API, import) gets it."""
    enterprise = world["haining"]
    with pytest.raises(ValidationError, match="数据范围"):
        enterprise_update(enterprise=enterprise, data={"region": regions["330421"]}, actor=haining_reporter)
    assert Enterprise.objects.get(pk=enterprise.pk).region_id == regions["330481"].pk
    # Within the scope the same service saves.
    enterprise_update(enterprise=enterprise, data={"region": world["town"]}, actor=haining_reporter)
    assert Enterprise.objects.get(pk=enterprise.pk).region_id == world["town"].pk


# --- an enterprise user, a leader --------------------------------------------------------------


def test_an_enterprise_user_sees_only_their_own_enterprise(client, world, make_user):
    user = make_user(Role.ENTERPRISE_USER, "330481", enterprise=world["haining"])
    client.force_login(user)
    own = {"海宁甲制造有限公司"}

    assert list_names(client) == own
    assert export_names(client) == own
    assert api_names(client) == own
    assert dashboard(client)["total"] == 1
    assert client.get(reverse("enterprises:enterprise_detail", args=[world["haining"].pk])).status_code == 200
    # A neighbour in the same county is as invisible as one in another county.
    for other in (world["haining_town"], world["jiashan"]):
        assert client.get(reverse("enterprises:enterprise_detail", args=[other.pk])).status_code == 404
        assert client.get(f"/api/enterprises/{other.pk}/").status_code == 404
    # Viewing is all the role may do with it.
    assert client.get(reverse("enterprises:enterprise_edit", args=[world["haining"].pk])).status_code == 403


def test_a_leader_reads_but_never_writes(client, world, make_user, regions):
    leader = make_user(Role.LEADER, "330481")
    enterprise = world["haining"]
    client.force_login(leader)

    assert list_names(client) == {"海宁甲制造有限公司", "海宁乙制造有限公司"}
    detail = client.get(reverse("enterprises:enterprise_detail", args=[enterprise.pk]))
    assert detail.status_code == 200
    assert detail.context["edit_url"] is None and detail.context["delete_url"] is None
    assert client.get(reverse("enterprises:enterprise_list")).context["links"]["add"] is None

    edit = reverse("enterprises:enterprise_edit", args=[enterprise.pk])
    delete = reverse("enterprises:enterprise_delete", args=[enterprise.pk])
    add = reverse("enterprises:enterprise_add")
    for url in (edit, delete, add, reverse("enterprises:enterprise_import")):
        assert client.get(url).status_code == 403, url
    assert client.post(edit, form_data(enterprise, name="领导改名")).status_code == 403
    assert client.post(delete).status_code == 403
    assert client.post(add, form_data(enterprise, uscc=valid_uscc("330481"), name="领导新增")).status_code == 403
    api = f"/api/enterprises/{enterprise.pk}/"
    assert client.patch(api, {"name": "领导改名"}, content_type="application/json").status_code == 403
    assert client.delete(api).status_code == 403
    assert (
        client.post(
            "/api/enterprises/",
            {"uscc": valid_uscc("330481"), "name": "领导新增", "region": "330481"},
            content_type="application/json",
        ).status_code
        == 403
    )

    enterprise.refresh_from_db()
    assert enterprise.name == "海宁甲制造有限公司"
    assert not Enterprise.objects.filter(name="领导新增").exists()
