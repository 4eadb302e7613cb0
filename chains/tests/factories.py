"""factory_boy factories of the chains, and their FACTORIES entries for the permission matrix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from operator import attrgetter
from typing import Any

import factory

from chains.models import Chain, ChainEnterprise, ChainRisk, Segment, SupplyDemandEvent
from regions.models import Region
from tests.factories import EnterpriseFactory, MatrixFactory


class ChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chain

    name = factory.Sequence(lambda n: f"测试产业链{n}")
    city_leader = "市领导"


def make_segment(
    chain: Chain | None = None, name: str | None = None, parent: Segment | None = None, position: str = "mid"
) -> Segment:
    """A segment at the top of a chain (or under `parent`), added through treebeard."""
    if parent is not None:
        return Segment.objects.add_child(  # type: ignore[no-any-return]
            parent,
            {"chain": parent.chain, "name": name or f"环节{Segment.objects.count()}", "position": parent.position},
        )
    chain = chain or ChainFactory()
    return Segment.objects.add_root(  # type: ignore[no-any-return]
        {"chain": chain, "name": name or f"环节{Segment.objects.count()}", "position": position}
    )


def make_member(region: Region, user: Any = None, **kwargs: Any) -> ChainEnterprise:
    enterprise = kwargs.pop("enterprise", None) or _enterprise(region, user)
    segment = kwargs.pop("segment", None) or make_segment()
    return ChainEnterprise.objects.create(chain=segment.chain, segment=segment, enterprise=enterprise, **kwargs)


def make_risk(region: Region, **kwargs: Any) -> ChainRisk:
    values: dict[str, Any] = {
        "chain": kwargs.pop("chain", None) or ChainFactory(), "region": region, "item": "光伏玻璃", "owner": "张三",
        "next_review": dt.date(2030, 1, 1), "identified_on": dt.date(2022, 1, 10),
    }  # fmt: skip
    values.update(kwargs)
    return ChainRisk.objects.create(**values)


def make_event(region: Region, **kwargs: Any) -> SupplyDemandEvent:
    values: dict[str, Any] = {
        "chain": kwargs.pop("chain", None) or ChainFactory(), "region": region, "title": "汽车零部件供需对接会",
        "held_on": dt.date(2021, 9, 1), "deal_count": 12, "deal_amount": Decimal("3500"),
    }  # fmt: skip
    values.update(kwargs)
    return SupplyDemandEvent.objects.create(**values)


def _enterprise(region: Region, user: Any) -> Any:
    if user is not None and user.enterprise_id and user.enterprise.region_id == region.pk:
        return user.enterprise
    return EnterpriseFactory(region=region)


FACTORIES: dict[Any, Any] = {
    Chain: MatrixFactory(build=lambda region, user: ChainFactory()),
    Segment: MatrixFactory(build=lambda region, user: make_segment()),
    ChainEnterprise: MatrixFactory(
        build=lambda region, user: make_member(region, user),
        region_of=lambda m: m.enterprise.region,
        enterprise_of=attrgetter("enterprise"),
    ),
    ChainRisk: MatrixFactory(build=lambda region, user: make_risk(region), region_of=attrgetter("region")),
    SupplyDemandEvent: MatrixFactory(build=lambda region, user: make_event(region), region_of=attrgetter("region")),
}
