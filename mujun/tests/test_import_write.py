"""The yearly-data import writes through core.imports.write_rows: new (enterprise, year) rows are created, existing
ones locked and updated, and every written row gets one history record with the actor and the reason."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from accounts.choices import Role
from mujun.importing import COLUMNS, apply_import, plan_import
from mujun.models import EnterpriseYearData
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _sheet(rows: list[tuple[str, int, str, str]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append([COLUMNS[k] for k in ("uscc", "year", "tax", "land_mu")])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_creates_new_rows_updates_existing_ones_a_history_record_each(make_user, regions):
    reporter = make_user(Role.UNIT_REPORTER, "330481", username="hn_mujun_writer")
    old, new = EnterpriseFactory(region=regions["330481"]), EnterpriseFactory(region=regions["330481"])
    stored = EnterpriseYearData.objects.create(enterprise=old, year=2023, tax=Decimal(1), land_mu=Decimal(1))
    rows = [(old.uscc, 2023, "120", "10"), (new.uscc, 2023, "80", "5")]

    plan = plan_import(_sheet(rows), actor=reporter)
    assert plan.ok, plan.findings
    assert (plan.creates, plan.updates) == (1, 1)

    assert apply_import(_sheet(rows), actor=reporter, reason="年度数据导入").ok
    stored.refresh_from_db()
    created = EnterpriseYearData.objects.get(enterprise=new, year=2023)
    assert (stored.tax, stored.land_mu, created.tax, created.land_mu) == (
        Decimal(120),
        Decimal(10),
        Decimal(80),
        Decimal(5),
    )
    for obj, kind in ((stored, "~"), (created, "+")):
        record = obj.history.filter(history_change_reason="年度数据导入").get()
        assert (record.history_type, record.history_user) == (kind, reporter)

    # importing the same file again writes (and records) every row again, unchanged ones too, as before
    assert apply_import(_sheet(rows), actor=reporter, reason="再次导入").ok
    assert EnterpriseYearData.objects.filter(enterprise__in=[old, new]).count() == 2
    assert {r.history_type for r in EnterpriseYearData.history.filter(history_change_reason="再次导入")} == {"~"}
    assert EnterpriseYearData.history.filter(history_change_reason="再次导入").count() == 2
