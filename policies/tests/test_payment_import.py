"""The finance department's payment export into the disbursement ledger: a clean file is written in one audited
transaction; unknown policies or enterprises, no approved grant, a total above the approved amount, repeated
vouchers, bad dates and amounts are findings by sheet/row/column and nothing is written; the API's path."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from accounts.choices import Role
from core.excel import Column, write_xlsx
from policies import services
from policies.importing import COLUMNS, apply_import, plan_import
from policies.models import Disbursement, PolicyGrant
from policies.tests.factories import make_payment, make_policy
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
DOC = "嘉经信投资〔2019〕15号"


def payment_file(tmp_path: Path, rows: list[dict[str, Any]], keys: list[str] | None = None) -> SimpleUploadedFile:
    """A payment export as finance sends it: a title row, the headers, one row per payment."""
    path = tmp_path / "拨付明细.xlsx"
    columns = [Column(COLUMNS[k], lambda r, k=k: r.get(k)) for k in keys or list(COLUMNS)]
    write_xlsx(str(path), sheet="拨付明细", title="2021年第一批政策资金拨付明细", columns=columns, rows=rows)
    return SimpleUploadedFile("拨付明细.xlsx", path.read_bytes())


@pytest.fixture
def ledger(regions, make_user):
    """Two 海宁 firms and one 嘉善 firm; the smart-transformation subsidy at its 1500 万元 cap for the first (500 paid
    already), 300 万元 for the 嘉善 firm, and an application of the second 海宁 firm still under review."""
    policy = make_policy(title="智能化技术改造项目补助", document_number=DOC)
    firms = {
        "hn": EnterpriseFactory(region=regions["330481"]),
        "hn_applied": EnterpriseFactory(region=regions["330481"]),
        "js": EnterpriseFactory(region=regions["330421"]),
    }
    grants = {
        "hn": PolicyGrant.objects.create(policy=policy, enterprise=firms["hn"], region=regions["330481"],
                                         status="granted", amount=Decimal(1500)),
        "js": PolicyGrant.objects.create(policy=policy, enterprise=firms["js"], region=regions["330421"],
                                         status="granted", amount=Decimal(300)),
        "hn_applied": PolicyGrant.objects.create(policy=policy, enterprise=firms["hn_applied"],
                                                 region=regions["330481"], status="applied", amount=Decimal(100)),
    }  # fmt: skip
    make_payment(grants["hn"], amount=Decimal(500), paid_on=dt.date(2020, 12, 1), voucher_no="CZ0001")
    return {"policy": policy, "firms": firms, "grants": grants, "city": make_user(Role.CITY_STAFF, "330400")}


def pay(firm: Any, amount: Any, voucher: str, **kw: Any) -> dict[str, Any]:
    return {"title": "智能化技术改造项目补助", "document_number": DOC, "uscc": firm.uscc, "name": firm.name,
            "amount": amount, "paid_on": dt.date(2021, 6, 30), "fund_source": "市工业和信息化专项资金",
            "batch": "2021年第一批", "voucher_no": voucher, **kw}  # fmt: skip


def test_a_clean_file_is_written_once_with_its_history(tmp_path, ledger):
    hn, js = ledger["firms"]["hn"], ledger["firms"]["js"]
    file = payment_file(tmp_path, [pay(hn, Decimal("600.50"), "CZ0002"), pay(js, 300, "CZ0003", paid_on="2021年7月1日"),
                                   pay(hn, Decimal("399.50"), "CZ0004", document_number="")])  # fmt: skip
    plan = plan_import(file, actor=ledger["city"])
    assert plan.ok, plan.findings
    assert plan.summary()["amount_total"] == "1300.00" and plan.creates == 3
    assert Disbursement.objects.count() == 1  # the preview writes nothing
    file.seek(0)
    apply_import(file, actor=ledger["city"], reason="导入拨付明细（任务 #1，文件 拨付明细.xlsx）")
    hn_paid = sorted(d.amount for d in Disbursement.objects.filter(grant=ledger["grants"]["hn"]))
    assert hn_paid == [Decimal("399.50"), Decimal(500), Decimal("600.50")]  # exactly the 1500 approved
    js_payment = Disbursement.objects.get(grant=ledger["grants"]["js"])
    assert (js_payment.paid_on, js_payment.voucher_no, js_payment.batch) == (
        dt.date(2021, 7, 1),
        "CZ0003",
        "2021年第一批",
    )
    record = js_payment.history.get()
    assert record.history_user == ledger["city"] and "拨付明细.xlsx" in record.history_change_reason
    file.seek(0)
    again = plan_import(file, actor=ledger["city"])  # the same file a second time: every voucher is recorded
    assert [f.message for f in again.errors].count("凭证号已登记过兑付：CZ0002") == 1 and len(again.errors) >= 3


def test_every_bad_row_is_a_finding_and_nothing_is_written(tmp_path, ledger):
    f = ledger["firms"]
    file = payment_file(tmp_path, [
        pay(f["hn"], 1000, "CZ0010"),  # row 3: 500 paid + 1000 = 1500, fine
        pay(f["hn"], Decimal("0.01"), "CZ0011"),  # row 4: one cent above the approved 1500
        pay(f["js"], 100, "CZ0010"),  # row 5: voucher repeated from row 3
        pay(f["js"], 100, "CZ0001"),  # row 6: voucher already in the ledger
        pay(f["hn_applied"], 50, "CZ0012"),  # row 7: the application is not approved
        pay(f["js"], 10, "CZ0013", document_number="嘉经信〔2099〕1号"),  # row 8: unknown policy
        pay(f["js"], 10, "CZ0014", uscc="91330000000000000X"),  # row 9: unknown enterprise
        pay(f["js"], "十万", "CZ0015"),  # row 10: not a number
        pay(f["js"], Decimal("1.005"), "CZ0016"),  # row 11: below a 元 (three decimals of 万元)
        pay(f["js"], -5, "CZ0017"),  # row 12: negative
        pay(f["js"], 10, "CZ0018", paid_on="六月底"),  # row 13: not a date
        pay(f["js"], 10, "CZ0019", paid_on=dt.date(2099, 1, 1)),  # row 14: in the future
        pay(f["js"], 10, ""),  # row 15: no voucher
    ])  # fmt: skip
    plan = plan_import(file, actor=ledger["city"])
    found = {(e.row, e.column.split("（")[0]): e.message for e in plan.errors}
    assert sorted(found) == [(4, "E"), (5, "I"), (6, "I"), (7, "C"), (8, "B"), (9, "C"), (10, "E"), (11, "E"),
                             (12, "E"), (13, "F"), (14, "F"), (15, "I")]  # fmt: skip
    assert "核定 1500.00 万元，已拨付 1500.00 万元" in found[(4, "E")]
    assert "第 3 行" in found[(5, "I")] and "已登记" in found[(6, "I")] and "已批准" in found[(7, "C")]
    assert all(e.sheet == "拨付明细" for e in plan.errors)
    file.seek(0)
    assert not apply_import(file, actor=ledger["city"], reason="x").ok
    assert Disbursement.objects.count() == 1


def test_a_file_without_the_heads_says_which_are_missing(tmp_path, ledger):
    file = payment_file(tmp_path, [pay(ledger["firms"]["js"], 10, "CZ1")], keys=["uscc", "amount", "paid_on"])
    plan = plan_import(file, actor=ledger["city"])
    assert {f.column for f in plan.errors} == {"凭证号", "政策文号"}


def test_a_county_cannot_pay_another_countys_enterprise(tmp_path, ledger, make_user):
    haining = make_user(Role.UNIT_REPORTER, "330481")
    plan = plan_import(payment_file(tmp_path, [pay(ledger["firms"]["js"], 10, "CZ1")]), actor=haining)
    assert [e.message for e in plan.errors] == [f"企业不存在或不在您的数据范围内：{ledger['firms']['js'].uscc}"]


def test_the_service_refuses_a_voucher_twice(ledger):
    with pytest.raises(ValidationError, match="该凭证号已登记过兑付"):
        services.disbursement_create(
            data={"grant": ledger["grants"]["js"], "amount": Decimal(1), "paid_on": dt.date(2021, 1, 1),
                  "voucher_no": "CZ0001"}, actor=ledger["city"],
        )  # fmt: skip


def test_api_upload_preview_confirm(tmp_path, client, ledger, make_user, django_capture_on_commit_callbacks):
    client.force_login(ledger["city"])
    with django_capture_on_commit_callbacks(execute=True):
        upload = client.post(
            "/api/disbursements/import/", {"file": payment_file(tmp_path, [pay(ledger["firms"]["js"], 120, "CZ9")])}
        )
    assert upload.status_code == 202
    job = client.get(f"/api/disbursements/import/{upload.json()['job']}/").json()
    assert (job["status"], job["result"]["errors"], job["result"]["amount_total"]) == ("succeeded", 0, "120.00")
    assert not Disbursement.objects.filter(voucher_no="CZ9").exists()
    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(f"/api/disbursements/import/{upload.json()['job']}/confirm/")
    assert applied.status_code == 202
    assert Disbursement.objects.get(voucher_no="CZ9").amount == Decimal(120)
    client.force_login(make_user(Role.UNIT_REVIEWER, "330421"))  # may read the ledger, not import into it
    assert client.post("/api/disbursements/import/", {"file": payment_file(tmp_path, [])}).status_code == 403
    client.force_login(make_user(Role.CITY_STAFF, "330400"))  # another user's job
    assert client.get(f"/api/disbursements/import/{upload.json()['job']}/").status_code == 404


def test_pages_offer_the_import_and_its_template(client, ledger):
    client.force_login(ledger["city"])
    assert "/policies/payments/import/" in client.get("/policies/payments/").content.decode()
    assert client.get("/policies/payments/import/").status_code == 200
    book = load_workbook(io.BytesIO(b"".join(client.get("/policies/payments/import/template/").streaming_content)))
    assert [c.value for c in book.active[2]] == list(COLUMNS.values())
