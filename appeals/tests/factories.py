"""Factories of the requests and their permission-matrix entries.

A request belongs to its unit (region) and its enterprise; department handlers see only the requests
their department holds (department_of), like the problems of key projects.
"""

from __future__ import annotations

import datetime as dt
from operator import attrgetter
from typing import Any

import factory
from django.core.files.base import ContentFile

from appeals.models import Appeal, AppealAttachment, AppealCategory, AppealHop
from regions.models import Region
from tests.factories import DepartmentFactory, EnterpriseFactory, MatrixFactory


class AppealCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppealCategory
        django_get_or_create = ("code",)

    code = "labour"
    name = "缺工"


class AppealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appeal

    number = factory.Sequence(lambda n: f"SQ20240209-{n:05d}")
    enterprise = factory.LazyAttribute(lambda o: EnterpriseFactory(region=o.region))
    region = factory.LazyFunction(lambda: Region.objects.get(code="330481"))
    category = factory.SubFactory(AppealCategoryFactory)
    title = "招工难"
    text = "春节后一线操作工缺口约50人，请求协助对接劳务资源"
    filed_on = dt.date(2024, 2, 9)
    accept_due = dt.date(2024, 2, 18)
    answer_due = dt.date(2024, 2, 20)


def _appeal_in(region: Region, user: Any) -> Appeal:
    kwargs: dict[str, Any] = {"region": region}
    if user is not None and user.enterprise_id and user.enterprise.region_id == region.pk:
        kwargs["enterprise"] = user.enterprise
    if user is not None and user.department_id:
        kwargs.update(level="department", department=user.department)
    else:
        kwargs.update(level="department", department=DepartmentFactory(region=region))
    return AppealFactory(**kwargs)


FACTORIES = {
    AppealCategory: MatrixFactory(build=lambda region, user: AppealCategoryFactory()),
    Appeal: MatrixFactory(
        build=_appeal_in,
        region_of=attrgetter("region"),
        enterprise_of=attrgetter("enterprise"),
        department_of=attrgetter("department"),
    ),
    AppealHop: MatrixFactory(
        build=lambda region, user: AppealHop.objects.create(appeal=_appeal_in(region, user), action="file"),
        region_of=lambda h: h.appeal.region,
        enterprise_of=lambda h: h.appeal.enterprise,
        department_of=lambda h: h.appeal.department,
    ),
    AppealAttachment: MatrixFactory(
        build=lambda region, user: AppealAttachment.objects.create(
            appeal=_appeal_in(region, user), file=ContentFile(b"material", name="m.txt"), name="m.txt"
        ),
        region_of=lambda a: a.appeal.region,
        enterprise_of=lambda a: a.appeal.enterprise,
        department_of=lambda a: a.appeal.department,
    ),
}
