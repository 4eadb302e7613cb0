"""factory_boy factories of the key-project library and its FACTORIES entries for the permission matrix.

Every project row belongs to its project's region and enterprise; problems are department-scoped
(a department handler sees their own department's only); lists, categories and star gates are
public reference data.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from operator import attrgetter
from typing import Any

import factory
from django.db import models
from django.utils import timezone

from projects.choices import ApprovalPhase, Node, ProblemKind, ProjectType
from projects.models import (
    ApprovalStep,
    MonthSnapshot,
    Project,
    ProjectCategory,
    ProjectList,
    ProjectNode,
    ProjectPhoto,
    ProjectProblem,
    ProjectUpdate,
    ProjectYearPlan,
    SnapshotRow,
    StandardLandContract,
    StarGate,
)
from regions.models import Region
from tests.factories import DepartmentFactory, EnterpriseFactory, MatrixFactory, UserFactory  # noqa: F401


class ProjectCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"cat{n}")
    name = factory.Sequence(lambda n: f"测试类别{n}")


class ProjectListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectList
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"list{n}")
    name = factory.Sequence(lambda n: f"测试清单{n}")


class StarGateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StarGate

    name = factory.Sequence(lambda n: f"星级规则{n}")
    node = Node.STARTED


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"年产测试设备技改项目{n}")
    region = factory.LazyFunction(lambda: Region.objects.get(code="330481"))
    enterprise = factory.LazyAttribute(lambda o: EnterpriseFactory(region=o.region))
    project_type = ProjectType.TECH
    total_investment = Decimal("25000.00")
    equipment_investment = Decimal("12000.00")
    land_mu = Decimal("0.00")


class ProjectNodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectNode

    project = factory.SubFactory(ProjectFactory)
    node = Node.SIGNED
    planned_date = dt.date(2019, 1, 15)


class ProjectYearPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectYearPlan

    project = factory.SubFactory(ProjectFactory)
    year = 2019
    planned_investment = Decimal("1200.00")
    monthly_plan = factory.LazyFunction(lambda: ["100.00"] * 12)


class ApprovalStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApprovalStep

    project = factory.SubFactory(ProjectFactory)
    phase = ApprovalPhase.APPROVAL
    name = "建设工程规划许可"
    submitted_on = dt.date(2019, 3, 1)
    approved_on = dt.date(2019, 3, 20)


class StandardLandContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardLandContract

    project = factory.SubFactory(ProjectFactory)
    investment_intensity = Decimal("400.00")
    plot_ratio = Decimal("1.20")
    tax_per_mu = Decimal("30.00")


class ProjectUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectUpdate

    project = factory.SubFactory(ProjectFactory)
    year = 2019
    month = 5
    investment_month = Decimal("100.00")
    investment_ytd = Decimal("500.00")
    progress_text = "主体厂房施工中"


class ProjectPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectPhoto

    update = factory.SubFactory(ProjectUpdateFactory)
    image = factory.django.ImageField(filename="site.png", width=4, height=4)
    caption = "施工现场"


class ProjectProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectProblem

    project = factory.SubFactory(ProjectFactory)
    kind = ProblemKind.LAND
    text = "用地指标尚未落实"
    department = factory.SubFactory(DepartmentFactory)
    deadline = dt.date(2019, 6, 30)


class MonthSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthSnapshot

    region = factory.LazyFunction(lambda: Region.objects.get(code="330481"))
    year = 2019
    month = 5
    taken_at = factory.LazyFunction(timezone.now)


class SnapshotRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SnapshotRow

    snapshot = factory.SubFactory(MonthSnapshotFactory)
    project = factory.SubFactory(ProjectFactory)
    region = factory.LazyAttribute(lambda o: o.project.region)
    enterprise = factory.LazyAttribute(lambda o: o.project.enterprise)
    name = factory.LazyAttribute(lambda o: o.project.name)
    project_type = factory.LazyAttribute(lambda o: o.project.project_type)
    total_investment = factory.LazyAttribute(lambda o: o.project.total_investment)
    stage = factory.LazyAttribute(lambda o: o.project.stage)
    stars = 0


# --- the permission matrix ---------------------------------------------------------------------------


def _project_in(region: Region, user: Any = None) -> Project:
    # An enterprise user's own enterprise's project is the one they may see.
    if user is not None and user.enterprise_id and user.enterprise.region_id == region.pk:
        return ProjectFactory(region=region, enterprise=user.enterprise)
    return ProjectFactory(region=region)


def _problem_in(region: Region, user: Any) -> ProjectProblem:
    # A department handler's own problem is one of their department; others get a new department in the region.
    if user is not None and user.department_id and user.department.region_id == region.pk:
        department = user.department
    else:
        department = DepartmentFactory(region=region)
    return ProjectProblemFactory(project=_project_in(region, user), department=department)


def _snapshot_in(region: Region, user: Any = None) -> MonthSnapshot:
    # One snapshot per region and month: the matrix builds several in the same region, so years differ.
    year = 2000 + MonthSnapshot.objects.filter(region=region).count()
    return MonthSnapshotFactory(region=region, year=year)


def _of_project(build: Any) -> MatrixFactory:
    """A row that belongs to its project: the project's region and enterprise."""
    return MatrixFactory(
        build=lambda region, user: build(project=_project_in(region, user)),
        region_of=lambda obj: obj.project.region,
        enterprise_of=lambda obj: obj.project.enterprise,
    )


FACTORIES: dict[type[models.Model], Any] = {
    ProjectCategory: MatrixFactory(build=lambda region, user: ProjectCategoryFactory()),
    ProjectList: MatrixFactory(build=lambda region, user: ProjectListFactory()),
    StarGate: MatrixFactory(build=lambda region, user: StarGateFactory()),
    Project: MatrixFactory(build=_project_in, region_of=attrgetter("region"), enterprise_of=attrgetter("enterprise")),
    ProjectNode: _of_project(ProjectNodeFactory),
    ProjectYearPlan: _of_project(ProjectYearPlanFactory),
    ApprovalStep: _of_project(ApprovalStepFactory),
    StandardLandContract: _of_project(StandardLandContractFactory),
    ProjectUpdate: _of_project(ProjectUpdateFactory),
    ProjectPhoto: MatrixFactory(
        build=lambda region, user: ProjectPhotoFactory(update=ProjectUpdateFactory(project=_project_in(region, user))),
        region_of=lambda photo: photo.update.project.region,
        enterprise_of=lambda photo: photo.update.project.enterprise,
    ),
    ProjectProblem: MatrixFactory(
        build=_problem_in,
        region_of=lambda problem: problem.project.region,
        enterprise_of=lambda problem: problem.project.enterprise,
        department_of=attrgetter("department"),
    ),
    MonthSnapshot: MatrixFactory(build=_snapshot_in, region_of=attrgetter("region")),
    SnapshotRow: MatrixFactory(
        build=lambda region, user: SnapshotRowFactory(snapshot=_snapshot_in(region), project=_project_in(region, user)),
        region_of=attrgetter("region"),
        enterprise_of=attrgetter("enterprise"),
    ),
}
