"""Tier libraries in a real Chromium: an official recognition list imported through the page moves the unit's
新增专精特新"小巨人" figure on the monitoring dashboard (the indicator's value is computed from the library)."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook

from accounts.choices import Role
from reporting import services as reporting
from reporting.models import MonthlyReport
from targets.models import Indicator, Plan, Target
from tests.factories import EnterpriseFactory
from tiers.importing import COLUMNS
from tiers.models import TierEntry, Title

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HAINING = "330481"


def _cell(page, plan_pk, base):
    page.goto(f"{base}/monitoring/plans/{plan_pk}/?year=2021&month=7&provisional=on")
    return page.locator(f'[data-testid="matrix"] tr[data-unit="{HAINING}"] td').first.inner_text()


def test_imported_recognition_list_moves_the_dashboard_figure(page, live_server, login, make_user, regions, tmp_path):
    haining, city = regions[HAINING], regions["330400"]
    plan = Plan.objects.create(title="2021年企业梯度培育目标", year_start=2021, year_end=2021, scope_region=city)
    indicator = Indicator.objects.create(plan=plan, name='新增专精特新"小巨人"', unit="家", kind="flow_count", order=1,
                                         source="computed", source_query="tiers_recognised_xjr")  # fmt: skip
    Target.objects.create(indicator=indicator, region=haining, period_kind="year", year_start=2021, year_end=2021,
                          status="number", comparator="eq", value=Decimal(3), raw_text="3")  # fmt: skip
    first = EnterpriseFactory(region=haining, name="海宁先行精工有限公司")
    second = EnterpriseFactory(region=haining, name="海宁（中国）精密机械有限公司")
    third = EnterpriseFactory(region=haining, name="海宁长安织造股份有限公司")
    entry = TierEntry(enterprise=first, title=Title.objects.get(code="xjr"), year=2021, status="recognised",
                      level="national", recognised_on=dt.date(2021, 3, 15))  # fmt: skip
    entry._history_date = dt.datetime(2021, 3, 20, tzinfo=ZoneInfo("Asia/Shanghai"))
    entry.save()

    reporter = make_user(Role.UNIT_REPORTER, HAINING, username="hn_tiers")
    reviewer = make_user(Role.UNIT_REVIEWER, HAINING, username="hn_tiers_review")
    report = MonthlyReport.objects.create(region=haining, year=2021, month=7, deadline=dt.date(2021, 8, 5))
    reporting.report_submit(report=report, actor=reporter)  # the July report as first sent: one 小巨人

    login(page, "hn_tiers")
    assert re.match(r"\s*1\b", _cell(page, plan.pk, live_server.url))

    # the reviewer returns it: the July list of the ministry has two more firms of 海宁
    reporting.report_return(report=MonthlyReport.objects.get(pk=report.pk), comment="补充7月认定名单", actor=reviewer)
    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS.values()))
    sheet.append(
        ['专精特新"小巨人"', "国家级", 2021, "", "海宁 (中国) 精密机械", "2021-07-20", "工信部企业函〔2021〕197号"]
    )
    sheet.append(["专精特新小巨人企业", "国家级", 2021, third.uscc, "", "2021-07-20", "工信部企业函〔2021〕197号"])
    path = tmp_path / "小巨人名单.xlsx"
    buf = io.BytesIO()
    book.save(buf)
    path.write_bytes(buf.getvalue())

    page.goto(f"{live_server.url}/tiers/entries/import/")
    page.get_by_label("认定名单（Excel）").set_input_files(str(path))
    page.get_by_role("button", name="上传并校验").click()
    page.get_by_role("link", name="查看结果").click()  # the job's page, once the preview has run
    page.wait_for_url(re.compile(r"/tiers/entries/import/\d+/$"))
    assert page.get_by_test_id("errors").inner_text() == "0"
    assert page.get_by_test_id("creates").inner_text() == "2"
    page.get_by_test_id("confirm-import").click()
    page.get_by_role("link", name="查看结果").click()
    page.get_by_test_id("import-done").wait_for()
    assert set(TierEntry.objects.filter(status="recognised").values_list("enterprise", flat=True)) == {
        first.pk, second.pk, third.pk}  # fmt: skip

    page.goto(f"{live_server.url}/reporting/reports/{report.pk}/")
    page.get_by_test_id("action-submit").click()
    page.get_by_test_id("status").wait_for()
    assert re.match(r"\s*3\b", _cell(page, plan.pk, live_server.url))
