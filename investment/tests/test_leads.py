"""Leads end to end: the stage table, signing into the key-project library once, foreign amounts, figures, sources."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.choices import Role
from investment import services, sources
from investment.choices import LEAD_MACHINE, SIGN, TERMINATE, WITH_PROJECT, LeadStage
from investment.models import ExchangeRate, Lead, ProjectPlatform, SigningTarget
from investment.tests.factories import LeadFactory, PlatformFactory
from projects.choices import Node, Stage
from projects.models import Project, ProjectNode

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(make_user):
    return make_user(Role.UNIT_REPORTER, "330421")  # 嘉善县


@pytest.fixture
def lead(regions):
    lead = LeadFactory(region=regions["330421"], platform=PlatformFactory(region=regions["330421"]))
    Lead.objects.filter(pk=lead.pk).update(stage=LeadStage.TALKS)
    lead.refresh_from_db()
    return lead


def test_the_stage_table_is_checked_by_the_service(regions, reporter):
    lead = services.lead_create(
        data={"name": "氢能电堆项目", "region": regions["330421"], "investor": "某氢能公司", "amount": Decimal(80000), "leader": "局长乙"},
        actor=reporter,
    )  # fmt: skip
    assert lead.stage == LeadStage.CLUE
    with pytest.raises(ValidationError, match="当前状态为“线索”，不能执行该操作"):
        services.lead_advance(lead=lead, to=LeadStage.TRANSFERRED, actor=reporter)
    with pytest.raises(ValidationError):
        services.lead_sign(lead=lead, signed_on=dt.date(2019, 5, 1), actor=reporter)  # 线索 cannot be signed
    with pytest.raises(ValidationError, match="原因"):
        services.lead_advance(lead=lead, to=LeadStage.TERMINATED, actor=reporter)
    lead = services.lead_advance(lead=lead, to=LeadStage.TALKS, actor=reporter)
    lead = services.lead_advance(lead=lead, to=LeadStage.TERMINATED, reason="投资方转投他地", actor=reporter)
    assert (lead.stage, lead.terminated_reason) == (LeadStage.TERMINATED, "投资方转投他地")


def test_signing_creates_the_key_project_once(lead, reporter):
    signed = services.lead_sign(lead=lead, signed_on=dt.date(2019, 5, 20), actor=reporter)
    project = signed.project
    assert (signed.stage, project.stage, project.total_investment) == (
        LeadStage.SIGNED,
        Stage.SIGNING,
        Decimal("150000"),
    )
    assert ProjectNode.objects.get(project=project, node=Node.SIGNED).actual_date == dt.date(2019, 5, 20)
    assert ProjectPlatform.objects.get(project=project).platform == lead.platform
    assert project.history.first().history_user == reporter
    with pytest.raises(ValidationError, match="不能重复签约"):
        services.lead_sign(lead=lead, signed_on=dt.date(2019, 5, 21), actor=reporter)  # the caller's stale copy
    assert Project.objects.count() == 1
    # the database refuses a second project on the lead's row too, and a signed lead without a project
    with pytest.raises(IntegrityError), transaction.atomic():
        Lead.objects.filter(pk=LeadFactory(region=lead.region).pk).update(project=project)
    with pytest.raises(IntegrityError), transaction.atomic():
        Lead.objects.filter(pk=lead.pk).update(project=None)


def test_transfer_waits_for_filing(lead, reporter):
    signed = services.lead_sign(lead=lead, signed_on=dt.date(2019, 5, 20), actor=reporter)
    with pytest.raises(ValidationError, match="尚未备案赋码"):
        services.lead_advance(lead=signed, to=LeadStage.TRANSFERRED, actor=reporter)
    ProjectNode.objects.create(project=signed.project, node=Node.FILED, actual_date=dt.date(2019, 6, 1))
    assert services.lead_advance(lead=signed, to=LeadStage.TRANSFERRED, actor=reporter).stage == LeadStage.TRANSFERRED


def test_a_foreign_lead_is_converted_at_the_signing_dates_rate(lead, reporter):
    Lead.objects.filter(pk=lead.pk).update(investor_kind="foreign", investor_country="德国", amount=Decimal("67421"))
    with pytest.raises(ValidationError, match="汇率"):
        services.lead_sign(lead=lead, signed_on=dt.date(2019, 2, 15), actor=reporter)
    ExchangeRate.objects.create(date=dt.date(2019, 2, 14), usd_cny=Decimal("6.7421"))
    ExchangeRate.objects.create(date=dt.date(2019, 2, 18), usd_cny=Decimal("6.7700"))  # after the signing date
    signed = services.lead_sign(lead=lead, signed_on=dt.date(2019, 2, 15), actor=reporter)
    assert (signed.exchange_rate, signed.amount_usd) == (Decimal("6.7421"), Decimal("10000.00"))
    haining = lead.region
    assert sources.foreign_investment_usd(haining, 2019, 2) == Decimal("10000.00")
    assert sources.foreign_investment_usd(haining, 2019, 1) == 0
    assert sources.projects_over_100m(haining, 2019, 12) == 1


def test_a_unit_user_cannot_reach_another_units_leads(client, lead, make_user):
    other = make_user(Role.UNIT_REPORTER, "330481")
    client.force_login(other)
    assert client.post(reverse("investment:lead_sign", args=[lead.pk]), {"signed_on": "2019-05-01"}).status_code == 404
    assert client.post(f"/api/leads/{lead.pk}/sign/", {"signed_on": "2019-05-01"}).status_code == 404
    assert Project.objects.count() == 0


def test_signing_through_the_api_and_page_and_the_figures(client, lead, reporter, regions):
    client.force_login(reporter)
    response = client.post(f"/api/leads/{lead.pk}/sign/", {"signed_on": "2019-05-20"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["stage"] == "signed"
    again = client.post(f"/api/leads/{lead.pk}/sign/", {"signed_on": "2019-05-21"}, content_type="application/json")
    assert again.status_code == 400 and "不能重复签约" in str(again.json())
    page = client.post(reverse("investment:lead_sign", args=[lead.pk]), {"signed_on": "2019-05-21"}, follow=True)
    assert "不能重复签约" in page.content.decode()
    SigningTarget.objects.create(region=regions["330421"], year=2019, tier="ge10", count=5, amount=Decimal("200000"))
    figures = client.get("/api/leads/figures/", {"year": 2019}).json()
    assert figures["signed"]["count"] == 1
    assert figures["targets"] == [
        {"unit": "嘉善县", "tier": "ge10", "target": 5, "signed": 1, "target_amount": "200000.00",
         "signed_amount": "150000.00", "done": False}
    ]  # fmt: skip
    assert figures["conversion"] == {"numerator": 0, "denominator": 1, "basis": "2019年签约项目", "percent": "0.0"}
    by_platform = {p["platform"]: p for p in figures["platforms"]}
    assert by_platform[lead.platform.name]["projects"] == 1
    assert by_platform[lead.platform.name]["investment"] == "150000.00"
    html = client.get(reverse("investment:figures"), {"year": 2019}).content.decode()
    assert "75.0%" in html  # 15 of the 20 亿元 signing target
    project = Lead.objects.get(pk=lead.pk).project
    detail = client.get(reverse("projects:project_detail", args=[project.pk]))
    assert lead.name in detail.content.decode()  # the project page names the lead it was signed from


def test_the_lead_list_has_a_constant_query_count(client, regions, city_staff):
    from chains.tests.factories import ChainFactory

    chain = ChainFactory()
    for i in range(120):
        LeadFactory(region=regions["330481" if i % 2 else "330421"], chain=chain if i % 3 else None)
    client.force_login(city_staff)
    counts = []
    for query in ("", "?page=2", "?stage=clue&sort=name", "?band=10to50"):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("investment:lead_list") + query).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert len(set(counts)) == 1, counts  # no query per row: 50 rows or 20 cost the same


def _lead_move(action: str, lead: Lead, actor: Any) -> None:
    if action == SIGN:
        services.lead_sign(lead=lead, signed_on=dt.date(2019, 5, 20), actor=actor)
    else:
        target = next(t.target for t in LEAD_MACHINE.transitions if t.action == action)
        services.lead_advance(lead=lead, to=target, reason="投资方转投他地", actor=actor)


@pytest.mark.parametrize(("stage", "action"), LEAD_MACHINE.moves_not_in_table(LeadStage.values))
def test_a_lead_refuses_every_move_not_in_the_table(lead, reporter, stage, action):
    if stage in WITH_PROJECT:
        services.lead_sign(lead=lead, signed_on=dt.date(2019, 5, 20), actor=reporter)
    Lead.objects.filter(pk=lead.pk).update(stage=stage, terminated_reason="投资方转投他地")
    lead.refresh_from_db()
    projects = Project.objects.count()
    with pytest.raises(ValidationError):
        _lead_move(action, lead, reporter)
    lead.refresh_from_db()
    assert (lead.stage, Project.objects.count()) == (stage, projects)


def test_a_leader_may_make_no_move(lead, make_user):
    with pytest.raises(PermissionDenied):
        _lead_move(TERMINATE, lead, make_user(Role.LEADER, "330421"))
    lead.refresh_from_db()
    assert lead.stage == LeadStage.TALKS
