"""factory_boy factories of smart transformation, and their FACTORIES entries for the permission matrix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from operator import attrgetter
from typing import Any

import factory

from regions.models import Region
from smart import models
from tests.factories import EnterpriseFactory, MatrixFactory


class ServiceCompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ServiceCompany

    name = factory.Sequence(lambda n: f"智能工程服务有限公司{n}")
    region = factory.LazyFunction(lambda: Region.objects.get(code="330400"))
    level = "province"


class DiagnosisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Diagnosis

    enterprise = factory.SubFactory(EnterpriseFactory)
    company = factory.SubFactory(ServiceCompanyFactory)
    diagnosed_on = dt.date(2020, 5, 18)
    kind = "workshop"
    level_before = 1
    level_after = 2


class DemonstrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Demonstration

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = factory.Sequence(lambda n: f"智能工厂示范{n}")
    kind = "factory"
    year = 2019
    equipment_investment = Decimal("8000")
    it_investment = Decimal("2000")


class SubsidyRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SubsidyRule

    year = factory.Sequence(lambda n: 2000 + n % 90)
    name = "智能化改造补助"


def _enterprise(region: Region, user: Any) -> Any:
    if user is not None and user.enterprise_id and user.enterprise.region_id == region.pk:
        return user.enterprise
    return EnterpriseFactory(region=region)


def _award(region: Region) -> models.SubsidyAward:
    return models.SubsidyAward.objects.create(year=2019, rule=SubsidyRuleFactory(), kind="top_company", region=region,
                                       company=ServiceCompanyFactory(region=region), amount=Decimal(10), basis="测试")  # fmt: skip


_BY_ENTERPRISE = {"region_of": lambda o: o.enterprise.region, "enterprise_of": attrgetter("enterprise")}

FACTORIES: dict[Any, Any] = {
    models.ServiceCompany: MatrixFactory(build=lambda region, user: ServiceCompanyFactory(region=region)),
    models.RankingRule: MatrixFactory(build=lambda region, user: models.RankingRule.objects.create(year=2000 + models.RankingRule.objects.count())),
    models.SubsidyRule: MatrixFactory(build=lambda region, user: SubsidyRuleFactory()),
    models.Diagnosis: MatrixFactory(build=lambda region, user: DiagnosisFactory(enterprise=_enterprise(region, user)),
                             **_BY_ENTERPRISE),
    models.Recommendation: MatrixFactory(
        build=lambda region, user: models.Recommendation.objects.create(
            diagnosis=DiagnosisFactory(enterprise=_enterprise(region, user)), name="产线智能化改造"),
        region_of=lambda r: r.diagnosis.enterprise.region, enterprise_of=lambda r: r.diagnosis.enterprise,
    ),
    models.Demonstration: MatrixFactory(build=lambda region, user: DemonstrationFactory(enterprise=_enterprise(region, user)),
                                 **_BY_ENTERPRISE),
    models.EquipmentFigure: MatrixFactory(
        build=lambda region, user: models.EquipmentFigure.objects.create(
            enterprise=_enterprise(region, user), year=2000 + models.EquipmentFigure.objects.count(), robots_in_service=5),
        **_BY_ENTERPRISE,
    ),
    models.SubsidyAward: MatrixFactory(build=lambda region, user: _award(region), region_of=attrgetter("region")),
}  # fmt: skip
