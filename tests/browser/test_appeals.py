"""Enterprise service in a real Chromium: an enterprise files a request and rates the answer; a unit passes
one to a department, whose handler accepts and answers it; the city confirms a 免申即享 list."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from accounts.choices import Role
from appeals import workflow
from appeals.models import Appeal, AppealCategory
from policies.models import PolicyCriterion, PolicyGrant
from tests.factories import DepartmentFactory, EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
HAINING = "330481"


def test_enterprise_files_and_rates(page, live_server, login, make_user, regions):
    firm = EnterpriseFactory(region=regions[HAINING], name="海宁诉求测试有限公司")
    make_user(Role.ENTERPRISE_USER, HAINING, username="firm_user", enterprise=firm)
    unit = make_user(Role.UNIT_REPORTER, HAINING, username="hn_unit")
    login(page, "firm_user")
    page.goto(f"{live_server.url}/appeals/add/")
    page.get_by_label("诉求类别").select_option(str(AppealCategory.objects.get(code="labour").pk))
    page.get_by_label("标题").fill("春节后缺工")
    page.get_by_label("诉求内容").fill("春节后一线操作工缺口约50人，请求协助对接劳务资源")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/appeals/\d+/$"))
    appeal = Appeal.objects.get(enterprise=firm)
    assert appeal.level == "unit" and appeal.region.code == HAINING
    workflow.appeal_move(appeal=appeal, action="accept", actor=unit)
    workflow.appeal_move(appeal=appeal, action="answer", actor=unit, reason="已对接三家劳务公司")
    page.reload()
    assert page.get_by_test_id("bell").is_visible()
    page.get_by_test_id("rating-satisfied").check()
    page.get_by_test_id("reason-rate").fill("响应及时")
    page.get_by_test_id("action-rate").click()
    page.wait_for_url(f"{live_server.url}/appeals/{appeal.pk}/")
    appeal.refresh_from_db()
    assert (appeal.status, appeal.rating) == ("closed", "satisfied")
    assert "评价" in page.get_by_test_id("hops").inner_text()


def test_unit_passes_to_a_department_who_answers(page, live_server, login, make_user, regions):
    department = DepartmentFactory(region=regions[HAINING], name="海宁市人力社保局")
    make_user(Role.UNIT_REPORTER, HAINING, username="hn_unit2")
    make_user(Role.DEPARTMENT_HANDLER, HAINING, username="hn_dept", department=department)
    from appeals.tests.factories import AppealFactory

    today = dt.date.today()
    appeal = AppealFactory(
        region=regions[HAINING], filed_on=today, accept_due=today, answer_due=today + dt.timedelta(days=5)
    )
    login(page, "hn_unit2")
    page.goto(f"{live_server.url}/appeals/{appeal.pk}/")
    form = page.get_by_test_id("form-pass_across")
    form.locator("select[name=department]").select_option(str(department.pk))
    page.get_by_test_id("reason-pass_across").fill("涉及用工补贴，请人社局办理")
    page.get_by_test_id("action-pass_across").click()
    page.wait_for_url(f"{live_server.url}/appeals/{appeal.pk}/")
    appeal.refresh_from_db()
    assert (appeal.level, appeal.department_id) == ("department", department.pk)

    login(page, "hn_dept")
    page.goto(f"{live_server.url}/appeals/")
    assert appeal.number in page.get_by_test_id("object-table").inner_text()
    page.goto(f"{live_server.url}/appeals/{appeal.pk}/")
    page.get_by_test_id("action-accept").click()
    page.wait_for_url(f"{live_server.url}/appeals/{appeal.pk}/")
    page.get_by_test_id("reason-answer").fill("已办理用工补贴")
    page.get_by_test_id("action-answer").click()
    page.wait_for_url(f"{live_server.url}/appeals/{appeal.pk}/")
    appeal.refresh_from_db()
    assert appeal.status == "answered" and appeal.answer == "已办理用工补贴"
    hops = page.get_by_test_id("hops").inner_text()
    assert "转交部门" in hops and "海宁市人力社保局" in hops


def test_city_confirms_a_no_application_list(page, live_server, login, make_user, regions):
    make_user(Role.CITY_STAFF, "330400", username="city_policy")
    firms = [EnterpriseFactory(region=regions[HAINING], size_class="above") for _ in range(3)]
    EnterpriseFactory(region=regions[HAINING], size_class="below")
    from policies.tests.factories import make_policy

    policy = make_policy(title="规上企业数字化奖励", no_application=True, amount_kind="fixed", amount=Decimal("20"))
    PolicyCriterion.objects.create(policy=policy, kind="size", values=["above"])
    login(page, "city_policy")
    page.goto(f"{live_server.url}/policies/{policy.pk}/")
    assert "3 家" in page.get_by_test_id("proposal").inner_text()
    page.get_by_test_id("confirm-list").click()
    page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    page.get_by_role("link", name="查看结果").click()
    page.wait_for_url(f"{live_server.url}/policies/{policy.pk}/")
    assert "已确认免申即享名单，记录 3 条" in page.content()
    grants = PolicyGrant.objects.filter(policy=policy)
    assert {g.enterprise_id for g in grants} == {f.pk for f in firms}
    assert all(g.amount == Decimal("20") and g.source == "automatic" for g in grants)
