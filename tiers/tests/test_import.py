"""The recognition-list import: by code or tolerant name, findings for every bad row and nothing written, then
one audited write; the API's upload → preview → confirm path."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.choices import Role
from tests.factories import EnterpriseFactory
from tiers.choices import EntryStatus
from tiers.importing import apply_import, plan_import
from tiers.models import TierEntry, Title

pytestmark = pytest.mark.django_db
XJR = '专精特新"小巨人"'


@pytest.fixture
def staff(make_user):
    return make_user(Role.CITY_STAFF, "330400")


@pytest.fixture
def firms(regions):
    return {
        "a": EnterpriseFactory(region=regions["330481"], name="海宁（中国）精密机械有限公司"),
        "b": EnterpriseFactory(region=regions["330483"], name="桐乡振石控股股份有限公司"),
        "c1": EnterpriseFactory(region=regions["330421"], name="嘉善恒力有限公司"),
        "c2": EnterpriseFactory(region=regions["330424"], name="嘉善恒力股份有限公司"),
    }


def row(**kw):
    base = {"title": XJR, "level": "国家级", "year": 2021, "recognised_on": "2021-07-20",
            "document_no": "工信部企业函〔2021〕197号"}  # fmt: skip
    return {**base, **kw}


def test_clean_list_by_code_and_by_tolerant_name(make_xlsx, firms, staff):
    existing = TierEntry.objects.create(enterprise=firms["b"], title=Title.objects.get(code="xjr"), year=2021,
                                        status=EntryStatus.CULTIVATING)  # fmt: skip
    file = make_xlsx(
        [row(name="海宁 (中国) 精密机械"), row(uscc=firms["b"].uscc, recognised_on=dt.datetime(2021, 7, 21))]
    )
    plan = plan_import(file, actor=staff)
    assert plan.ok, plan.findings
    assert (plan.creates, plan.updates) == (1, 1)
    file.seek(0)
    apply_import(file, actor=staff, reason="导入认定名单")
    a = TierEntry.objects.get(enterprise=firms["a"])
    assert (a.status, a.level, a.recognised_on, a.document_no) == (
        EntryStatus.RECOGNISED, "national", dt.date(2021, 7, 20), "工信部企业函〔2021〕197号")  # fmt: skip
    existing.refresh_from_db()
    assert (existing.status, existing.recognised_on) == (EntryStatus.RECOGNISED, dt.date(2021, 7, 21))
    assert existing.history.latest().history_change_reason == "导入认定名单"


def test_bad_rows_are_findings_and_nothing_is_written(make_xlsx, firms, staff):
    file = make_xlsx([
        row(name="平湖不存在的公司"),  # unknown name
        row(name="嘉善 恒力"),  # two registered firms: ambiguous
        row(uscc=firms["b"].uscc),
        row(uscc=firms["b"].uscc),  # the same code twice
        row(name="海宁(中国)精密机械有限公司", level="区级"),  # unknown level
        row(name="海宁(中国)精密机械有限公司", title="专精特新中小企业", level="国家级"),  # a level the title lacks
        row(name="海宁(中国)精密机械有限公司", title="金牌企业"),  # unknown title
        row(name="海宁(中国)精密机械有限公司", title="隐形冠军", level="省级", recognised_on="七月"),  # bad date
    ])  # fmt: skip
    plan = plan_import(file, actor=staff)
    messages = [(f.row, f.message) for f in plan.errors]
    assert [r for r, _ in messages] == [3, 4, 6, 7, 8, 9, 10]
    assert "未找到" in messages[0][1] and "多家企业" in messages[1][1] and "重复" in messages[2][1]
    assert "未知的认定层级" in messages[3][1] and "没有" in messages[4][1] and "未知的称号" in messages[5][1]
    file.seek(0)
    assert not apply_import(file, actor=staff, reason="x").ok
    assert not TierEntry.objects.exists()


def test_unit_user_cannot_recognise_another_units_firm(make_xlsx, firms, make_user):
    haining = make_user(Role.UNIT_REPORTER, "330481")
    plan = plan_import(make_xlsx([row(uscc=firms["b"].uscc), row(name="桐乡振石控股")]), actor=haining)
    assert len(plan.errors) == 2


def test_dropped_entries_cannot_be_recognised(make_xlsx, firms, staff):
    TierEntry.objects.create(enterprise=firms["a"], title=Title.objects.get(code="xjr"), year=2021,
                             status=EntryStatus.DROPPED)  # fmt: skip
    plan = plan_import(make_xlsx([row(uscc=firms["a"].uscc)]), actor=staff)
    assert "已退出" in plan.errors[0].message


def test_api_upload_preview_confirm(client, make_xlsx, firms, staff, django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        preview = client.post("/api/tier-entries/import/", {"file": make_xlsx([row(uscc=firms["a"].uscc)])}).json()
    job = client.get(f"/api/tier-entries/import/{preview['job']}/").json()
    assert (job["status"], job["result"]["errors"], job["result"]["creates"]) == ("succeeded", 0, 1)
    assert not TierEntry.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(f"/api/tier-entries/import/{preview['job']}/confirm/")
    assert applied.status_code == 202
    assert TierEntry.objects.get().status == EntryStatus.RECOGNISED
