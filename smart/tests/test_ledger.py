"""One subsidy ledger (docs/decisions.md): smart awards are paid through the policies' disbursement ledger. A paid
award appears in the policy figures (per policy, department and unit) and in the smart subsidy figures; the same
payment cannot be recorded twice; a county sees only its own payments; a service company is a payee without an
enterprise."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Role
from core.actors import SYSTEM
from policies import services as policy_services
from policies.models import Disbursement, PolicyGrant
from policies.selectors import figures
from policies.tests.factories import make_payment, make_policy
from regions.models import Region
from smart import selectors, services
from smart.choices import AwardKind, AwardStatus
from smart.models import SubsidyAward
from smart.tests.factories import DemonstrationFactory, DiagnosisFactory, ServiceCompanyFactory
from tests.factories import DepartmentFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user):
    return make_user(Role.CITY_STAFF, "330400")


@pytest.fixture
def awards(regions, staff):
    """The 2019 rule paid under the policy 智能化技术改造项目补助 (市经信局); a 海宁 demonstration recognised with
    8000 万元 equipment and 2000 万元 IT investment (1200 万元), and a 嘉善 service company that served one
    workshop pilot (5 万元) and tops the ranking (10 万元). All approved."""
    policy = make_policy(
        title="智能化技术改造项目补助",
        department=DepartmentFactory(region=regions["330400"], name="市经信局"),
        document_number="嘉经信〔2019〕12号",
    )
    services.subsidyrule_create(data={"year": 2019, "name": "三年行动计划补助", "policy": policy}, actor=staff)
    haining, jiashan = regions["330481"], regions["330421"]
    company = ServiceCompanyFactory(region=jiashan, name="嘉善智造工程服务有限公司")
    DemonstrationFactory(enterprise=EnterpriseFactory(region=haining, name="海宁经编示范企业"), stage="recognised",
                         level="city", recognised_on=dt.date(2019, 11, 1))  # fmt: skip
    DiagnosisFactory(company=company, pilot=True, kind="workshop", diagnosed_on=dt.date(2019, 6, 1),
                     enterprise=EnterpriseFactory(region=jiashan))  # fmt: skip
    services.subsidies_compute(year=2019, actor=staff)
    found = {a.kind: a for a in SubsidyAward.objects.all()}
    for award in found.values():
        services.subsidyaward_approve(subsidyaward=award, actor=staff)
    assert (found[AwardKind.DEMONSTRATION].amount, found[AwardKind.PILOT_SERVICE].amount) == (1200, 5)
    return {"policy": policy, "company": company, **found}


def pay(award, amount, voucher="", day=dt.date(2020, 4, 30), actor=SYSTEM):
    return services.subsidyaward_pay(subsidyaward=award, paid_on=day, amount=Decimal(amount), voucher=voucher,
                                     actor=actor)  # fmt: skip


def test_a_paid_award_is_a_ledger_row_with_its_payee_unit_and_policy(awards, staff, regions):
    demo, pilot = awards[AwardKind.DEMONSTRATION], awards[AwardKind.PILOT_SERVICE]
    payment = pay(demo, "1200", "嘉财拨〔2020〕18号", actor=staff)
    company_payment = pay(pilot, "5", "嘉财拨〔2020〕19号", actor=staff)
    assert (payment.source, payment.grant, payment.policy, payment.region.code) == (
        demo, None, awards["policy"], "330481"
    )  # fmt: skip
    assert (payment.payee, payment.enterprise) == ("海宁经编示范企业", demo.demonstration.enterprise)
    # a service company has no enterprise: the payee is the company, its unit the scope
    assert (company_payment.payee, company_payment.enterprise, company_payment.region.code) == (
        "嘉善智造工程服务有限公司", None, "330421"
    )  # fmt: skip
    demo.refresh_from_db()
    assert demo.status == AwardStatus.PAID and list(demo.payments.all()) == [payment]
    assert payment.get_absolute_url() == demo.get_absolute_url()


def test_a_paid_award_appears_in_the_policy_figures(client, awards, staff, regions):
    """The policy figures read the one ledger: the award's payment counts under its policy, the policy's
    department and the payee's unit, beside a grant's payment of the same policy."""
    pay(awards[AwardKind.DEMONSTRATION], "1200", actor=staff)
    pay(awards[AwardKind.PILOT_SERVICE], "5", actor=staff)
    firm = EnterpriseFactory(region=regions["330481"])
    grant = PolicyGrant.objects.create(policy=awards["policy"], enterprise=firm, region=firm.region,
                                       status="granted", amount=Decimal(300), decided_on=dt.date(2020, 2, 1))  # fmt: skip
    make_payment(grant, amount=Decimal(300), paid_on=dt.date(2020, 3, 1))
    client.force_login(staff)
    data = client.get("/api/policy-grants/figures/?year=2020").json()
    assert {r["key"]: r["paid"] for r in data["by_policy"]} == {"智能化技术改造项目补助": "1505.00"}
    assert {r["key"]: r["paid"] for r in data["by_department"]} == {"市经信局": "1505.00"}
    assert {r["key"]: r["paid"] for r in data["by_unit"]} == {"海宁市": "1500.00", "嘉善县": "5.00"}
    assert data["total_unit"]["paid"] == "1505.00"
    # and the smart subsidy figures read the same rows
    rows, total = selectors.subsidy_figures(staff, 2019)
    assert {r.label: (r.awarded, r.paid) for r in rows}[str(AwardKind.DEMONSTRATION.label)] == (1200, 1200)
    assert (total.awarded, total.paid) == (Decimal(1215), Decimal(1205))  # the top-company award is unpaid
    page = client.get("/smart/figures/?year=2019").content.decode()
    assert 'data-testid="subsidies"' in page and "1205.00" in page


def test_the_same_payment_cannot_be_recorded_twice(awards, staff, regions):
    demo = awards[AwardKind.DEMONSTRATION]
    pay(demo, "600", "嘉财拨〔2020〕18号", actor=staff)
    with pytest.raises(ValidationError, match="凭证号"):  # the same voucher again
        pay(demo, "600", "嘉财拨〔2020〕18号", actor=staff)
    # a voucher a policy grant's payment already used is refused too: one ledger, one voucher rule
    firm = EnterpriseFactory(region=regions["330481"])
    grant = PolicyGrant.objects.create(policy=awards["policy"], enterprise=firm, region=firm.region,
                                       status="granted", amount=Decimal(300))  # fmt: skip
    make_payment(grant, amount=Decimal(100), paid_on=dt.date(2020, 3, 1), voucher_no="嘉财拨〔2020〕20号")
    with pytest.raises(ValidationError, match="凭证号"):
        pay(demo, "600", "嘉财拨〔2020〕20号", actor=staff)
    with pytest.raises(ValidationError, match="超过"):  # without a voucher: never more than the award
        pay(demo, "601", actor=staff)
    pay(demo, "600", "嘉财拨〔2020〕21号", actor=staff)
    with pytest.raises(ValidationError):  # paid in full: the award's table has no further move
        pay(demo, "1200", "嘉财拨〔2020〕22号", actor=staff)
    assert sorted(d.amount for d in demo.payments.all()) == [600, 600]
    assert Disbursement.objects.count() == 3


def test_a_payment_needs_its_source_or_grant_and_is_not_deleted_from_the_ledger(awards, staff):
    payment = pay(awards[AwardKind.DEMONSTRATION], "1200", actor=staff)
    with pytest.raises(ValidationError):
        policy_services.disbursement_delete(disbursement=payment, actor=staff)
    with pytest.raises(ValidationError):  # a grant payment with no grant
        policy_services.disbursement_create(data={"amount": Decimal(1), "paid_on": dt.date(2020, 1, 1)}, actor=staff)
    orphan = Disbursement(region=payment.region, payee="x", amount=Decimal(1), paid_on=dt.date(2020, 1, 1))
    with pytest.raises(ValidationError, match="只能对应"):  # neither a grant nor a source
        orphan.full_clean()


def test_a_county_sees_only_its_own_payments(client, awards, staff, make_user):
    pay(awards[AwardKind.DEMONSTRATION], "1200", "嘉财拨〔2020〕18号", actor=staff)
    pay(awards[AwardKind.PILOT_SERVICE], "5", "嘉财拨〔2020〕19号", actor=staff)
    jiashan = make_user(Role.UNIT_REVIEWER, "330421")
    assert [d.payee for d in Disbursement.objects.visible_to(jiashan)] == ["嘉善智造工程服务有限公司"]
    client.force_login(jiashan)
    page = client.get("/policies/payments/").content.decode()
    assert "嘉善智造工程服务有限公司" in page and "海宁经编示范企业" not in page
    data = client.get("/api/policy-grants/figures/?year=2020").json()
    assert {r["key"]: r["paid"] for r in data["by_unit"]} == {"嘉善县": "5.00"}
    assert [d["payee"] for d in client.get("/api/disbursements/").json()["results"]] == ["嘉善智造工程服务有限公司"]
    rows, total = selectors.subsidy_figures(jiashan, 2019)
    assert total.paid == 5 and AwardKind.DEMONSTRATION.label not in {r.label for r in rows}
    # the demonstration's enterprise sees its own payment; no enterprise sees a service company's
    owner = make_user(
        Role.ENTERPRISE_USER, "330481", enterprise=awards[AwardKind.DEMONSTRATION].demonstration.enterprise
    )
    assert [d.payee for d in Disbursement.objects.visible_to(owner)] == ["海宁经编示范企业"]
    assert not Disbursement.objects.visible_to(make_user(Role.ENTERPRISE_USER, "330421")).exists()


def test_the_ledger_list_names_what_each_row_pays(client, awards, staff, regions):
    pay(awards[AwardKind.PILOT_SERVICE], "5", actor=staff)
    client.force_login(staff)
    page = client.get("/policies/payments/").content.decode()
    assert "补助" in page and awards[AwardKind.PILOT_SERVICE].get_absolute_url() in page
    assert Region.objects.get(code="330421").name in page
    assert figures(PolicyGrant.objects.all(), Disbursement.objects.all(), by="unit", year=2020)[0].paid == 5
