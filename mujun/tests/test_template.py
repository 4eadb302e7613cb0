"""The yearly-data import template (page and API): the importer's headers in order, an example row that the
importer accepts once a real enterprise's code is filled in, and the add permission it needs."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.choices import Role
from core.imports import read_sheets
from mujun.importing import COLUMNS, apply_import, plan_import
from mujun.models import EnterpriseYearData
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

PAGE = "mujun:enterpriseyeardata_import_template"
API = "/api/mujun-year-data/template/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, getattr(response, "content", b"")[:500]
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


@pytest.fixture
def reporter(make_user):
    return make_user(Role.UNIT_REPORTER, "330481", username="hn_mujun_importer")


def test_page_and_api_give_the_importers_headers_and_an_example(client, reporter):
    client.force_login(reporter)
    page_file, api_file = _download(client, reverse(PAGE)), _download(client, API)

    for content in (page_file, api_file):
        [(sheet, rows)] = list(read_sheets(io.BytesIO(content)))
        assert sheet == "亩均年度数据"
        # title row with the filling rules, then the headers in the importer's order, then one example row
        assert "加减分项代码" in rows[0][0] and "“；”分隔" in rows[0][0]
        assert rows[1] == list(COLUMNS.values())
        example = dict(zip(COLUMNS, rows[2], strict=True))
        assert example["year"] == timezone.localdate().year - 1
        assert example["size_class"] == "规上"
        assert example["tax"] == 860.5 and example["land_mu"] == 35.5 and example["employees"] == 210
        assert example["items"] == "hightech；rd_center"
        assert example["not_graded"] == "否"
        assert len(rows) == 3

    # unchanged, the template fails only on its placeholder code, at its row and column
    plan = plan_import(io.BytesIO(page_file), actor=reporter)
    assert [(f.row, f.column) for f in plan.errors] == [(3, "A（统一社会信用代码）")]
    assert "不存在" in plan.errors[0].message


def test_the_filled_in_template_imports(client, reporter, regions):
    enterprise = EnterpriseFactory(region=regions["330481"], name="海宁模板导入有限公司")
    client.force_login(reporter)
    book = load_workbook(io.BytesIO(_download(client, reverse(PAGE))))
    sheet = book.active
    header_row = next(r for r in range(1, 5) if sheet.cell(r, 1).value == COLUMNS["uscc"])
    assert sheet.cell(header_row + 1, 1).value == "（18位统一社会信用代码）"
    sheet.cell(header_row + 1, 1).value = enterprise.uscc
    filled = io.BytesIO()
    book.save(filled)

    filled.seek(0)
    plan = plan_import(filled, actor=reporter)
    assert plan.ok, plan.findings
    assert (plan.creates, plan.updates) == (1, 0)

    filled.seek(0)
    applied = apply_import(filled, actor=reporter, reason="模板导入测试")
    assert applied.ok
    data = EnterpriseYearData.objects.get(enterprise=enterprise)
    assert data.year == timezone.localdate().year - 1
    assert data.size_class == "above"
    assert (data.tax, data.value_added, data.land_mu) == (Decimal("860.5"), Decimal("4200"), Decimal("35.5"))
    assert (data.energy_tce, data.emission_t, data.employees) == (Decimal("2600"), Decimal("12.4"), Decimal("210"))
    assert (data.revenue, data.rd, data.electricity) == (Decimal("18500"), Decimal("560"), Decimal("1450"))
    assert data.items == ["hightech", "rd_center"]
    assert data.parcel == ""
    assert data.not_graded is False

    # 不参评: "是" marks the firm as not graded; anything but 是/否 is a finding at its row and column
    column = list(COLUMNS).index("not_graded") + 1
    for value, expected in (("是", True), ("否", False)):
        sheet.cell(header_row + 1, column).value = value
        filled = io.BytesIO()
        book.save(filled)
        filled.seek(0)
        assert apply_import(filled, actor=reporter, reason="模板导入测试").ok
        data.refresh_from_db()
        assert data.not_graded is expected
    sheet.cell(header_row + 1, column).value = "不确定"
    filled = io.BytesIO()
    book.save(filled)
    filled.seek(0)
    plan = plan_import(filled, actor=reporter)
    letter = chr(ord("A") + column - 1)
    assert [(f.row, f.column) for f in plan.errors] == [(header_row + 1, f"{letter}（不参评）")]


def test_import_page_links_the_template(client, reporter):
    client.force_login(reporter)
    response = client.get(reverse("mujun:enterpriseyeardata_import"))
    assert response.status_code == 200
    assert f'href="{reverse(PAGE)}"' in response.content.decode()


@pytest.mark.parametrize("role", [Role.ENTERPRISE_USER, Role.LEADER])
def test_without_the_add_permission_the_template_is_refused(client, make_user, role):
    user = make_user(role, "330481")
    assert user.has_perm("mujun.view_enterpriseyeardata")
    assert not user.has_perm("mujun.add_enterpriseyeardata")
    client.force_login(user)
    assert client.get(reverse(PAGE)).status_code == 403
    assert client.get(API).status_code == 403
