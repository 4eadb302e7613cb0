"""The main journeys in a real Chromium: sign-in, the data scope of the enterprise list, the import preview."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from accounts.choices import Role
from tests.factories import EnterpriseFactory, valid_uscc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
# live_server needs a transactional database; serialized_rollback restores the migrations' data
# (industries, role groups) that the flush after each transactional test removes.


@pytest.fixture
def two_units(regions):
    """Three enterprises of 海宁市 and two of 嘉善县, with names that say where they are."""
    haining = [EnterpriseFactory(region=regions["330481"], name=f"海宁浏览器测试{i}有限公司") for i in range(3)]
    jiashan = [EnterpriseFactory(region=regions["330421"], name=f"嘉善浏览器测试{i}有限公司") for i in range(2)]
    return haining, jiashan


def _table_text(page):
    table = page.get_by_test_id("object-table")
    table.wait_for()
    return table.inner_text()


def test_unit_reporter_sees_only_own_unit(page, live_server, login, make_user, two_units):
    haining, jiashan = two_units
    make_user(Role.UNIT_REPORTER, "330481", username="hn_reporter")

    login(page, "hn_reporter")
    page.goto(f"{live_server.url}/enterprises/")

    text = _table_text(page)
    for e in haining:
        assert e.name in text and e.uscc in text
    for e in jiashan:
        assert e.name not in text and e.uscc not in text
    assert "嘉善" not in text
    assert page.get_by_test_id("object-table").locator("tbody tr").count() == len(haining)


def test_city_staff_see_every_unit(page, live_server, login, make_user, two_units):
    haining, jiashan = two_units
    make_user(Role.CITY_STAFF, "330400", username="city_staff")

    login(page, "city_staff")
    page.goto(f"{live_server.url}/enterprises/")

    text = _table_text(page)
    for e in haining + jiashan:
        assert e.name in text and e.uscc in text
    assert "海宁市" in text and "嘉善县" in text
    assert page.get_by_test_id("object-table").locator("tbody tr").count() == len(haining) + len(jiashan)


def test_import_preview_shows_the_bad_row(page, live_server, login, make_user, regions, tmp_path, upload_to_preview):
    make_user(Role.UNIT_REPORTER, "330481", username="hn_importer")
    good = valid_uscc("330481")
    bad = good[:17] + ("0" if good[17] != "0" else "1")  # a wrong check digit
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "企业名单"
    sheet.append(["统一社会信用代码", "企业名称", "属地", "行业代码", "规模"])
    sheet.append([good, "海宁导入正确有限公司", "海宁市", "C34", "规上"])
    sheet.append([bad, "海宁导入错误有限公司", "海宁市", "C34", "规下"])
    path = tmp_path / "企业导入.xlsx"
    workbook.save(path)

    login(page, "hn_importer")
    page.goto(f"{live_server.url}/enterprises/import/")
    upload_to_preview(page, path, "/enterprises/import/")
    assert page.get_by_test_id("errors").inner_text() == "1"
    assert page.get_by_test_id("rows-total").inner_text() == "2"
    assert page.get_by_test_id("import-blocked").is_visible()
    rows = page.get_by_test_id("findings").locator("tbody tr")
    assert rows.count() == 1
    cells = rows.first.locator("td").all_inner_texts()
    assert cells[0] == "企业名单"
    assert cells[1] == "3"
    assert cells[2].startswith("A") and "统一社会信用代码" in cells[2]
    assert "校验位" in cells[3] and bad in cells[3]
    assert page.get_by_test_id("confirm-import").count() == 0
    assert page.get_by_role("button", name="确认导入").count() == 0


def test_api_docs_render_under_the_content_security_policy(page, live_server, login, make_user):
    # Swagger UI comes from the vendored sidecar package and must run with script-src 'self' only;
    # the page fixture fails the test on any CSP violation or failed request.
    make_user(Role.CITY_STAFF, "330400", username="api_reader")
    login(page, "api_reader")
    page.goto(f"{live_server.url}/api/docs/")
    title = page.locator(".swagger-ui .info .title")
    title.wait_for()
    assert "经信 API" in title.inner_text()
    assert page.get_by_test_id("current-user").is_visible()  # inside the site's frame, with its header
    # Swagger UI keeps only the sections near the viewport in the page: scroll through it and collect
    # every resource's section (a schema it cannot draw would stop the list early).
    page.locator(".swagger-ui .opblock").first.wait_for()
    seen: set[str] = set()
    for _ in range(200):
        seen |= set(page.eval_on_selector_all(".swagger-ui .opblock-tag", "els => els.map(e => e.dataset.tag)"))
        at_bottom = page.evaluate("window.innerHeight + window.scrollY >= document.body.scrollHeight - 5")
        if at_bottom:
            break
        page.mouse.wheel(0, 800)
        page.wait_for_timeout(50)
    assert {"enterprises", "plans", "projects", "bulletins", "mujun-runs"} <= seen, sorted(seen)
    assert len(seen) > 40
