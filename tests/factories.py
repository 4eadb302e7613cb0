"""factory_boy factories for every model; `FACTORIES` says how to build each model's object in a region.

The permission matrix (tests/test_permission_matrix.py) needs, for every model of the project
apps, a way to make an object that belongs to a given region, and the test's own statement of
whom that object belongs to (its region, enterprise or owner). A model without an entry here
fails that test, so a new module's model cannot be forgotten.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import factory
from django.db import models
from stdnum.cn import uscc

from accounts.choices import Role
from accounts.models import User
from enterprises.models import Enterprise, Industry, Tag
from jobs.models import Job
from regions.choices import DepartmentLevel
from regions.models import Department, Region
from targets.choices import IndicatorKind, PeriodKind, TargetStatus
from targets.models import Indicator, Plan, Target

_rng = random.Random(7)
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def valid_uscc(area: str = "330400") -> str:
    body = "91" + (area[:6] if area[:6].isdigit() else "330400") + "".join(_rng.choice(_ALPHABET) for _ in range(9))
    return body + uscc.calc_check_digit(body)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"测试部门{n}")
    level = DepartmentLevel.COUNTY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.UNIT_REPORTER
    password = factory.PostGenerationMethodCall("set_password", "Test-password-2026")

    @factory.post_generation
    def role_group(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            from django.contrib.auth.models import Group

            self.groups.set([Group.objects.get_or_create(name=self.role)[0]])
            self.save()


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    uscc = factory.LazyAttribute(lambda o: valid_uscc(o.region.code))
    name = factory.Sequence(lambda n: f"测试制造有限公司{n:05d}")
    industry = factory.LazyFunction(lambda: Industry.objects.filter(level="division").order_by("?").first())


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"标签{n}")


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    kind = "enterprises.import_preview"
    title = factory.Sequence(lambda n: f"任务{n}")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"目标任务计划{n}")
    year_start = 2019
    year_end = 2019


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"工业投资{n}")
    unit = "亿元"
    kind = IndicatorKind.FLOW_AMOUNT


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    period_kind = PeriodKind.YEAR
    year_start = 2019
    year_end = 2019
    status = TargetStatus.NUMBER
    comparator = "eq"
    value = 1250000
    raw_text = "125"


@dataclass(frozen=True)
class MatrixFactory:
    """How the permission matrix builds one object of a model, and whom that object belongs to.

    build(region, user): an object that belongs to `region`. With `user` (the acting user of the
    matrix) it is attached to that user wherever the model has an owner or an enterprise: their
    own job, their own enterprise. With `user=None` it belongs to nobody in particular.
    region_of / enterprise_of / owner_of read the object's region, enterprise and owner; they are
    the test's independent statement of the scope rule (domain.md §1). All three None means
    public reference data that every signed-in user may read (regions, industries, tags).
    """

    build: Callable[[Region, Any], models.Model]
    region_of: Callable[[Any], Region | None] | None = None
    enterprise_of: Callable[[Any], Enterprise | None] | None = None
    owner_of: Callable[[Any], User | None] | None = None

    @property
    def public(self) -> bool:
        return self.region_of is None and self.enterprise_of is None and self.owner_of is None


def matrix_factory(entry: MatrixFactory | Callable[[Region], models.Model]) -> MatrixFactory:
    """A FACTORIES entry as a MatrixFactory; a plain `builder(region)` means "the object's `region` field"."""
    if isinstance(entry, MatrixFactory):
        return entry
    return MatrixFactory(build=lambda region, user: entry(region), region_of=attrgetter("region"))


def _enterprise_in(region: Region, user: Any) -> Enterprise:
    # An enterprise user's own enterprise is the one object of this model they may see.
    if user is not None and user.enterprise_id and user.enterprise.region_id == region.pk:
        return user.enterprise
    return EnterpriseFactory(region=region)


def _job_in(region: Region, user: Any = None) -> Job:
    return JobFactory(user=user if user is not None else UserFactory(region=region))


# model → how to build an object that belongs to a region (see MatrixFactory).
FACTORIES: dict[type[models.Model], MatrixFactory | Callable[[Region], models.Model]] = {
    Region: MatrixFactory(build=lambda region, user: region),
    Department: MatrixFactory(
        build=lambda region, user: DepartmentFactory(region=region), region_of=attrgetter("region")
    ),
    User: MatrixFactory(build=lambda region, user: UserFactory(region=region), region_of=attrgetter("region")),
    Enterprise: MatrixFactory(build=_enterprise_in, region_of=attrgetter("region"), enterprise_of=lambda e: e),
    Industry: MatrixFactory(build=lambda region, user: Industry.objects.get(code="C34")),
    Tag: MatrixFactory(build=lambda region, user: TagFactory()),
    Job: MatrixFactory(build=_job_in, owner_of=attrgetter("user")),
    # A plan is seen in its region's subtree and below (targets/models.py, NoticeQuerySet); the matrix
    # puts each plan in the unit's own region, so the "regions above see it too" half of the rule is
    # tested in targets/tests/test_scope.py.
    Plan: MatrixFactory(
        build=lambda region, user: PlanFactory(scope_region=region), region_of=attrgetter("scope_region")
    ),
    Indicator: MatrixFactory(
        build=lambda region, user: IndicatorFactory(plan=PlanFactory(scope_region=region)),
        region_of=lambda indicator: indicator.plan.scope_region,
    ),
    Target: MatrixFactory(
        build=lambda region, user: TargetFactory(region=region, indicator__plan__scope_region=region),
        region_of=attrgetter("region"),
    ),
}
