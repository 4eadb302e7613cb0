"""The 亩均 evaluation in a real Chromium: a computed run with its class counts and chart, one result explained,
the enterprise page's panel and an enterprise user's scope, and the yearly-data import preview."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.choices import Role
from enterprises.models import Industry
from mujun import services
from mujun.importing import COLUMNS
from mujun.models import EnterpriseYearData, EvaluationResult, RuleIndicator
from mujun.tests.factories import EnterpriseYearDataFactory, RuleSetFactory
from tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HAINING, JIASHAN = "330481", "330421"


@pytest.fixture
def evaluated(regions, make_user):
    """The county 规上 rules of domain.md §7 and eleven firms: ten in 海宁 with 亩均税收 1..10 × 24.097/10 and one
    in 嘉善 at 50 万元/亩, computed by the run service. Classes by rank (A 20 %, B 60 %, C 95 %):
    嘉善 A; 海宁 10 A, 09–06 B, 05–02 C, 01 D."""
    staff = make_user(Role.CITY_STAFF, "330400", username="city_mujun")
    above = RuleSetFactory(year=2019, group="above", version=1, name="2019年度规上企业亩均评价办法")
    for code, weight, bench in [("tax_per_mu", 30, "24.097"), ("va_per_mu", 20, "100"), ("va_per_energy", 20, "2"),
                                ("va_per_emission", 10, "100"), ("labour_productivity", 10, "25"), ("rd_ratio", 10, "2")]:  # fmt: skip
        RuleIndicator.objects.create(rule_set=above, code=code, weight=weight, benchmark=Decimal(bench))
    firms = []
    c34, c38 = Industry.objects.get(code="C34"), Industry.objects.get(code="C38")
    for i in range(1, 11):  # 01–05 in C34, 06–10 in C38
        e = EnterpriseFactory(region=regions[HAINING], name=f"海宁亩均{i:02d}有限公司", industry=c34 if i <= 5 else c38)
        EnterpriseYearDataFactory(enterprise=e, tax=Decimal("240.97") * i, land_mu=Decimal("100"), emission_t=None)
        firms.append(e)
    other = EnterpriseFactory(region=regions[JIASHAN], name="嘉善亩均有限公司", industry=c34)
    EnterpriseYearDataFactory(enterprise=other, tax=Decimal("500"), land_mu=Decimal("10"))
    run = services.evaluation_run_create(year=2019, name="2019年度亩均效益评价", rule_sets=[above], actor=staff)
    run = services.evaluation_run_compute(run=run, actor=staff)
    assert run.result_count == 11
    return run, firms, other, staff


def _publish(run, staff):
    today = timezone.localdate()
    return services.evaluation_run_publish(run=run, start=today, end=today + dt.timedelta(days=4), actor=staff)


def _cells(row):
    return [t.strip() for t in row.locator("td").all_inner_texts()]


def test_city_staff_see_class_counts_chart_and_an_explanation(page, live_server, login, evaluated):
    run, firms, _other, _staff = evaluated
    login(page, "city_mujun")
    page.goto(f"{live_server.url}{run.get_absolute_url()}")

    by_unit = {
        _cells(r)[0]: _cells(r)[1:] for r in page.get_by_test_id("by-unit").locator("tbody tr").all()
    }  # name → A, B, C, D, total
    assert by_unit == {"海宁市": ["1", "4", "4", "1", "10"], "嘉善县": ["1", "0", "0", "0", "1"]}
    # ECharts drew the per-unit chart from the page's JSON (a script error would fail the test in the fixture)
    page.locator("#mujun-class-chart canvas").first.wait_for()
    assert page.locator("#mujun-class-chart canvas").first.bounding_box()["height"] > 100
    # per industry: C34 has 海宁 01 (D), 02–05 (C) and 嘉善 (A); C38 has 海宁 06–09 (B) and 10 (A)
    by_industry = {_cells(r)[0]: _cells(r)[1:] for r in page.get_by_test_id("by-industry").locator("tbody tr").all()}
    assert by_industry == {
        "C34 通用设备制造业": ["1", "0", "4", "1", "6"],
        "C38 电气机械和器材制造业": ["1", "4", "0", "0", "5"],
    }
    page.locator("#mujun-industry-chart canvas").first.wait_for()
    assert page.locator("#mujun-industry-chart canvas").first.bounding_box()["height"] > 100

    # 海宁亩均05: 亩均税收 1205 / 100 = 12.0485 万元/亩, half the benchmark → 15 of 30 points; rank 7 of 11 → C
    result = EvaluationResult.objects.get(run=run, enterprise=firms[4])
    assert result.final_class == "C"
    page.goto(f"{live_server.url}{result.get_absolute_url()}")
    table = page.get_by_test_id("explanation")
    tax_row = table.locator("tbody tr", has_text="亩均税收")
    cells = _cells(tax_row)
    assert cells[1] == "12.0485" and cells[2] == "24.097" and cells[3] == "30.0"
    assert float(cells[4]) == pytest.approx(15.0)
    emission = _cells(table.locator("tbody tr", has_text="单位排放增加值"))
    assert emission[1] == "缺失（按组内平均得分）"
    assert table.locator("tbody tr").count() == 6
    text = page.locator("body").inner_text()
    assert "组内第 7 / 11 名，类别 C" in text
    next_class = page.get_by_test_id("next-class")
    assert re.search(r"升至 B 类需综合得分达到 [\d.]+（差 [\d.]+ 分）", next_class.inner_text())


def test_enterprise_user_sees_own_class_and_not_another_firms(page, live_server, login, make_user, evaluated):
    run, firms, other, staff = evaluated
    _publish(run, staff)
    own = firms[7]  # 海宁亩均08: rank 4 → B
    make_user(Role.ENTERPRISE_USER, HAINING, username="firm_mujun", enterprise=own)
    login(page, "firm_mujun")

    page.goto(f"{live_server.url}{own.get_absolute_url()}")
    panel = page.get_by_test_id("panel").filter(has=page.get_by_role("heading", name="亩均评价"))
    assert panel.get_by_role("link", name=re.compile("2019")).is_visible()
    assert "类别 B" in panel.inner_text()
    assert panel.get_by_test_id("explanation").locator("tbody tr").count() == 6

    panel.get_by_role("link", name=re.compile("2019")).click()
    mine = EvaluationResult.objects.get(run=run, enterprise=own)
    page.wait_for_url(f"{live_server.url}{mine.get_absolute_url()}")
    assert own.name in page.locator("body").inner_text()
    assert "组内第 4 / 11 名，类别 B" in page.locator("body").inner_text()

    # another firm's result, in the same unit and in another: not found, as if it did not exist
    for firm in (firms[0], other):
        theirs = EvaluationResult.objects.get(run=run, enterprise=firm)
        response = page.request.get(f"{live_server.url}{theirs.get_absolute_url()}")
        assert response.status == 404
        assert firm.name not in response.text()


def test_import_preview_lists_the_bad_row_and_writes_nothing(page, live_server, login, make_user, regions, tmp_path, upload_to_preview):  # fmt: skip
    firm = EnterpriseFactory(region=regions[HAINING], name="海宁导入亩均有限公司")
    make_user(Role.UNIT_REPORTER, HAINING, username="hn_mujun_import")

    login(page, "hn_mujun_import")
    page.goto(f"{live_server.url}/mujun/data/import/")
    # the user starts from the downloadable template: the example row becomes the firm, a second row is wrong
    with page.expect_download() as download:
        page.get_by_role("link", name="下载导入模板").click()
    path = tmp_path / "亩均导入.xlsx"
    download.value.save_as(path)
    book = load_workbook(path)
    sheet = book.active
    headers = [c.value for c in sheet[2]]
    assert headers == list(COLUMNS.values())
    sheet.cell(3, 1).value = firm.uscc
    bad = [firm.uscc, 2018, "规上", "十万", 1000, 5000, 10]
    for col, value in enumerate(bad, start=1):
        sheet.cell(4, col).value = value
    book.save(path)

    upload_to_preview(page, path, "/mujun/data/import/")
    assert page.get_by_test_id("rows-total").inner_text() == "2"
    assert page.get_by_test_id("errors").inner_text() == "1"
    assert page.get_by_test_id("import-blocked").is_visible()
    rows = page.get_by_test_id("findings").locator("tbody tr")
    assert rows.count() == 1
    cells = _cells(rows.first)
    assert cells[0] == "亩均年度数据"
    assert cells[1] == "4"
    assert cells[2] == "D（实缴税金（万元））"
    assert "应为数字" in cells[3] and "十万" in cells[3]
    assert page.get_by_test_id("confirm-import").count() == 0
    assert not EnterpriseYearData.objects.filter(enterprise=firm).exists()
