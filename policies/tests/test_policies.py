"""Policies: criteria validated and compiled to queries (same answer as a per-enterprise Python check), matching
both ways with met/missed, 免申即享 confirmed by the city, applications reviewed, payments, the summary sentence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from accounts.choices import Role
from enterprises.models import Enterprise, Industry, Tag
from policies import services
from policies.choices import GrantStatus
from policies.criteria import describe
from policies.models import Disbursement, Policy, PolicyCriterion, PolicyGrant
from policies.selectors import automatic_proposal, eligible_enterprises, policies_for, summary_sentence
from policies.services import GRANT_MACHINE
from projects.models import Project
from tests.factories import DepartmentFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(regions, make_user):
    c34 = Industry.objects.get(code="C34")
    c13 = Industry.objects.get(code="C13")
    tag = Tag.objects.create(name="专精特新中小企业")
    firms = {
        "big_c34": EnterpriseFactory(region=regions["330481"], industry=c34, size_class="above", employees=300),
        "small_c34": EnterpriseFactory(region=regions["330481"], industry=c34, size_class="below", employees=20),
        "big_c13_js": EnterpriseFactory(region=regions["330421"], industry=c13, size_class="above", employees=500),
    }
    firms["small_c34"].tags.add(tag)
    Project.objects.create(name="年产1万台设备技改", region=regions["330481"], enterprise=firms["big_c34"],
                           project_type="tech", total_investment=Decimal("25000"))  # fmt: skip
    city = make_user(Role.CITY_STAFF, "330400")
    policy = services.policy_create(
        data={"title": "规上装备制造技改补助", "department": DepartmentFactory(region=regions["330400"]), "valid_from": dt.date(2019, 1, 1),
              "combine": "all", "no_application": True, "amount_kind": "percent", "percent": Decimal("5"), "cap": Decimal("1000")},
        actor=city,
    )  # fmt: skip
    return {"firms": firms, "city": city, "policy": policy, "regions": regions}


def _add(policy, actor, **data):
    return services.policycriterion_create(data={"policy": policy, **data}, actor=actor)


def test_unknown_codes_are_refused_on_save(world):
    policy, city = world["policy"], world["city"]
    with pytest.raises(ValidationError, match="C99"):
        _add(policy, city, kind="industry", values=["C99"])
    with pytest.raises(ValidationError, match="E"):
        _add(policy, city, kind="mujun", values=["E"], year=2019)
    with pytest.raises(ValidationError, match="金鹰"):
        _add(policy, city, kind="tier", values=["金鹰"])
    with pytest.raises(ValidationError):
        _add(policy, city, kind="mujun", values=["A"])  # no year
    assert not PolicyCriterion.objects.exists()


def python_reference(policy: Policy, enterprise: Enterprise) -> bool:
    """The naive way: each criterion checked in Python for one enterprise."""
    checks = []
    for c in policy.criteria.all():
        if c.kind == "industry":
            checks.append(
                any((enterprise.industry.code if enterprise.industry else "").startswith(v) for v in c.values)
            )
        elif c.kind == "size":
            checks.append(enterprise.size_class in c.values)
        elif c.kind == "region":
            checks.append(
                enterprise.region.code in c.values
                or any(
                    enterprise.region.path.startswith(r.path)
                    for r in type(enterprise.region).objects.filter(code__in=c.values)
                )
            )
        elif c.kind == "employees":
            checks.append((enterprise.employees or 0) >= c.minimum)
        elif c.kind == "tag":
            checks.append(enterprise.tags.filter(name__in=c.values).exists())
        elif c.kind == "tier":
            checks.append(
                any(e.status == "recognised" and e.title.name in c.values for e in enterprise.tier_entries.all())
            )
        elif c.kind == "investment":
            checks.append(sum(p.total_investment for p in Project.objects.filter(enterprise=enterprise)) >= c.minimum)
    return all(checks) if policy.combine == "all" else any(checks)


def test_matching_both_ways_equals_the_python_check(world):
    policy, city, firms = world["policy"], world["city"], world["firms"]
    _add(policy, city, kind="industry", values="C34")
    _add(policy, city, kind="size", values=["above"])
    _add(policy, city, kind="region", values=["330400"])
    _add(policy, city, kind="investment", minimum=Decimal("10000"))
    assert {e.pk for e in eligible_enterprises(policy)} == {firms["big_c34"].pk}
    for enterprise in Enterprise.objects.all():
        assert (enterprise.pk in {e.pk for e in eligible_enterprises(policy)}) == python_reference(policy, enterprise)
    match = policies_for(firms["small_c34"], Policy.objects.all())[0]
    assert not match.matched
    assert match.line == "行业 C34 ✓ · 规上 ✗ · 属地 330400 ✓ · 重点项目总投资 ≥ 10000万元 ✗"
    with translation.override("en"):  # an English page shows the criteria in English, the codes as typed
        line = policies_for(firms["small_c34"], Policy.objects.all())[0].line
    assert line == (
        "Industry C34 ✓ · Above designated size ✗ · Home region 330400 ✓ · Key-project total investment ≥ 10000 10k yuan ✗"
    )
    policy.combine = "any"
    policy.save()
    assert {e.pk for e in eligible_enterprises(policy)} == {
        e.pk for e in Enterprise.objects.all() if python_reference(policy, e)
    }


def test_tier_criterion_reads_the_tier_library(world):
    from tiers.models import Title
    from tiers.tests.factories import TierEntryFactory

    policy, city, firms = world["policy"], world["city"], world["firms"]
    zjtx, giant = Title.objects.get(code="zjtx"), Title.objects.get(code="xjr")
    TierEntryFactory(enterprise=firms["small_c34"], title=zjtx, year=2021, status="recognised")
    TierEntryFactory(enterprise=firms["big_c34"], title=zjtx, year=2019, status="expired")  # no longer held
    TierEntryFactory(enterprise=firms["big_c34"], title=giant, year=2022, status="cultivating")  # not recognised
    criterion = _add(policy, city, kind="tier", values=["专精特新"])  # an alias: stored as the title's name
    assert criterion.values == ["专精特新中小企业"]
    assert [e.pk for e in eligible_enterprises(policy)] == [firms["small_c34"].pk]
    for enterprise in Enterprise.objects.all():
        in_list = enterprise.pk in {e.pk for e in eligible_enterprises(policy)}
        assert in_list == python_reference(policy, enterprise)
    with pytest.raises(ValidationError, match="科技部"):
        _add(policy, city, kind="tier", values=["科技部"])


def test_no_application_list_confirmed_by_the_city(world, make_user):
    policy, city, firms = world["policy"], world["city"], world["firms"]
    _add(policy, city, kind="industry", values=["C34"])
    proposal = automatic_proposal(policy)
    assert [(e.pk, a) for e, a in proposal] == [
        (firms["big_c34"].pk, Decimal("1000.00"))
    ]  # 5 % of 25,000 capped at 1,000
    with pytest.raises(Exception):
        services.automatic_grants_confirm(policy=policy, actor=make_user(Role.UNIT_REPORTER, "330481"))
    assert services.automatic_grants_confirm(policy=policy, actor=city) == 1
    grant = PolicyGrant.objects.get()
    assert (grant.source, grant.status, grant.amount) == ("automatic", "granted", Decimal("1000.00"))
    assert automatic_proposal(policy) == []  # confirmed once


def test_application_review_and_payment(world, make_user):
    regions, firms, city = world["regions"], world["firms"], world["city"]
    department = DepartmentFactory(region=regions["330400"])
    policy = services.policy_create(
        data={"title": "企业上云奖励", "department": department, "valid_from": dt.date(2019, 1, 1)}, actor=city
    )
    applicant = make_user(Role.ENTERPRISE_USER, "330481", enterprise=firms["small_c34"])
    grant = services.policygrant_create(
        data={"policy": policy, "application_text": "已上云", "amount": Decimal("20")}, actor=applicant
    )
    unit = make_user(Role.UNIT_REVIEWER, "330481")
    handler = make_user(Role.DEPARTMENT_HANDLER, "330400", department=department)
    with pytest.raises(ValidationError):
        services.grant_review(grant=grant, action="grant", actor=handler)  # the unit reviews first
    services.grant_review(grant=grant, action="unit_approve", actor=unit)
    with pytest.raises(ValidationError):
        services.grant_review(grant=grant, action="refuse", actor=handler, reason="")  # a refusal needs a reason
    services.grant_review(grant=grant, action="grant", actor=handler)
    grant.refresh_from_db()
    assert grant.status == "granted" and grant.decided_on is not None
    services.disbursement_create(
        data={
            "grant": grant,
            "amount": Decimal("20"),
            "paid_on": grant.decided_on,
            "fund_source": "市级财政",
            "batch": "2019-1",
        },
        actor=city,
    )
    with pytest.raises(ValidationError):
        services.disbursement_create(
            data={"grant": grant, "amount": Decimal("1"), "paid_on": grant.decided_on}, actor=city
        )
    year = grant.decided_on.year
    sentence = summary_sentence(PolicyGrant.objects.all(), Disbursement.objects.all(), year)
    assert sentence == f"{year}年共兑现惠企政策1项，涉及1个部门，惠及企业1家，兑付资金0.00亿元。"


def test_pages_and_api(world, client, make_user):
    policy, city, firms = world["policy"], world["city"], world["firms"]
    _add(policy, city, kind="industry", values=["C34"])
    client.force_login(city)
    page = client.get(f"/policies/{policy.pk}/")
    assert page.status_code == 200 and "确认名单并兑现" in page.content.decode()
    assert client.get(f"/api/policies/{policy.pk}/eligible/").json()["enterprises"][0]["criteria"][0]["met"] is True
    assert client.get("/policies/figures/").status_code == 200
    owner = make_user(Role.ENTERPRISE_USER, "330481", enterprise=firms["small_c34"])
    client.force_login(owner)
    mine = client.get("/api/policies/for-enterprise/").json()
    assert mine[0]["matched"] is True and mine[0]["line"] == "行业 C34 ✓"
    assert "行业 C34 ✓" in client.get("/policies/mine/").content.decode()
    assert client.post(f"/api/policies/{policy.pk}/confirm/").status_code == 403


@pytest.mark.parametrize(("status", "action"), GRANT_MACHINE.moves_not_in_table(GrantStatus.values))
def test_a_grant_refuses_every_move_not_in_the_table(world, status, action):
    """The city holds both sides, so only the table can refuse these moves."""
    policy, city = world["policy"], world["city"]
    grant = PolicyGrant.objects.create(
        policy=policy, enterprise=world["firms"]["big_c34"], region=world["regions"]["330481"], status=status
    )
    with pytest.raises(ValidationError):
        services.grant_review(grant=grant, action=action, actor=city, reason="材料不全")
    grant.refresh_from_db()
    assert grant.status == status


@pytest.mark.parametrize("action", ["unit_approve", "unit_refuse"])
def test_the_department_may_not_make_the_units_move(world, make_user, action):
    handler = make_user(Role.DEPARTMENT_HANDLER, "330400", department=world["policy"].department)
    grant = PolicyGrant.objects.create(
        policy=world["policy"], enterprise=world["firms"]["big_c34"], region=world["regions"]["330481"],
        status=GrantStatus.APPLIED,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.grant_review(grant=grant, action=action, actor=handler, reason="材料不全")
    grant.refresh_from_db()
    assert grant.status == GrantStatus.APPLIED


def test_the_own_policies_menu_entry_is_offered_only_to_who_can_open_it(world, client, make_user):
    """Staff and unit reporters may apply (add_policygrant) but have no enterprise of their own: /policies/mine/
    answers them 404, so their menu leaves it out; an enterprise user sees it and opens it."""
    from django.test import RequestFactory

    from core.context_processors import navigation

    def menu_urls(user):
        request = RequestFactory().get("/")
        request.user = user
        return {link["url"] for menu in navigation(request)["navigation"] for link in menu["links"]}

    owner = make_user(Role.ENTERPRISE_USER, "330481", enterprise=world["firms"]["small_c34"])
    reporter = make_user(Role.UNIT_REPORTER, "330481")
    for user in (world["city"], reporter):
        assert user.has_perm("policies.add_policygrant")
        assert "/policies/mine/" not in menu_urls(user)
        client.force_login(user)
        assert client.get("/policies/mine/").status_code == 404
    assert "/policies/mine/" in menu_urls(owner)
    client.force_login(owner)
    assert client.get("/policies/mine/").status_code == 200


@pytest.mark.parametrize(
    ("kind", "values", "year", "minimum", "chinese", "english"),
    [
        ("mujun", ["A", "B"], 2019, None, "2019 亩均 A类/B类", "2019 per-mu evaluation class A/class B"),
        ("size", ["below"], None, None, "规下", "Below designated size"),
        ("industry", ["C34", "C35"], None, None, "行业 C34、C35", "Industry C34, C35"),
        ("employees", [], None, Decimal("100"), "从业人员 ≥ 100人", "Employees ≥ 100 people"),
        ("land", [], None, Decimal("10.50"), "用地面积 ≥ 10.5亩", "Land area ≥ 10.5 mu"),
    ],
)
def test_a_criterion_reads_in_the_bureaus_words_in_either_language(kind, values, year, minimum, chinese, english):
    criterion = PolicyCriterion(kind=kind, values=values, year=year, minimum=minimum)
    assert describe(criterion) == chinese
    with translation.override("en"):
        assert describe(criterion) == english
