"""The demos of chains and investment: the 12 chains with segments, enterprises, 链主 and risks; about 200 leads in
every stage, the signed ones with their key project; platforms with projects; idempotent."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from chains import demo as chains_demo
from chains.models import Chain, ChainEnterprise, ChainRisk
from investment import demo
from investment.choices import LeadStage
from investment.models import Lead, Platform, ProjectPlatform, SigningTarget
from projects.choices import Stage
from tests.factories import EnterpriseFactory


@pytest.mark.django_db
def test_demo_chains_and_leads(regions: dict[str, Any]) -> None:
    for unit in demo._units():
        for _ in range(8):
            EnterpriseFactory(region=unit)
    lines: list[str] = []
    chains_demo.load_demo(progress=lines.append)
    demo.load_demo(progress=lines.append)
    assert Chain.objects.count() == 12
    assert {"集成电路", "光伏", "氢能", "新能源汽车"} <= set(Chain.objects.values_list("name", flat=True))
    assert ChainEnterprise.objects.filter(role="master").values("chain").distinct().count() == 12
    assert ChainRisk.objects.values("chain").distinct().count() == 12
    stages = Counter(Lead.objects.values_list("stage", flat=True))
    assert stages == {s: demo.PER_STAGE for s in LeadStage.values}
    signed = Lead.objects.filter(stage__in=(LeadStage.SIGNED, LeadStage.TRANSFERRED))
    assert not signed.filter(project__isnull=True).exists()
    assert set(signed.filter(stage=LeadStage.SIGNED).values_list("project__stage", flat=True)) == {Stage.SIGNING}
    assert Platform.objects.count() >= 11 and ProjectPlatform.objects.exists()
    assert SigningTarget.objects.filter(year=2019, tier="ge100", count=1).count() == 7  # 各县（市、区）
    before = (Lead.objects.count(), Chain.objects.count(), ChainEnterprise.objects.count())
    chains_demo.load_demo(progress=lines.append)
    demo.load_demo(progress=lines.append)
    assert (Lead.objects.count(), Chain.objects.count(), ChainEnterprise.objects.count()) == before
