"""The tier and smart demos: idempotent; the 2019–2021 plan's robot, demonstration and provincial-company
indicators become computed and the stored reports carry the values computed from the demo's records."""

from __future__ import annotations

import pytest

from accounts.choices import Role
from core.actors import SYSTEM
from core.sources import compute
from policies.models import Disbursement
from reporting.models import MonthlyReport, ReportValue
from smart.demo import load_demo as load_smart
from smart.models import Demonstration, ServiceCompany, SubsidyAward
from targets.models import Indicator
from targets.seeds import load_seed_plans
from tests.factories import EnterpriseFactory
from tiers.demo import load_demo as load_tiers
from tiers.models import TierEntry

pytestmark = pytest.mark.django_db


def test_demos_feed_the_plan(regions, make_user):
    make_user(Role.CITY_ADMIN, "330400", username="admin")
    for i in range(40):
        EnterpriseFactory(region=regions["330481" if i % 2 else "330421"], size_class="above" if i % 3 else "below")
    load_seed_plans(actor=SYSTEM)
    haining = regions["330481"]
    report = MonthlyReport.objects.create(region=haining, year=2019, month=10, status="accepted",
                                          deadline="2019-11-05")  # fmt: skip
    lines: list[str] = []
    load_tiers(progress=lines.append)
    load_smart(progress=lines.append)
    entries = TierEntry.objects.count()
    assert entries > 0 and ServiceCompany.objects.count() == 27
    paid = SubsidyAward.objects.filter(status="paid")
    assert paid.count() == Disbursement.objects.filter(subsidy_award__isnull=False).count() > 0  # in the one ledger
    robots = Indicator.objects.get(name__contains="在役工业机器人")
    assert (robots.source, robots.source_query) == ("computed", "smart_robots_in_service")
    stored = ReportValue.objects.get(report=report, indicator=robots).value
    assert stored == compute("smart_robots_in_service", haining, 2019, 10) > 0
    demos = Indicator.objects.get(name__contains="示范")
    assert (
        ReportValue.objects.get(report=report, indicator=demos).value
        == Demonstration.objects.filter(
            enterprise__region=haining, stage="recognised", recognised_on__lte="2019-10-31"
        ).count()
    )
    load_tiers(progress=lines.append)
    load_smart(progress=lines.append)
    assert TierEntry.objects.count() == entries and ServiceCompany.objects.count() == 27
