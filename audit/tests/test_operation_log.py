"""The operation log (审计日志): every change to domain data, across models, newest first, for the city admin."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from audit.selectors import operation_log
from enterprises.importing import apply_import
from enterprises.models import Enterprise, Tag
from enterprises.services import enterprise_create, enterprise_delete, enterprise_update, tag_create, tag_update
from enterprises.tests.workbooks import enterprise_row, write_workbook
from tests.factories import valid_uscc

pytestmark = pytest.mark.django_db

URL = reverse("audit:operation_log")


def rows(html: str) -> list[str]:
    """The table's rows as plain text, one string per row."""
    table = html[html.index('data-testid="operation-log"') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", tr)).strip() for tr in body.split("<tr>")[1:]]


def new_enterprise(actor: Any, region: Any, name: str) -> Enterprise:
    return enterprise_create(data={"uscc": valid_uscc(region.code), "name": name, "region": region}, actor=actor)


def log_of(client: Any, query: str = "") -> list[str]:
    response = client.get(URL + query)
    assert response.status_code == 200
    return rows(response.content.decode())


def test_only_the_city_admin_sees_the_log(client, make_user, city_admin, city_staff, haining_reporter):
    for user in (city_staff, haining_reporter, make_user(Role.LEADER, "330400")):
        client.force_login(user)
        assert client.get(URL).status_code == 403
    client.force_login(city_admin)
    assert client.get(URL).status_code == 200


def test_changes_across_models_newest_first_with_before_and_after(
    client, city_admin, city_staff, haining_reporter, regions
):
    enterprise = new_enterprise(haining_reporter, regions["330481"], "海宁日志有限公司")
    tag_create(data={"name": "链主"}, actor=city_staff)
    enterprise_update(
        enterprise=enterprise, data={"name": "海宁日志股份有限公司", "employees": 99}, actor=haining_reporter
    )
    doomed = new_enterprise(city_staff, regions["330402"], "南湖注销有限公司")
    doomed_pk = doomed.pk
    enterprise_delete(enterprise=doomed, actor=city_staff)
    client.force_login(city_admin)

    lines = log_of(client)

    # newest first, across the enterprise and tag tables (and the users and regions made by fixtures)
    ours = [line for line in lines if "日志" in line or "注销" in line or "链主" in line]
    assert ["删除" in ours[0], "新增" in ours[1], "修改" in ours[2], "企业标签" in ours[3], "新增" in ours[4]] == [
        True
    ] * 5
    assert f"citystaff 企业 南湖注销有限公司 #{doomed_pk} 删除" in ours[0]
    assert "删除企业" in ours[0] and "企业名称： 南湖注销有限公司 → —" in ours[0]
    assert "haining_reporter 企业 海宁日志股份有限公司" in ours[2]
    assert "编辑企业" in ours[2]
    assert "企业名称： 海宁日志有限公司 → 海宁日志股份有限公司" in ours[2]
    assert "从业人员（人）： — → 99" in ours[2]
    assert "citystaff 企业标签 链主" in ours[3] and "标签： — → 链主" in ours[3]
    assert "企业名称： — → 海宁日志有限公司" in ours[4] and "属地： — → 海宁市" in ours[4]

    # the selector gives the same order, by date then by id
    entries, _more = operation_log(limit=500)
    dates = [(e.date, e.history_id) for e in entries if e.model in (Enterprise, Tag)]
    assert [d for d, _i in dates] == sorted((d for d, _i in dates), reverse=True)


def test_filters_by_user_model_object_and_date(client, city_admin, city_staff, haining_reporter, regions):
    a = new_enterprise(haining_reporter, regions["330481"], "甲企业")
    b = new_enterprise(city_staff, regions["330402"], "乙企业")
    enterprise_update(enterprise=a, data={"employees": 5}, actor=haining_reporter)
    tag_create(data={"name": "外资"}, actor=city_staff)  # tags are the city's (a county reporter may not add one)
    # the creation of 乙 happened last week
    last_week = timezone.now() - dt.timedelta(days=7)
    Enterprise.history.filter(id=b.pk, history_type="+").update(history_date=last_week)
    client.force_login(city_admin)

    by_user = log_of(client, f"?user={haining_reporter.pk}")
    assert len(by_user) == 2 and all(" haining_reporter " in f" {line} " for line in by_user)
    assert not [line for line in by_user if "外资" in line]
    by_staff = log_of(client, f"?user={city_staff.pk}&model=enterprises.tag")
    assert len(by_staff) == 1 and "外资" in by_staff[0] and "citystaff" in by_staff[0]

    by_model = log_of(client, "?model=enterprises.enterprise")
    assert len(by_model) == 3 and all(" 企业 " in line for line in by_model)
    assert not [line for line in by_model if "企业标签" in line]

    by_object = log_of(client, f"?model=enterprises.enterprise&object_id={a.pk}")
    assert len(by_object) == 2 and all("甲企业" in line for line in by_object)
    assert "修改" in by_object[0] and "新增" in by_object[1]

    today = timezone.localdate().isoformat()
    week_ago = timezone.localtime(last_week).date().isoformat()
    recent = log_of(client, f"?model=enterprises.enterprise&date_from={today}")
    assert len(recent) == 2 and not [line for line in recent if "乙企业" in line]
    old = log_of(client, f"?model=enterprises.enterprise&date_from={week_ago}&date_to={week_ago}")
    assert len(old) == 1 and "乙企业" in old[0] and "citystaff" in old[0]

    nothing = log_of(client, f"?user={city_admin.pk}&model=enterprises.tag")
    assert nothing == ["没有符合条件的记录"]


def test_pages_of_fifty(client, city_admin, haining_reporter, regions):
    for i in range(55):
        new_enterprise(haining_reporter, regions["330481"], f"分页企业{i:02d}")
    client.force_login(city_admin)
    first = client.get(URL + "?model=enterprises.enterprise")
    second = client.get(URL + "?model=enterprises.enterprise&page=2")
    assert len(rows(first.content.decode())) == 50 and first.context["has_more"]
    assert len(rows(second.content.decode())) == 5 and not second.context["has_more"]
    names = [e.object_repr for e in first.context["entries"]] + [e.object_repr for e in second.context["entries"]]
    assert names == [f"分页企业{i:02d}" for i in reversed(range(55))]


def test_a_bulk_imports_rows_appear_with_the_importing_user(client, city_admin, haining_reporter, regions, tmp_path):
    path = write_workbook(tmp_path / "导入.xlsx", [enterprise_row(f"导入企业{i}") for i in range(3)])
    plan = apply_import(str(path), actor=haining_reporter, reason="Excel导入（任务 #7，文件 导入.xlsx）")
    assert plan.ok and len(plan.creates) == 3
    client.force_login(city_admin)

    lines = log_of(client, f"?user={haining_reporter.pk}&model=enterprises.enterprise")

    assert len(lines) == 3
    for i, line in enumerate(sorted(lines)):
        assert f"haining_reporter 企业 导入企业{i}" in line
        assert "新增 Excel导入（任务 #7，文件 导入.xlsx）" in line
        assert f"企业名称： — → 导入企业{i}" in line


def test_query_count_does_not_grow_with_the_entries(city_admin, regions):
    """Each entry's before/after needs the object's previous record: read per model, not per entry.

    (Tags have no many-to-many field; an enterprise's tag links: the next test.)
    """

    def log_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            operation_log(model="enterprises.tag", limit=50)
        return len(ctx.captured_queries)

    tags = [tag_create(data={"name": f"计数标签{i:02d}"}, actor=city_admin) for i in range(3)]
    for tag in tags:
        tag_update(tag=tag, data={"name": f"{tag.name}改"}, actor=city_admin)
    few = log_queries()
    tags += [tag_create(data={"name": f"计数标签{i:02d}"}, actor=city_admin) for i in range(3, 20)]
    for round_ in range(2):
        for tag in tags:
            tag_update(tag=tag, data={"name": f"{tag.name[:6]}改{round_}"}, actor=city_admin)
    assert log_queries() == few
    entries, _more = operation_log(model="enterprises.tag", limit=50)
    assert len(entries) == 50
    newest = entries[0]
    assert [(c.before, c.after) for c in newest.changes] == [("计数标签19改0", "计数标签19改1")]


def test_tag_changes_show_before_and_after_with_a_constant_number_of_queries(city_staff, regions):
    """An enterprise's tags are a many-to-many field: its before/after comes from the historical links, read
    for the whole page at once (simple-history's own diff reads them twice per entry)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lead, foreign = (
        tag_create(data={"name": "链主"}, actor=city_staff),
        tag_create(data={"name": "外资"}, actor=city_staff),
    )

    def tagged(count: int) -> None:
        for i in range(count):
            enterprise = new_enterprise(city_staff, regions["330481"], f"海宁标签{i:02d}有限公司")
            enterprise_update(enterprise=enterprise, data={"tags": [lead]}, actor=city_staff)
            enterprise_update(enterprise=enterprise, data={"tags": [lead, foreign]}, actor=city_staff)

    def log_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            operation_log(model="enterprises.enterprise", limit=50)
        return len(ctx.captured_queries)

    tagged(2)
    few = log_queries()
    tagged(10)
    assert log_queries() == few
    entries, _more = operation_log(model="enterprises.enterprise", limit=50)
    tag_changes = [(c.before, c.after) for e in entries for c in e.changes if c.field == "标签"]
    assert ("链主", "链主、外资") in tag_changes
    assert (None, "链主") in tag_changes
    # an entry without a tag change lists none
    renamed = new_enterprise(city_staff, regions["330481"], "海宁改名有限公司")
    enterprise_update(enterprise=renamed, data={"name": "海宁改名股份有限公司"}, actor=city_staff)
    newest = operation_log(model="enterprises.enterprise", limit=1)[0][0]
    assert [c.field for c in newest.changes] == ["企业名称"]


def test_the_log_in_english_names_permissions_in_english(client, make_user):
    """A role's permissions are stored with Chinese names (written when the tables were made); the log shows each
    in the reader's language, from its model and action (issue 15: the English page listed 上报月报, 产业链 …)."""
    from django.contrib.auth.models import Group, Permission
    from django.utils import translation

    from reporting.models import MonthlyReport

    admin = make_user(Role.CITY_ADMIN, "330400")
    group = Group.objects.create(name="试用角色")
    group.permissions.set(
        Permission.objects.filter(codename__in=["submit_monthlyreport", "view_monthlyreport", "add_tag"])
    )
    group.name = "试用角色二"
    group.save()  # a change of the role: the log shows its permissions
    client.force_login(admin)
    client.cookies["django_language"] = "en"
    text = " ".join(log_of(client, "?model=auth.group"))
    with translation.override("en"):
        report = str(MonthlyReport._meta.verbose_name)
    assert re.findall(r"[\u3400-\u9fff]+", text.replace("试用角色二", "").replace("试用角色", "")) == [], text
    assert f"View {report}" in text


def test_a_reason_the_system_wrote_reads_in_english(client, make_user, regions):
    """The regions import writes 导入地区 CSV as the change reason; the English log shows the catalog's words."""
    client.force_login(make_user(Role.CITY_ADMIN, "330400"))
    client.cookies["django_language"] = "en"
    text = " ".join(log_of(client, "?model=regions.region"))
    assert "Import region CSV" in text and "导入地区" not in text


def test_a_regions_aliases_read_as_a_list_of_names(client, city_admin, regions):
    """A JSON list (a region's aliases) is shown as the names joined by 、, not as Python's ['…', '…']."""
    from regions.services import region_update

    region = regions["330481"]
    region_update(region=region, data={"aliases": ["海宁", "海宁市区"]}, actor=city_admin)
    client.force_login(city_admin)

    line = next(line for line in log_of(client) if "别名" in line)

    assert "海宁、海宁市区" in line
    assert "[" not in line and "'" not in line
