"""factory_boy factories for every model; `FACTORIES` maps each model to one that builds it in a region.

The permission matrix (tests/test_permission_matrix.py) needs, for every model, a way to make
an object that belongs to a given region; a model without an entry here fails that test.
"""

from __future__ import annotations

import random
from collections.abc import Callable
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


def _job_in(region: Region) -> Job:
    return JobFactory(user=UserFactory(region=region))


# model → builder(region) of an object that belongs to that region (for scoped models),
# or any object (for public reference data, whose region does not matter).
FACTORIES: dict[type[models.Model], Callable[[Region], models.Model]] = {
    Region: lambda region: region,
    Department: lambda region: DepartmentFactory(region=region),
    User: lambda region: UserFactory(region=region),
    Enterprise: lambda region: EnterpriseFactory(region=region),
    Industry: lambda region: Industry.objects.get(code="C34"),
    Tag: lambda region: TagFactory(),
    Job: _job_in,
}
