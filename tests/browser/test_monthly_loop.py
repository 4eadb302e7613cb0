"""The monthly loop in a real Chromium (issue #12): publishing a month in which 7 of 9 units have not
reported needs a confirmation with a reason, and the bulletin it gives does not judge the city on
one unit, does not rank 海宁市 among units that did not report, names the missing units and marks them
未报 in its table, and says 无 (with the reason) for 嘉善县, which reported its figure as none this month.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from accounts.choices import Role
from bulletins.services import bulletin_generate
from reporting.models import MonthlyReport, MonthPublication, ReportValue
from targets.models import Indicator, Plan, Target

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TARGETS_2019 = {"330421": 125, "330482": 100, "330424": 78, "330481": 161, "330483": 155, "330402": 42}
TARGETS_2019 |= {"330411": 63, "330400-ETDZ": 31, "330400-PORT": 25}  # 嘉经信投资〔2019〕15号, sum 780


def _target(indicator, region, value):
    Target.objects.create(
        indicator=indicator, region=region, period_kind="year", year_start=2019, year_end=2019,
        status="number", comparator="eq", value=value, raw_text=str(value),
    )  # fmt: skip


def test_publishing_an_incomplete_month_and_its_bulletin(page, live_server, login, make_user, regions):
    plan = Plan.objects.create(title="2019年工业投资", year_start=2019, year_end=2019, scope_region=regions["330400"])
    inv = Indicator.objects.create(
        plan=plan, name="工业投资", unit="亿元", kind="flow_amount", order=1, series="工业投资"
    )
    _target(inv, regions["330400"], D(7800000))
    for code, value in TARGETS_2019.items():
        _target(inv, regions[code], D(value) * 10000)
    report = MonthlyReport.objects.create(
        region=regions["330481"], year=2019, month=4, status="accepted", deadline=dt.date(2019, 5, 5)
    )
    ReportValue.objects.create(report=report, indicator=inv, value=D(674590), base_value=D(600000))
    jiashan = MonthlyReport.objects.create(
        region=regions["330421"], year=2019, month=4, status="accepted", deadline=dt.date(2019, 5, 5)
    )
    ReportValue.objects.create(report=jiashan, indicator=inv, text="无", note="统计局数据延期发布")
    staff = make_user(Role.CITY_STAFF, "330400", username="loop_staff")
    login(page, "loop_staff")

    page.goto(f"{live_server.url}{reverse('reporting:month_overview')}?year=2019&month=4")
    warning = page.get_by_test_id("publish-incomplete")
    assert "9 个单位中有 7 个单位的数据不会发布" in warning.inner_text()
    assert warning.locator("li").count() == 7 and "海盐县：未报" in warning.inner_text()
    assert "嘉善县" not in warning.inner_text()  # it reported (its figure as 无)
    page.get_by_test_id("publish").click()  # neither confirmed nor a reason: the browser keeps the form
    assert not MonthPublication.objects.exists()
    page.get_by_test_id("confirm-incomplete").check()
    page.get_by_test_id("incomplete-reason").fill("按期通报，未报单位补报后出修订版")
    page.once("dialog", lambda dialog: dialog.accept())  # publishing asks first (issue 15)
    page.get_by_test_id("publish").click()
    page.get_by_test_id("publication-incomplete").wait_for()
    assert "按期通报" in page.get_by_test_id("publication-incomplete").inner_text()
    publication = MonthPublication.objects.get()
    assert len(publication.snapshot["missing"]) == 7 and publication.snapshot["incomplete_reason"].startswith("按期")

    version = bulletin_generate(plan=plan, year=2019, month=4, actor=staff, today=dt.date(2019, 5, 10))
    page.goto(f"{live_server.url}{version.get_absolute_url()}")
    commentary = page.get_by_test_id("commentary").inner_text()
    assert "已报送的1个单位（共9个）工业投资合计完成67.46亿元" in commentary
    assert "在已报送的1个单位中列第1位" in commentary
    assert "嘉善县工业投资本月填报为“无”（统计局数据延期发布），未参与排名。" in commentary
    assert "未报送本月数据，未参与排名（本月9个单位中已报送2个）" in commentary
    assert "列全市第" not in commentary and "前三" not in commentary and "慢于序时进度" not in commentary
    matrix = page.get_by_test_id("matrix")
    assert matrix.locator('tr[data-unit="330424"] td').inner_text() == "未报"  # 海盐县: not a blank, not 0
    assert matrix.locator('tr[data-unit="330421"] td').inner_text() == "无"
    assert matrix.locator('tr[data-unit="330421"] td').get_attribute("title") == "统计局数据延期发布"
    assert "1/9 个单位已报，不与全市目标比较" in matrix.locator('tr[data-unit="city"]').inner_text()
