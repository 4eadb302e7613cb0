"""Enterprise pages: create, edit and delete through the forms (with history), the list and the Excel export."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.choices import Role
from enterprises.models import Enterprise, Industry, Tag
from tests.factories import EnterpriseFactory, TagFactory, valid_uscc

from .workbooks import wrong_check_char

pytestmark = pytest.mark.django_db


def form_data(region: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "uscc": valid_uscc(region.code),
        "name": "嘉兴新材料有限公司",
        "region": region.pk,
        "industry": Industry.objects.get(code="C34").pk,
        "size_class": "above",
        "land_mu": "35.50",
        "employees": "210",
        "listed": "",
        "address": "海宁市经编园区",
        "tags": [],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def last_record(enterprise_pk: int) -> Any:
    return Enterprise.history.filter(id=enterprise_pk).order_by("-history_id").first()


# --- create / edit / delete through the pages, each with its history record -------------------


def test_create_through_the_form_records_the_actor_and_the_new_values(client, haining_reporter, regions):
    tag = TagFactory(name="专精特新")
    client.force_login(haining_reporter)
    data = form_data(regions["330481"], tags=[tag.pk])

    response = client.post(reverse("enterprises:enterprise_add"), data)

    enterprise = Enterprise.objects.get(uscc=data["uscc"])
    assert response.status_code == 302 and response["Location"] == enterprise.get_absolute_url()
    assert (enterprise.name, enterprise.region, enterprise.land_mu, enterprise.employees) == (
        "嘉兴新材料有限公司",
        regions["330481"],
        Decimal("35.50"),
        210,
    )
    assert list(enterprise.tags.all()) == [tag]
    created = enterprise.history.get(history_type="+")
    assert created.history_user == haining_reporter
    assert created.history_change_reason == "新增企业"
    assert (created.name, created.uscc, created.region_id) == ("嘉兴新材料有限公司", data["uscc"], regions["330481"].pk)
    assert all(r.history_user == haining_reporter for r in enterprise.history.all())

    # the detail page shows the record: who, and the values as new
    page = client.get(enterprise.get_absolute_url()).content.decode()
    history = page[page.index('data-testid="history"') :]
    assert "haining_reporter" in history and "新增企业" in history
    assert "企业名称：</span>— → 嘉兴新材料有限公司" in history


def test_edit_through_the_form_records_before_and_after(client, haining_reporter, regions):
    enterprise = EnterpriseFactory(region=regions["330481"], name="旧名称有限公司", employees=50)
    client.force_login(haining_reporter)
    data = form_data(regions["330481"], uscc=enterprise.uscc, name="新名称有限公司", employees="75")

    response = client.post(reverse("enterprises:enterprise_edit", args=[enterprise.pk]), data)

    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert (enterprise.name, enterprise.employees) == ("新名称有限公司", 75)
    record = last_record(enterprise.pk)
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "~",
        haining_reporter,
        "编辑企业",
    )
    delta = {c.field: (c.old, c.new) for c in record.diff_against(record.prev_record).changes}
    assert delta["name"] == ("旧名称有限公司", "新名称有限公司")
    assert delta["employees"] == (50, 75)

    page = client.get(enterprise.get_absolute_url()).content.decode()
    assert "企业名称：</span>旧名称有限公司 → 新名称有限公司" in page
    assert "从业人员（人）：</span>50 → 75" in page


def test_delete_through_the_page_records_the_actor_and_the_last_state(client, city_staff, regions):
    enterprise = EnterpriseFactory(region=regions["330402"], name="将注销有限公司")
    pk = enterprise.pk
    client.force_login(city_staff)
    assert client.get(reverse("enterprises:enterprise_delete", args=[pk])).status_code == 200

    response = client.post(reverse("enterprises:enterprise_delete", args=[pk]))

    assert response.status_code == 302 and response["Location"] == reverse("enterprises:enterprise_list")
    assert not Enterprise.objects.filter(pk=pk).exists()
    record = last_record(pk)
    assert (record.history_type, record.history_user, record.history_change_reason) == ("-", city_staff, "删除企业")
    assert record.name == "将注销有限公司"


def test_a_wrong_check_character_is_explained_on_the_form(client, haining_reporter, regions):
    client.force_login(haining_reporter)
    bad, right = wrong_check_char(valid_uscc("330481"))
    response = client.post(reverse("enterprises:enterprise_add"), form_data(regions["330481"], uscc=bad))
    assert response.status_code == 200
    assert f"第18位应为“{right}”" in response.content.decode()
    assert not Enterprise.objects.exists()
    assert not Enterprise.history.exists()


def test_a_duplicate_code_is_refused_on_the_form(client, haining_reporter, regions):
    existing = EnterpriseFactory(region=regions["330481"])
    client.force_login(haining_reporter)
    response = client.post(reverse("enterprises:enterprise_add"), form_data(regions["330481"], uscc=existing.uscc))
    assert response.status_code == 200
    assert "已存在" in response.content.decode()
    assert Enterprise.objects.count() == 1


def test_a_unit_cannot_create_or_move_an_enterprise_outside_its_region(client, haining_reporter, regions):
    client.force_login(haining_reporter)
    response = client.post(reverse("enterprises:enterprise_add"), form_data(regions["330402"]))
    assert response.status_code == 200 and not Enterprise.objects.exists()

    own = EnterpriseFactory(region=regions["330481"])
    response = client.post(
        reverse("enterprises:enterprise_edit", args=[own.pk]), form_data(regions["330402"], uscc=own.uscc)
    )
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.region == regions["330481"]
    assert not own.history.filter(history_type="~").exists()


def test_pages_answer_403_without_permission_and_404_outside_the_scope(client, make_user, haining_reporter, regions):
    nanhu = EnterpriseFactory(region=regions["330402"])
    own = EnterpriseFactory(region=regions["330481"])
    client.force_login(haining_reporter)
    for name in ("enterprise_detail", "enterprise_edit"):
        assert client.get(reverse(f"enterprises:{name}", args=[nanhu.pk])).status_code == 404
        assert client.get(reverse(f"enterprises:{name}", args=[own.pk])).status_code == 200
    # a unit reporter may not delete at all
    assert client.post(reverse("enterprises:enterprise_delete", args=[own.pk])).status_code == 403
    assert Enterprise.objects.filter(pk=own.pk).exists()

    leader = make_user(Role.LEADER, "330400")
    client.force_login(leader)
    assert client.get(reverse("enterprises:enterprise_add")).status_code == 403
    assert client.get(reverse("enterprises:enterprise_detail", args=[nanhu.pk])).status_code == 200


# --- the list page ----------------------------------------------------------------------------


def _make_enterprises(regions: dict[str, Any], n: int) -> None:
    tags = [TagFactory(), TagFactory()]
    codes = ["330402", "330481", "330483", "330400-ETDZ"]
    for i in range(n):
        e = EnterpriseFactory(region=regions[codes[i % len(codes)]], size_class="above" if i % 2 else "below")
        e.tags.set(tags[: i % 3])


def _list_queries(client: Any, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize(
    "query",
    ["", "?size_class=above&sort=-name", "?q=测试&page=2", "?sort=region"],
    ids=["plain", "filtered", "search", "by-region"],
)
def test_list_page_runs_the_same_queries_for_5_and_60_enterprises_and_never_counts(client, city_staff, regions, query):
    client.force_login(city_staff)
    url = reverse("enterprises:enterprise_list") + query.replace("page=2", "page=1")
    _make_enterprises(regions, 5)
    client.get(url)  # warm up per-process caches (content types, permissions are per request anyway)
    few = _list_queries(client, url)
    _make_enterprises(regions, 55)
    many = _list_queries(client, url)
    assert len(few) == len(many), "\n".join(many)
    for sql in many:
        assert "COUNT(" not in sql.upper() or "enterprises_enterprise" not in sql, sql
    # the page's rows come from one query (with region and industry joined), run once
    rows = [sql for sql in many if sql.startswith('SELECT "enterprises_enterprise"."id"')]
    assert len(rows) == 1, rows
    assert 'JOIN "regions_region"' in rows[0] and "LIMIT 51" in rows[0]


def test_list_page_shows_50_rows_a_page_with_region_and_industry_names(client, city_staff, regions):
    _make_enterprises(regions, 60)
    client.force_login(city_staff)
    first = client.get(reverse("enterprises:enterprise_list"))
    second = client.get(reverse("enterprises:enterprise_list") + "?page=2")
    rows_first = first.context["table"].page.object_list
    rows_second = second.context["table"].page.object_list
    assert len(rows_first) == 50 and len(list(rows_second)) == 10
    html = first.content.decode()
    assert "海宁市" in html and "南湖区" in html
    names = [r.record.name for r in rows_first] + [r.record.name for r in rows_second]
    assert names == sorted(Enterprise.objects.values_list("name", flat=True))


def test_list_is_limited_to_the_users_region_and_filters_by_region_subtree(
    client, haining_reporter, city_staff, regions
):
    haining = EnterpriseFactory(region=regions["330481"], name="海宁甲")
    EnterpriseFactory(region=regions["330402"], name="南湖乙")
    client.force_login(haining_reporter)
    names = [
        r.record.name for r in client.get(reverse("enterprises:enterprise_list")).context["table"].page.object_list
    ]
    assert names == [haining.name]

    client.force_login(city_staff)
    url = reverse("enterprises:enterprise_list") + f"?region={regions['330481'].pk}"
    names = [r.record.name for r in client.get(url).context["table"].page.object_list]
    assert names == ["海宁甲"]
    url = reverse("enterprises:enterprise_list") + f"?region={regions['330400'].pk}"  # the city: its whole subtree
    names = [r.record.name for r in client.get(url).context["table"].page.object_list]
    assert names == ["南湖乙", "海宁甲"]


# --- the Excel export -------------------------------------------------------------------------


def _export(client: Any, query: str = "") -> Any:
    response = client.get(reverse("enterprises:enterprise_export") + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(BytesIO(b"".join(response.streaming_content))).active


def test_export_heads_columns_with_verbose_names_and_writes_values(client, city_staff, regions):
    e = EnterpriseFactory(
        region=regions["330481"],
        name="海宁导出有限公司",
        industry=Industry.objects.get(code="C34"),
        size_class="above",
        land_mu=Decimal("12.30"),
        employees=88,
        listed=True,
        address="海宁路1号",
    )
    e.tags.set([Tag.objects.create(name="高新技术"), Tag.objects.create(name="专精特新")])
    client.force_login(city_staff)

    ws = _export(client)

    assert ws["A1"].value == "企业"  # the title row
    header = [c.value for c in ws[2]]
    field = Enterprise._meta.get_field
    assert header == [
        field("uscc").verbose_name,
        field("name").verbose_name,
        field("region").verbose_name,
        Industry._meta.get_field("code").verbose_name,
        Industry._meta.get_field("name").verbose_name,
        field("size_class").verbose_name,
        field("land_mu").verbose_name,
        field("employees").verbose_name,
        field("listed").verbose_name,
        field("address").verbose_name,
        field("tags").verbose_name,
    ]
    assert [c.value for c in ws[3]] == [
        e.uscc,
        "海宁导出有限公司",
        "海宁市",
        "C34",
        "通用设备制造业",
        "规上",
        12.3,
        88,
        "是",
        "海宁路1号",
        "专精特新；高新技术",
    ]
    assert ws.max_row == 3


def test_export_respects_filters_and_scope(client, city_staff, haining_reporter, regions):
    EnterpriseFactory(region=regions["330481"], name="海宁规上", size_class="above")
    EnterpriseFactory(region=regions["330481"], name="海宁规下", size_class="below")
    EnterpriseFactory(region=regions["330402"], name="南湖规上", size_class="above")
    client.force_login(city_staff)

    def names(ws: Any) -> list[str]:
        return [row[1] for row in ws.iter_rows(min_row=3, values_only=True)]

    assert sorted(names(_export(client))) == ["南湖规上", "海宁规上", "海宁规下"]
    assert sorted(names(_export(client, "?size_class=above"))) == ["南湖规上", "海宁规上"]
    assert names(_export(client, f"?size_class=above&region={regions['330481'].pk}")) == ["海宁规上"]
    assert names(_export(client, "?q=规下")) == ["海宁规下"]

    client.force_login(haining_reporter)
    assert sorted(names(_export(client))) == ["海宁规上", "海宁规下"]
