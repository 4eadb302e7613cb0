"""Factories of the bulletins and their FACTORIES entries for the permission matrix.

The matrix builds each object in the user's own region (or in 嘉善县); a bulletin there belongs to
that region's plan. The user's own object (`user` given) is published, the neighbour's and the
other county's (`user=None`) are drafts, so every role is asked for both: a draft is seen only by
roles granted `bulletins.view_draft` (city staff and admin), a published version by everyone with
`view` in the region's subtree (`draft_of`). The "regions above see only published versions" half
is tested in test_views.py.
"""

from __future__ import annotations

import itertools
from typing import Any

import factory
from django.utils import timezone

from bulletins.choices import VersionStatus
from bulletins.models import Bulletin, BulletinVersion
from regions.models import Region
from reporting.models import MonthPublication
from tests.factories import MatrixFactory, PlanFactory

_years = itertools.count(2000)


class BulletinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bulletin

    plan = factory.SubFactory(PlanFactory)
    year = 2019
    month = 4
    region = factory.LazyAttribute(lambda o: o.plan.scope_region)
    title = factory.Sequence(lambda n: f"测试通报{n}")


def publication_in(region: Region) -> MonthPublication:
    return MonthPublication.objects.create(
        region=region, year=next(_years), month=4, published_at=timezone.now(), snapshot={"reports": [], "missing": []}
    )


def empty_data(version: Any) -> dict[str, Any]:
    """The shape bulletins.selectors.bulletin_data produces, for a plan without indicators."""
    bulletin, region = version.bulletin, version.bulletin.region
    place = {"id": region.pk, "code": region.code, "name": region.name}
    return {
        "format": 1,
        "plan": {"id": bulletin.plan_id, "title": bulletin.plan.title, "document_number": "", "issuer": ""},
        "region": place,
        "year": bulletin.year,
        "month": bulletin.month,
        "period": f"{bulletin.year}年1—{bulletin.month}月",
        "months": f"1—{bulletin.month}月",
        "schedule": "33.3",
        "publication": {"id": version.publication.pk, "published_at": "2019-05-08 10:00", "missing": []},
        "columns": [],
        "rows": [],
        "city": {"region": place, "cells": []},
        "overall": [],
        "headline": None,
        "projects": None,
        "commentary": [],
        "issued_on": "2019年5月10日",
    }


class BulletinVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BulletinVersion

    bulletin = factory.SubFactory(BulletinFactory)
    number = factory.Sequence(lambda n: n + 1)
    publication = factory.LazyAttribute(lambda o: publication_in(o.bulletin.region))
    status = VersionStatus.PUBLISHED
    generated_at = factory.LazyFunction(timezone.now)
    data = factory.LazyAttribute(empty_data)


def _status_for(user: Any) -> str:
    return VersionStatus.PUBLISHED if user is not None else VersionStatus.DRAFT


def _bulletin_in(region: Region, user: Any) -> Bulletin:
    """A bulletin with one version: published for the matrix's own object, a draft otherwise."""
    bulletin = BulletinFactory(plan=PlanFactory(scope_region=region))
    BulletinVersionFactory(bulletin=bulletin, status=_status_for(user))
    return bulletin


def _version_in(region: Region, user: Any) -> BulletinVersion:
    return BulletinVersionFactory(
        bulletin=BulletinFactory(plan=PlanFactory(scope_region=region)), status=_status_for(user)
    )


DRAFT_PERMISSION = (Bulletin, "view_draft")

FACTORIES = {
    Bulletin: MatrixFactory(
        build=_bulletin_in,
        region_of=lambda b: b.region,
        draft_of=lambda b: not b.versions.filter(status=VersionStatus.PUBLISHED).exists(),
        draft_permission=DRAFT_PERMISSION,
    ),
    BulletinVersion: MatrixFactory(
        build=_version_in,
        region_of=lambda v: v.bulletin.region,
        draft_of=lambda v: v.status != VersionStatus.PUBLISHED,
        draft_permission=DRAFT_PERMISSION,
    ),
}
