"""The hotline log import: findings by sheet/row/column for unknown enterprises, categories and units; nothing
written unless the whole file is clean; a clean file is filed atomically with working-day deadlines."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import xlsxwriter

from accounts.choices import Role
from appeals.importing import apply_import, plan_import
from appeals.models import Appeal
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
HEAD = [
    "来电日期",
    "统一社会信用代码",
    "企业名称",
    "所属单位",
    "诉求类别",
    "诉求内容",
    "联系人",
    "联系电话",
    "复杂程度",
]


def _xlsx(rows):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet("热线记录")
    sheet.write_row(0, 0, ["96871热线诉求记录"])
    sheet.write_row(1, 0, HEAD)
    for i, row in enumerate(rows):
        sheet.write_row(i + 2, 0, row)
    book.close()
    buffer.seek(0)
    return buffer


def test_bad_rows_are_findings_and_nothing_is_written(regions, make_user):
    firm = EnterpriseFactory(region=regions["330481"])
    rows = [
        ["2024-02-09", firm.uscc, firm.name, "海宁市", "缺工", "缺操作工30人", "张三", "138", "简单"],
        ["2024-02-09", "91330481MA2B3C4D5E", "未知公司", "海宁市", "缺工", "缺工", "", "", "简单"],
        ["2024-02-09", firm.uscc, firm.name, "海宁市", "缺钱", "资金", "", "", "简单"],
        ["2024-02-09", firm.uscc, firm.name, "嘉善县", "融资", "贷款", "", "", "简单"],
        ["2024-02-09", firm.uscc, firm.name, "火星区", "融资", "贷款", "", "", "很难"],
    ]
    plan = plan_import(_xlsx(rows))
    where = {(f.row, f.column.split("（")[0]) for f in plan.findings}
    assert (4, "B") in where and (5, "E") in where and (6, "D") in where and (7, "D") in where and (7, "I") in where
    assert all(f.sheet == "热线记录" for f in plan.findings)
    user = make_user(Role.CITY_STAFF, "330400")
    assert not apply_import(_xlsx(rows), actor=user, reason="测试").ok
    assert Appeal.objects.count() == 0


def test_clean_log_is_filed_with_deadlines(regions, make_user):
    firm = EnterpriseFactory(region=regions["330481"])
    rows = [
        ["2024-02-09", firm.uscc, firm.name, "海宁市", "缺工", "缺操作工30人", "张三", "138", "简单"],
        ["2024-02-04", firm.uscc, firm.name, "", "融资", "流动资金贷款", "李四", "139", "复杂"],
    ]
    plan = apply_import(_xlsx(rows), actor=make_user(Role.CITY_STAFF, "330400"), reason="测试")
    assert plan.ok, plan.findings
    first, second = Appeal.objects.order_by("-filed_on")
    assert (first.channel, first.accept_due, first.answer_due) == (
        "hotline",
        dt.date(2024, 2, 18),
        dt.date(2024, 2, 20),
    )
    assert second.answer_due == dt.date(
        2024, 2, 29
    )  # 15 working days after the makeup Sunday: 2-5…2-9, 2-18…2-23, 2-26…2-29
    assert first.history.count() == 1 and first.hops.get().action == "file"


def _upload(rows):
    buffer = _xlsx(rows)
    buffer.name = "热线记录.xlsx"
    return buffer


def test_api_previews_a_bad_file_by_cell_and_confirms_a_clean_one(
    client, regions, make_user, django_capture_on_commit_callbacks
):
    firm = EnterpriseFactory(region=regions["330481"])
    client.force_login(make_user(Role.CITY_STAFF, "330400"))
    bad = [
        ["2024-02-09", firm.uscc, firm.name, "海宁市", "缺工", "缺操作工30人", "张三", "138", "简单"],
        ["2024-02-09", firm.uscc, firm.name, "海宁市", "缺钱", "资金", "", "", "简单"],
    ]
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/api/appeals/import/", {"file": _upload(bad)})
    assert started.status_code == 202
    job = client.get(f"/api/appeals/import/{started.json()['job']}/").json()
    assert (job["stage"], job["status"], job["result"]["errors"]) == ("preview", "succeeded", 1)
    [finding] = job["result"]["findings"]
    assert (finding["sheet"], finding["row"], finding["column"].split("（")[0]) == ("热线记录", 4, "E")
    refused = client.post(f"/api/appeals/import/{started.json()['job']}/confirm/")
    assert refused.status_code == 400
    assert not Appeal.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/api/appeals/import/", {"file": _upload(bad[:1])})
    job = client.get(f"/api/appeals/import/{started.json()['job']}/").json()
    assert (job["result"]["errors"], job["result"]["creates"]) == (0, 1)
    assert not Appeal.objects.exists()  # a preview writes nothing
    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(f"/api/appeals/import/{started.json()['job']}/confirm/")
    assert applied.status_code == 202
    assert client.get(f"/api/appeals/import/{applied.json()['job']}/").json()["stage"] == "apply"
    assert Appeal.objects.get().channel == "hotline"


def test_api_import_needs_the_add_permission(client, regions, make_user):
    client.force_login(make_user(Role.LEADER, "330400"))
    assert client.post("/api/appeals/import/", {"file": _upload([])}).status_code == 403
    assert not Appeal.objects.exists()
