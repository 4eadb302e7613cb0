"""The policy figures per policy, department and unit (applications, approvals, amounts approved and paid, the
total last) on the page, in the API and as Excel in the bureau's layout, each scoped to the user's region."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.choices import Role
from policies.models import PolicyGrant
from policies.tests.factories import make_payment, make_policy
from tests.factories import DepartmentFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year  # applications count in the year they are filed (created today)


@pytest.fixture
def year_of_grants(regions):
    """海宁: a smart-transformation subsidy approved at its 1500 万元 cap and paid in two parts, a second application
    under review; 嘉善: a 300 万元 grant of another department's policy, paid; a payment of last year not counted."""
    smart = make_policy(
        title="智能化技术改造项目补助", department=DepartmentFactory(region=regions["330400"], name="市经信局")
    )
    talent = make_policy(
        title="企业引才补助", department=DepartmentFactory(region=regions["330400"], name="市人力社保局")
    )
    hn, hn2, js = (EnterpriseFactory(region=regions[c]) for c in ("330481", "330481", "330421"))
    decided = dt.date(YEAR, 3, 1)
    a = PolicyGrant.objects.create(
        policy=smart, enterprise=hn, region=hn.region, status="granted", amount=Decimal(1500), decided_on=decided
    )
    PolicyGrant.objects.create(policy=smart, enterprise=hn2, region=hn2.region, status="applied", amount=Decimal(80))
    c = PolicyGrant.objects.create(
        policy=talent, enterprise=js, region=js.region, status="granted", amount=Decimal(300), decided_on=decided
    )
    payments = [(a, "500", dt.date(YEAR, 4, 1)), (a, "1000", dt.date(YEAR, 9, 1)), (c, "300", dt.date(YEAR, 5, 1)),
                (c, "0.5", dt.date(YEAR - 1, 12, 1))]  # fmt: skip
    for grant, amount, day in payments:
        make_payment(grant, amount=Decimal(amount), paid_on=day)


def rows_of(response) -> list[list]:
    content = b"".join(response.streaming_content)
    return [list(r) for r in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


def test_the_city_sees_every_grouping_with_its_total(client, year_of_grants, make_user):
    client.force_login(make_user(Role.CITY_STAFF, "330400"))
    data = client.get(f"/api/policy-grants/figures/?year={YEAR}").json()
    unit = {r["key"]: (r["applications"], r["approved"], r["granted"], r["paid"]) for r in data["by_unit"]}
    assert unit == {"海宁市": (2, 1, "1500.00", "1500.00"), "嘉善县": (1, 1, "300.00", "300.00")}
    assert [r["key"] for r in data["by_policy"]] == ["企业引才补助", "智能化技术改造项目补助"]
    assert [r["key"] for r in data["by_department"]] == ["市人力社保局", "市经信局"]
    total = data["total_department"]
    assert (total["applications"], total["approved"], total["policies"], total["enterprises"]) == (3, 2, 2, 2)
    assert (total["granted"], total["paid"]) == ("1800.00", "1800.00")  # last year's 0.5 万元 not counted
    page = client.get(f"/policies/figures/?year={YEAR}").content.decode()
    assert "企业引才补助" in page and f"/policies/figures/export/?by=policy&amp;year={YEAR}" in page


def test_the_excel_has_the_title_heads_rows_and_total(client, year_of_grants, make_user):
    client.force_login(make_user(Role.CITY_STAFF, "330400"))
    response = client.get(f"/policies/figures/export/?by=policy&year={YEAR}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = rows_of(response)
    assert rows[0][0] == f"{YEAR}年惠企政策兑现情况统计表（按政策）"
    assert rows[1] == [
        "政策",
        "申报（件）",
        "批准（件）",
        "政策项数",
        "惠及企业（家）",
        "核定金额（万元）",
        "兑付金额（万元）",
    ]
    assert rows[2:] == [["企业引才补助", 1, 1, 1, 1, 300, 300], ["智能化技术改造项目补助", 2, 1, 1, 1, 1500, 1500],
                        ["合计", 3, 2, 2, 2, 1800, 1800]]  # fmt: skip
    api = rows_of(client.get(f"/api/policy-grants/figures/export/?by=policy&year={YEAR}"))
    assert api == rows


def test_a_county_sees_only_its_own_figures(client, year_of_grants, make_user):
    client.force_login(make_user(Role.UNIT_REVIEWER, "330421"))
    rows = rows_of(client.get(f"/api/policy-grants/figures/export/?by=unit&year={YEAR}"))
    assert rows[2:] == [["嘉善县", 1, 1, 1, 1, 300, 300], ["合计", 1, 1, 1, 1, 300, 300]]
    assert "海宁" not in client.get(f"/policies/figures/?year={YEAR}").content.decode()


def test_without_the_view_permission_the_export_is_refused(client, year_of_grants, make_user):
    user = make_user(Role.UNIT_REVIEWER, "330421")
    user.groups.clear()
    user.user_permissions.clear()
    client.force_login(user)
    assert client.get("/policies/figures/export/").status_code == 403
    assert client.get("/api/policy-grants/figures/export/").status_code == 403
