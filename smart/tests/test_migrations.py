"""The data migration of the one ledger (smart 0003): payments recorded in the old `SubsidyPayment` table move into
`policies.Disbursement` with the award as their source, the payee, unit and enterprise of the award; a voucher the
ledger already holds is kept in the batch instead of breaking the unique rule.

The migration's own RunPython functions are run on the models of the state it runs in (the migration graph up to
smart 0003), with the old payments table created for the test inside its transaction. Migrating the whole project
back to smart 0001 and forward again (MigrationExecutor, a transactional test) tested the same functions at the
cost of two project-wide migration runs and a serialized database: 4–5 minutes on a loaded machine. Every test
database is itself created by running 0003 and 0004 forward, so the graph's order is exercised there.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from policies.models import Disbursement, PolicyGrant
from policies.tests.factories import make_payment, make_policy
from smart.choices import AwardKind, AwardStatus
from smart.models import SubsidyAward, SubsidyRule
from smart.tests.factories import DemonstrationFactory, ServiceCompanyFactory
from tests.factories import EnterpriseFactory

MOVE = ("smart", "0003_move_payments_to_ledger")


def old_payments_table():
    """(apps of the state smart 0003 runs in, the migration's RunPython operation), with the old SubsidyPayment
    table created in the test's transaction (rolled back with it; no schema editor context, which SQLite refuses
    inside a transaction)."""
    loader = MigrationLoader(connection)
    apps = loader.project_state(MOVE, at_end=False).apps
    old = apps.get_model("smart", "SubsidyPayment")
    editor = connection.schema_editor()
    editor.deferred_sql = []  # set by entering the editor; its foreign keys are not needed here
    sql, params = editor.table_sql(old)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    (operation,) = loader.graph.nodes[MOVE].operations
    return apps, operation


@pytest.mark.django_db
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

    apps, operation = old_payments_table()
    old = apps.get_model("smart", "SubsidyPayment")
    old.objects.create(award_id=demo_award.pk, paid_on=dt.date(2020, 4, 30), amount=Decimal(60), voucher="CZ-1")
    old.objects.create(award_id=demo_award.pk, paid_on=dt.date(2020, 5, 30), amount=Decimal(40), voucher="CZ-2")
    old.objects.create(award_id=company_award.pk, paid_on=dt.date(2020, 4, 30), amount=Decimal(100), voucher="")
    operation.code(apps, None)  # forward

    moved = Disbursement.objects.filter(subsidy_award__isnull=False).order_by("paid_on", "pk")
    assert [(d.source, d.payee, d.region.code, d.enterprise, d.amount, d.voucher_no, d.batch) for d in moved] == [
        (demo_award, "海宁示范企业", "330481", demo.enterprise, 60, "", "原凭证号 CZ-1"),  # CZ-1 was the grant's
        (company_award, "嘉善工程服务公司", "330421", None, 100, "", "2019"),
        (demo_award, "海宁示范企业", "330481", demo.enterprise, 40, "CZ-2", "2019"),
    ]
    assert sum(d.amount for d in demo_award.payments.all()) == 100
    assert Disbursement.objects.filter(grant=grant).count() == 1

    old.objects.all().delete()  # 0004 drops the old table; going back, 0004's reverse re-creates it empty
    operation.reverse_code(apps, None)  # backward: the payments are back in the old table, the ledger without them
    assert sorted((p.award_id, p.paid_on, p.amount, p.voucher) for p in old.objects.all()) == [
        (demo_award.pk, dt.date(2020, 4, 30), 60, ""),
        (demo_award.pk, dt.date(2020, 5, 30), 40, "CZ-2"),
        (company_award.pk, dt.date(2020, 4, 30), 100, ""),
    ]
    assert not Disbursement.objects.filter(subsidy_award__isnull=False).exists()
    assert Disbursement.objects.filter(grant=grant).count() == 1
