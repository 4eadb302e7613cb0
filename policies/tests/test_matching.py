"""Matching at the scale of the registry: every policy counted in one pass (`policy_reach`) equals the slow reference
(each criterion of each policy checked in Python on each enterprise of a generated registry), equals the per-policy
query (`eligible_enterprises`), and equals the met/missed answer of one enterprise's page (`policies_for`)."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.models import Enterprise, Industry, Tag
from mujun.models import EvaluationResult
from mujun.tests.factories import EvaluationResultFactory, EvaluationRunFactory
from policies.matching import policy_reach
from policies.models import Policy, PolicyCriterion
from policies.selectors import eligible_enterprises, policies_for
from projects.models import Project
from regions.models import Region
from tests.factories import DepartmentFactory, EnterpriseFactory
from tiers.models import TierEntry, Title

pytestmark = pytest.mark.django_db

UNITS = ["330402", "330411", "330421", "330481", "330482"]
TAGS = ["上市后备", "外资企业"]
CODES = ["C13", "C17", "C34", "C3411", "C39", "F51"]


def generated_registry(regions: dict[str, Any], rng: random.Random, n: int) -> None:
    """n enterprises with every fact a criterion reads, drawn at random (industry, size, unit, employees, land,
    tags, tier titles held or not, a final and a draft 亩均 run, key-project investment)."""
    industries = [*Industry.objects.filter(code__in=CODES), None]
    tags = [Tag.objects.create(name=t) for t in TAGS]
    titles = list(Title.objects.all()[:3])
    final = EvaluationRunFactory(year=2023, status="final", codes=["tax_per_mu"])
    draft = EvaluationRunFactory(year=2023, status="computed", codes=["tax_per_mu"])
    for i in range(n):
        firm = EnterpriseFactory(
            region=regions[rng.choice(UNITS)],
            industry=rng.choice(industries),
            size_class=rng.choice(["above", "below"]),
            employees=rng.choice([None, 10, 50, 120, 400]),
            land_mu=rng.choice([None, Decimal("5"), Decimal("30"), Decimal("80")]),
        )
        firm.tags.set(rng.sample(tags, rng.randint(0, 2)))
        for title in rng.sample(titles, rng.randint(0, 2)):
            status = rng.choice(["recognised", "recognised", "expired", "cultivating"])
            TierEntry.objects.create(enterprise=firm, title=title, year=2022, status=status)
        if rng.random() < 0.7:
            EvaluationResultFactory(run=final, enterprise=firm, final_class=rng.choice("ABCD"))
        if rng.random() < 0.5:  # a draft run's class is no fact yet
            EvaluationResultFactory(run=draft, enterprise=firm, final_class=rng.choice("ABCD"))
        for _ in range(rng.randint(0, 2)):
            Project.objects.create(name=f"项目{i}", region=firm.region, enterprise=firm, project_type="tech",
                                   total_investment=Decimal(rng.choice([800, 3000, 9000])))  # fmt: skip


def generated_policies(regions: dict[str, Any], rng: random.Random, n: int) -> list[Policy]:
    department = DepartmentFactory(region=regions["330400"])
    titles = list(Title.objects.values_list("name", flat=True)[:3])
    choices: dict[str, Any] = {
        "industry": lambda: {"values": rng.sample(["C", "C3", "C34", "C3411", "F", "C17"], rng.randint(1, 2))},
        "size": lambda: {"values": [rng.choice(["above", "below"])]},
        "region": lambda: {"values": rng.sample(["330400", *UNITS], rng.randint(1, 2))},
        "employees": lambda: {"minimum": Decimal(rng.choice([0, 50, 100, 300]))},
        "land": lambda: {"minimum": Decimal(rng.choice([10, 50]))},
        "tag": lambda: {"values": rng.sample(TAGS, rng.randint(1, 2))},
        "tier": lambda: {"values": rng.sample(titles, rng.randint(1, 2))},
        "mujun": lambda: {"values": rng.sample("ABCD", rng.randint(1, 2)), "year": rng.choice([2023, 2023, 2022])},
        "investment": lambda: {"minimum": Decimal(rng.choice([1000, 5000]))},
    }
    policies = []
    for i in range(n):
        policy = Policy.objects.create(title=f"政策{i}", department=department, valid_from="2024-01-01",
                                       combine=rng.choice(["all", "any"]))  # fmt: skip
        for kind in rng.sample(sorted(choices), rng.randint(0, 4)):  # 0: a policy without criteria reaches all
            PolicyCriterion.objects.create(policy=policy, kind=kind, **choices[kind]())
        policies.append(policy)
    return policies


def reference(policy: Policy, firm: Enterprise, facts: dict[str, Any]) -> tuple[bool, list[bool]]:
    """The slow way, written from the rules and not from the compiler: each criterion checked on one enterprise."""
    checks = []
    for c in policy.criteria.all():
        pk = firm.pk
        if c.kind == "industry":
            checks.append(firm.industry is not None and any(firm.industry.code.startswith(v) for v in c.values))
        elif c.kind == "size":
            checks.append(firm.size_class in c.values)
        elif c.kind == "region":
            checks.append(bool(facts["within"][firm.region_id] & set(c.values)))
        elif c.kind == "employees":
            checks.append(firm.employees is not None and firm.employees >= c.minimum)
        elif c.kind == "land":
            checks.append(firm.land_mu is not None and firm.land_mu >= c.minimum)
        elif c.kind == "tag":
            checks.append(bool(facts["tags"].get(pk, set()) & set(c.values)))
        elif c.kind == "tier":
            checks.append(bool(facts["held"].get(pk, set()) & set(c.values)))
        elif c.kind == "mujun":
            checks.append(facts["final"].get((pk, c.year)) in c.values)
        elif c.kind == "investment":
            checks.append(facts["investment"].get(pk, Decimal(0)) >= c.minimum)
    matched = (all(checks) if policy.combine == "all" else any(checks)) if checks else True
    return matched, checks


def facts_in_python() -> dict[str, Any]:
    facts: dict[str, Any] = {"tags": {}, "held": {}, "final": {}, "investment": {}}
    units = list(Region.objects.all())  # a unit lies within itself and every unit above it in the tree
    facts["within"] = {u.pk: {a.code for a in units if u.path.startswith(a.path)} for u in units}
    for pk, name in Enterprise.tags.through.objects.values_list("enterprise_id", "tag__name"):
        facts["tags"].setdefault(pk, set()).add(name)
    for entry in TierEntry.objects.select_related("title"):
        if entry.status == "recognised":
            facts["held"].setdefault(entry.enterprise_id, set()).add(entry.title.name)
    for result in EvaluationResult.objects.select_related("run"):
        if result.run.status == "final":
            facts["final"][(result.enterprise_id, result.run.year)] = result.final_class
    for project in Project.objects.all():
        total = facts["investment"].get(project.enterprise_id, Decimal(0))
        facts["investment"][project.enterprise_id] = total + project.total_investment
    return facts


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_policy_in_one_pass_equals_the_python_reference(regions, seed):
    rng = random.Random(seed)
    generated_registry(regions, rng, 40)
    policies = generated_policies(regions, rng, 25)
    firms = list(Enterprise.objects.select_related("industry", "region"))
    facts = facts_in_python()
    policies = list(Policy.objects.prefetch_related("criteria").order_by("pk"))
    expected = {p.pk: sum(reference(p, firm, facts)[0] for firm in firms) for p in policies}
    assert len(set(expected.values())) > 5  # the generated policies reach different numbers of firms

    with CaptureQueriesContext(connection) as queries:
        reach = policy_reach(policies)
    assert reach == expected
    assert len(queries) <= 7  # the registry, industries, regions, one per kind of fact (tag, tier, 亩均, investment)
    assert reach == {p.pk: eligible_enterprises(p).count() for p in policies}

    county = Enterprise.objects.filter(region__code="330481")
    in_county = [firm for firm in firms if firm.region.code == "330481"]
    assert policy_reach(policies, county) == {
        p.pk: sum(reference(p, firm, facts)[0] for firm in in_county) for p in policies
    }

    for firm in firms[:10]:  # one enterprise's page: each policy matched or not, each criterion met or missed
        with CaptureQueriesContext(connection) as queries:
            matches = policies_for(firm, Policy.objects.all())
        assert len(queries) <= 8  # policies, criteria, the firm's row, regions, one per kind of fact: not per policy
        for match in matches:
            matched, checks = reference(match.policy, firm, facts)
            assert (match.matched, [ok for _text, ok in match.checks]) == (matched, checks)
