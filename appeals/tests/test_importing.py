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
