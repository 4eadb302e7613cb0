"""Chains end to end: services and scope, the import with findings, the chain page, graph, risk table, API."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.choices import Role
from chains import importing, services
from chains.choices import RISK_MACHINE, RiskStatus
from chains.models import ChainEnterprise
from chains.tests.factories import ChainFactory, make_member, make_risk, make_segment
from mujun.tests.factories import EnterpriseYearDataFactory
from projects.models import Project
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pv(regions):
    chain = ChainFactory(name="光伏")
    up = make_segment(chain, "上游", position="up")
    glass = make_segment(name="光伏玻璃", parent=up)
    cells = make_segment(chain, "电池片", position="mid")
    return {"chain": chain, "up": up, "glass": glass, "cells": cells}


def xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(list(importing.COLUMNS.values()))
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_a_county_user_keeps_only_its_own_units_enterprises_on_a_chain(pv, regions, make_user):
    reporter = make_user(Role.UNIT_REPORTER, "330481")
    mine = EnterpriseFactory(region=regions["330481"])
    theirs = EnterpriseFactory(region=regions["330421"])
    member = services.chainenterprise_create(
        data={"segment": pv["cells"], "enterprise": mine, "role": "master"}, actor=reporter
    )
    assert member.chain == pv["chain"]
    with pytest.raises(ValidationError, match="不在您的数据范围内"):
        services.chainenterprise_create(
            data={"segment": pv["cells"], "enterprise": theirs, "role": "core"}, actor=reporter
        )
    with pytest.raises(ValidationError, match="已在此环节上"):
        services.chainenterprise_create(
            data={"segment": pv["cells"], "enterprise": mine, "role": "core"}, actor=reporter
        )
    assert member.history.first().history_user == reporter


def test_import_unknown_chain_segment_and_code_are_findings_and_nothing_is_written(pv, regions, make_user):
    reporter = make_user(Role.UNIT_REPORTER, "330481")
    mine = EnterpriseFactory(region=regions["330481"])
    theirs = EnterpriseFactory(region=regions["330421"])
    rows = [
        ["光伏", "电池片", mine.uscc, mine.name, "链主", "TOPCon"],
        ["风电", "叶片", mine.uscc, "", "一般", ""],
        ["光伏", "硅料", mine.uscc, "", "一般", ""],
        ["光伏", "光伏玻璃", "91330481MA2XXXXXXX", "", "一般", ""],
        ["光伏", "光伏玻璃", theirs.uscc, "", "一般", ""],
        ["光伏", "光伏玻璃", mine.uscc, "", "龙头", ""],
    ]
    plan = importing.apply_import(xlsx(rows), actor=reporter, reason="test")
    found = {(f.row, f.column.split("（")[0]) for f in plan.errors}
    assert found == {(3, "A"), (4, "B"), (5, "C"), (6, "C"), (7, "E")}
    assert any("未知的产业链" in f.message for f in plan.errors)
    assert ChainEnterprise.objects.count() == 0


def test_import_clean_file_creates_then_updates(pv, regions, make_user):
    reporter = make_user(Role.UNIT_REPORTER, "330481")
    a, b = EnterpriseFactory(region=regions["330481"]), EnterpriseFactory(region=regions["330481"])
    plan = importing.apply_import(
        xlsx([["光伏", "电池片", a.uscc, a.name, "链主", "TOPCon"], ["光伏", "光伏玻璃", b.uscc, "", "核心配套", ""]]),
        actor=reporter, reason="test",
    )  # fmt: skip
    assert plan.ok and (plan.creates, plan.updates) == (2, 0)
    plan = importing.apply_import(xlsx([["光伏", "电池片", a.uscc, "", "一般", "PERC"]]), actor=reporter, reason="t")
    assert (plan.creates, plan.updates) == (0, 1)
    assert ChainEnterprise.objects.get(enterprise=a).role == "general"


def test_chain_page_figures_graph_and_gaps(client, pv, regions, haining_reporter):
    master = EnterpriseFactory(region=regions["330481"], size_class="above", name="晶科能源")
    other = EnterpriseFactory(region=regions["330421"], size_class="below")  # another unit: still on the page
    make_member(regions["330481"], enterprise=master, segment=pv["cells"], role="master")
    make_member(regions["330421"], enterprise=other, segment=pv["cells"], role="general")
    EnterpriseYearDataFactory(enterprise=master, year=2021, tax=Decimal("9000"), value_added=Decimal("50000"))
    Project.objects.create(
        name="8GW电池片", region=regions["330481"], enterprise=master, total_investment=Decimal("890000")
    )
    client.force_login(haining_reporter)
    response = client.get(reverse("chains:chain_detail", args=[pv["chain"].pk]))
    assert response.status_code == 200
    page = response.context["page"]
    cells = next(r for r in page.rows if r.segment.name == "电池片")
    assert (cells.enterprises, cells.masters, cells.above_size, cells.tax, cells.projects, cells.investment) == (
        2, 1, 1, Decimal("9000"), 1, Decimal("890000"),
    )  # fmt: skip
    assert page.year == 2021
    assert [g.name for g in page.gaps] == ["上游"]
    graph = client.get(reverse("chains:chain_graph", args=[pv["chain"].pk])).json()
    masters = [n for n in graph["nodes"] if n.get("master")]
    assert [n["name"] for n in masters] == ["晶科能源"]
    assert masters[0]["url"] == reverse("enterprises:enterprise_detail", args=[master.pk])
    # …but the registry of enterprises on chains lists only the reporter's unit
    listed = client.get(reverse("chains:chainenterprise_list")).context["view"].object_list
    assert [m.enterprise for m in listed] == [master]
    api = client.get(f"/api/chains/{pv['chain'].pk}/figures/").json()
    assert api["segments"][-1]["enterprises"] == 2 and api["gaps"] == [pv["up"].pk]


def test_risk_register_overdue_and_monthly_table(client, pv, regions, haining_reporter):
    overdue = make_risk(
        regions["330481"], chain=pv["chain"], item="高纯石英砂", next_review=dt.date(2020, 1, 1), level="red"
    )
    make_risk(regions["330481"], chain=pv["chain"], item="EVA胶膜", identified_on=dt.date(2022, 5, 1))  # after March
    make_risk(regions["330421"], chain=pv["chain"], item="银浆")  # another unit
    client.force_login(haining_reporter)
    listed = client.get(reverse("chains:chainrisk_list"), {"overdue": "true"}).context["view"].object_list
    assert list(listed) == [overdue]
    response = client.get(reverse("chains:chain_risk_table", args=[pv["chain"].pk]), {"year": 2022, "month": 3})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "2022年3月" in rows[0][0]
    items = [r[3] for r in rows[2:]]
    assert items == ["高纯石英砂"]
    assert rows[2][14] == "是"  # overdue at the month's end
    api = client.get(f"/api/chains/{pv['chain'].pk}/risk-table/", {"year": 2022, "month": 3})
    assert api.status_code == 200 and api["Content-Type"].startswith("application/vnd.openxmlformats")
    closed = services.chainrisk_set_status(chainrisk=overdue, status="closed", actor=haining_reporter)
    assert closed.closed_on is not None
    with pytest.raises(ValidationError):
        services.chainrisk_set_status(chainrisk=closed, status="closed", actor=haining_reporter)


def test_import_through_the_pages(client, pv, regions, haining_reporter, django_capture_on_commit_callbacks):
    mine = EnterpriseFactory(region=regions["330481"])
    client.force_login(haining_reporter)
    upload = SimpleUploadedFile("chain.xlsx", xlsx([["光伏", "电池片", mine.uscc, "", "链主", ""]]).read())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("chains:chainenterprise_import"), {"file": upload})
    assert response.status_code == 302
    job_id = int(response.url.rstrip("/").split("/")[-1])
    preview = client.get(reverse("chains:chainenterprise_import_preview", args=[job_id]))
    assert preview.status_code == 200 and preview.context["result"]["errors"] == 0
    assert ChainEnterprise.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("chains:chainenterprise_import_preview", args=[job_id]))
    assert ChainEnterprise.objects.get().role == "master"


def test_chain_page_counts_the_tier_titles_its_enterprises_hold(client, pv, regions, haining_reporter):
    from tiers.models import Title
    from tiers.tests.factories import TierEntryFactory, TitleFactory

    zjtx = Title.objects.get(code="zjtx")
    giant = TitleFactory(name="小巨人（测试）", ladder=zjtx.ladder + 1)
    master = EnterpriseFactory(region=regions["330481"])
    supplier = EnterpriseFactory(region=regions["330421"])
    make_member(regions["330481"], enterprise=master, segment=pv["cells"], role="master")
    make_member(regions["330481"], enterprise=master, segment=pv["glass"], role="core")
    make_member(regions["330421"], enterprise=supplier, segment=pv["glass"], role="general")
    TierEntryFactory(enterprise=master, title=zjtx, year=2021, status="recognised")
    TierEntryFactory(enterprise=master, title=zjtx, year=2022, status="recognised")  # the same title again
    TierEntryFactory(enterprise=master, title=giant, year=2022, status="recognised")
    TierEntryFactory(enterprise=supplier, title=zjtx, year=2022, status="recognised")
    TierEntryFactory(enterprise=supplier, title=giant, year=2020, status="dropped")  # no longer held
    TierEntryFactory(enterprise=EnterpriseFactory(region=regions["330481"]), title=giant, status="recognised")  # off
    client.force_login(haining_reporter)
    response = client.get(reverse("chains:chain_detail", args=[pv["chain"].pk]))
    page = response.context["page"]
    titles = {row.segment.name: counts for row, counts in page.rows_with_titles()}
    assert titles["电池片"] == [(zjtx.name, 1), ("小巨人（测试）", 1)]  # ladder order
    assert titles["光伏玻璃"] == [(zjtx.name, 2), ("小巨人（测试）", 1)]
    assert titles["上游"] == titles["光伏玻璃"]  # the subtree, each enterprise once
    assert page.total_titles() == [(zjtx.name, 2), ("小巨人（测试）", 1)]  # the master counts once on the chain
    assert f"{zjtx.name} 2、小巨人（测试） 1" in response.content.decode()
    api = client.get(f"/api/chains/{pv['chain'].pk}/figures/").json()
    assert api["segments"][-1]["titles"] == [
        {"title": zjtx.name, "enterprises": 2},
        {"title": "小巨人（测试）", "enterprises": 1},
    ]


def test_moving_a_segment_takes_its_subtree_and_enterprises_along(client, pv, regions, city_staff, haining_reporter):
    from chains.models import Segment

    parent = Segment.objects.get_parent
    modules = make_segment(pv["chain"], "组件", position="down")
    frame = make_segment(name="边框", parent=pv["glass"])
    member = make_member(regions["330481"], segment=frame, role="core")
    # 光伏玻璃 (with 边框 and its enterprise) moves from 上游 to under 组件 (下游)
    moved = services.segment_move(segment=pv["glass"], parent=modules, actor=city_staff)
    frame.refresh_from_db()
    assert parent(moved) == modules and parent(frame) == moved
    assert (moved.position, frame.position) == ("down", "down")
    assert ChainEnterprise.objects.get(pk=member.pk).segment == frame
    record = moved.history.first()
    assert record.history_user == city_staff and record.path == moved.path
    assert record.prev_record.path != moved.path  # before and after
    with pytest.raises(ValidationError, match="自身或其下级"):
        services.segment_move(segment=moved, parent=frame, actor=city_staff)
    other = make_segment(ChainFactory(name="风电"), "叶片", position="mid")
    with pytest.raises(ValidationError, match="同一产业链"):
        services.segment_move(segment=moved, parent=other, actor=city_staff)
    with pytest.raises(PermissionDenied):
        services.segment_move(segment=moved, parent=None, actor=haining_reporter)
    # the page's form, then the API, back to the top
    client.force_login(city_staff)
    page = client.get(reverse("chains:segment_detail", args=[moved.pk])).content.decode()
    assert 'data-testid="segment-move"' in page
    client.post(reverse("chains:segment_move", args=[moved.pk]), {"parent": pv["up"].pk})
    assert parent(Segment.objects.get(pk=moved.pk)) == pv["up"]
    response = client.post(f"/api/chain-segments/{moved.pk}/move/", {"parent": None}, content_type="application/json")
    assert response.status_code == 200 and response.json()["depth"] == 1
    assert parent(Segment.objects.get(pk=frame.pk)).pk == moved.pk
    refused = client.post(
        f"/api/chain-segments/{moved.pk}/move/", {"parent": frame.pk}, content_type="application/json"
    )
    assert refused.status_code == 400 and "自身或其下级" in str(refused.json())
    client.force_login(haining_reporter)
    assert (
        client.post(
            f"/api/chain-segments/{moved.pk}/move/", {"parent": None}, content_type="application/json"
        ).status_code
        == 403
    )


@pytest.mark.parametrize(("status", "action"), RISK_MACHINE.moves_not_in_table(RiskStatus.values))
def test_a_risk_refuses_every_move_not_in_the_table(pv, regions, haining_reporter, status, action):
    risk = make_risk(regions["330481"], chain=pv["chain"], item="高纯石英砂", status=status)
    target = next(t.target for t in RISK_MACHINE.transitions if t.action == action)
    with pytest.raises(ValidationError):
        services.chainrisk_set_status(chainrisk=risk, status=target, actor=haining_reporter)
    risk.refresh_from_db()
    assert risk.status == status


def test_a_risk_moves_only_for_a_user_who_may_change_it(pv, regions, make_user):
    risk = make_risk(regions["330481"], chain=pv["chain"], item="高纯石英砂")
    with pytest.raises(PermissionDenied):
        services.chainrisk_set_status(chainrisk=risk, status=RiskStatus.CLOSED, actor=make_user(Role.LEADER, "330481"))
    risk.refresh_from_db()
    assert risk.status == RiskStatus.OPEN


def test_the_move_page_fetches_the_segment_once_for_its_form_and_the_service(client, pv, city_staff, monkeypatch):
    from chains.models import Segment
    from chains.views import SegmentMoveView

    fetched = []
    fetch = SegmentMoveView.get_object
    monkeypatch.setattr(SegmentMoveView, "get_object", lambda view: fetched.append(view) or fetch(view))
    client.force_login(city_staff)
    client.post(reverse("chains:segment_move", args=[pv["glass"].pk]), {"parent": ""})
    assert len(fetched) == 1
    assert Segment.objects.get_parent(Segment.objects.get(pk=pv["glass"].pk)) is None  # moved to the top
