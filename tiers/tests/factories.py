"""factory_boy factories of the tier libraries, and their FACTORIES entries for the permission matrix."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

import factory

from regions.models import Region
from tests.factories import EnterpriseFactory, MatrixFactory
from tiers.models import TierEntry, Title


class TitleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Title

    code = factory.Sequence(lambda n: f"title{n}")
    name = factory.Sequence(lambda n: f"测试称号{n}")
    ladder = factory.Sequence(lambda n: 100 + n)
    levels = factory.LazyFunction(lambda: ["province", "city"])
    validity_years = 3


class TierEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TierEntry

    enterprise = factory.SubFactory(EnterpriseFactory)
    title = factory.LazyFunction(lambda: Title.objects.get(code="zjtx"))
    year = factory.Sequence(lambda n: 2000 + n % 90)


def _enterprise(region: Region, user: Any) -> Any:
    if user is not None and user.enterprise_id and user.enterprise.region_id == region.pk:
        return user.enterprise
    return EnterpriseFactory(region=region)


FACTORIES: dict[Any, Any] = {
    Title: MatrixFactory(build=lambda region, user: TitleFactory()),
    TierEntry: MatrixFactory(
        build=lambda region, user: TierEntryFactory(enterprise=_enterprise(region, user)),
        region_of=lambda e: e.enterprise.region,
        enterprise_of=attrgetter("enterprise"),
    ),
}
