"""factory_boy factories of investment promotion, and their FACTORIES entries for the permission matrix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from operator import attrgetter
from typing import Any

import factory

from investment.models import ExchangeRate, Lead, LeadVisit, Platform, ProjectPlatform, SigningTarget
from projects.models import Project
from regions.models import Region
from tests.factories import EnterpriseFactory, MatrixFactory


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform

    name = factory.Sequence(lambda n: f"测试产业园{n}")
    kind = "park"


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    name = factory.Sequence(lambda n: f"年产10GW光伏组件项目{n}")
    investor = "某新能源股份有限公司"
    amount = Decimal("150000")
    leader = "局长甲"


def make_project(region: Region, user: Any = None) -> Project:
    enterprise = None
    if user is not None and user.enterprise_id and user.enterprise.region_id == region.pk:
        enterprise = user.enterprise
    elif user is None:
        enterprise = EnterpriseFactory(region=region)
    return Project.objects.create(
        name="测试重点项目", region=region, enterprise=enterprise, total_investment=Decimal(50000)
    )  # type: ignore[no-any-return]


FACTORIES: dict[Any, Any] = {
    Platform: MatrixFactory(build=lambda region, user: PlatformFactory(region=region), region_of=attrgetter("region")),
    ExchangeRate: MatrixFactory(
        build=lambda region, user: ExchangeRate.objects.create(
            date=dt.date(2019, 1, 1) + dt.timedelta(days=ExchangeRate.objects.count()), usd_cny=Decimal("6.8")
        )
    ),
    SigningTarget: MatrixFactory(
        build=lambda region, user: SigningTarget.objects.create(
            region=region, year=2000 + SigningTarget.objects.count(), tier="ge10", count=5
        ),
        region_of=attrgetter("region"),
    ),
    Lead: MatrixFactory(build=lambda region, user: LeadFactory(region=region), region_of=attrgetter("region")),
    LeadVisit: MatrixFactory(
        build=lambda region, user: LeadVisit.objects.create(
            lead=LeadFactory(region=region), date=dt.date(2019, 3, 1), content="初次拜访"
        ),
        region_of=lambda v: v.lead.region,
    ),
    ProjectPlatform: MatrixFactory(
        build=lambda region, user: ProjectPlatform.objects.create(
            project=make_project(region, user), platform=PlatformFactory(region=region)
        ),
        region_of=lambda p: p.project.region,
        enterprise_of=lambda p: p.project.enterprise,
    ),
}
