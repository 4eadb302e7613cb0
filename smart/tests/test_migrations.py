"""The data migration of the one ledger (smart 0003): payments recorded in the old `SubsidyPayment` table move into
`policies.Disbursement` with the award as their source, the payee, unit and enterprise of the award; a voucher the
ledger already holds is kept in the batch instead of breaking the unique rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from policies.models import Disbursement, PolicyGrant
from policies.tests.factories import make_payment, make_policy
from smart.choices import AwardKind, AwardStatus
from smart.models import SubsidyAward, SubsidyRule
from smart.tests.factories import DemonstrationFactory, ServiceCompanyFactory
from tests.factories import EnterpriseFactory

OLD = ("smart", "0001_initial")
NEW = ("smart", "0004_remove_subsidypayment")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_old_payments_move_into_the_ledger(regions):
    haining, jiashan = regions["330481"], regions["330421"]
    rule = SubsidyRule.objects.create(year=2019, name="三年行动计划补助")
    demo = DemonstrationFactory(enterprise=EnterpriseFactory(region=haining, name="海宁示范企业"))
    company = ServiceCompanyFactory(region=jiashan, name="嘉善工程服务公司")
    paid = dict(year=2019, rule=rule, amount=Decimal(100), basis="—", status=AwardStatus.PAID)
    demo_award = SubsidyAward.objects.create(kind=AwardKind.DEMONSTRATION, demonstration=demo, region=haining, **paid)
    company_award = SubsidyAward.objects.create(kind=AwardKind.TOP_COMPANY, company=company, region=jiashan, **paid)
    firm = EnterpriseFactory(region=haining)
    grant = PolicyGrant.objects.create(policy=make_policy(), enterprise=firm, region=haining, status="granted",
                                       amount=Decimal(50))  # fmt: skip
    make_payment(grant, amount=Decimal(50), paid_on=dt.date(2020, 1, 2), voucher_no="CZ-1")

    executor = MigrationExecutor(connection)
    executor.migrate([OLD])  # back to the smart ledger of payments
    old = executor.loader.project_state([OLD]).apps.get_model("smart", "SubsidyPayment")
    old.objects.create(award_id=demo_award.pk, paid_on=dt.date(2020, 4, 30), amount=Decimal(60), voucher="CZ-1")
    old.objects.create(award_id=demo_award.pk, paid_on=dt.date(2020, 5, 30), amount=Decimal(40), voucher="CZ-2")
    old.objects.create(award_id=company_award.pk, paid_on=dt.date(2020, 4, 30), amount=Decimal(100), voucher="")
    executor = MigrationExecutor(connection)
    executor.migrate([NEW])

    moved = Disbursement.objects.filter(subsidy_award__isnull=False).order_by("paid_on", "pk")
    assert [(d.source, d.payee, d.region.code, d.enterprise, d.amount, d.voucher_no, d.batch) for d in moved] == [
        (demo_award, "海宁示范企业", "330481", demo.enterprise, 60, "", "原凭证号 CZ-1"),  # CZ-1 was the grant's
        (company_award, "嘉善工程服务公司", "330421", None, 100, "", "2019"),
        (demo_award, "海宁示范企业", "330481", demo.enterprise, 40, "CZ-2", "2019"),
    ]
    assert sum(d.amount for d in demo_award.payments.all()) == 100
    assert Disbursement.objects.filter(grant=grant).count() == 1
