"""factory_boy factories for every model; `FACTORIES` says how to build each model's object in a region.

The permission matrix (tests/test_permission_matrix.py) needs, for every model of the project
apps, a way to make an object that belongs to a given region, and the test's own statement of
whom that object belongs to (its region, enterprise or owner). A model without an entry here
fails that test, so a new module's model cannot be forgotten.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import factory
from django.db import models
from django.utils import timezone
from stdnum.cn import uscc

from accounts.choices import Role
from accounts.models import User
from assessment.models import (
    AssessmentResult,
    Duty,
    DutyAttachment,
    DutyProgress,
    ScoreAdjustment,
    ScoringRule,
    ScoringScheme,
)
from enterprises.models import Enterprise, Industry, Tag
from jobs.models import Job
from monitoring.models import WarningThreshold
from regions.choices import DepartmentLevel
from regions.models import Department, Region
from reporting.models import MonthlyReport, MonthPublication, Reminder, ReportingDeadline, ReportRevision, ReportValue
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


class WarningThresholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WarningThreshold

    plan = factory.SubFactory(PlanFactory)
    yellow_pp = 0
    red_pp = 10


class MonthlyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyReport

    year = 2019
    month = factory.Sequence(lambda n: 2 + n % 11)
    deadline = factory.LazyAttribute(lambda o: dt.date(o.year + (o.month == 12), o.month % 12 + 1, 5))


def _report_in(region: Region) -> MonthlyReport:
    # One report per unit and month: the matrix builds two in the same region, so years differ.
    year = 2000 + MonthlyReport.objects.filter(region=region).count()
    return MonthlyReportFactory(region=region, year=year, month=5)


def _value_in(region: Region) -> ReportValue:
    return ReportValue.objects.create(
        report=_report_in(region), indicator=IndicatorFactory(plan=PlanFactory(scope_region=region)), value=100
    )


def _publication_in(region: Region) -> MonthPublication:
    year = 2000 + MonthPublication.objects.filter(region=region).count()
    return MonthPublication.objects.create(region=region, year=year, month=5, published_at=timezone.now())


def _revision_in(region: Region) -> ReportRevision:
    return ReportRevision.objects.create(report=_report_in(region), number=1, reason="更正")


def _deadline_in(region: Region) -> ReportingDeadline:
    year = 2000 + ReportingDeadline.objects.filter(region=region).count()
    return ReportingDeadline.objects.create(region=region, year=year, month=5, deadline=dt.date(year, 6, 5))


def _reminder_in(region: Region) -> Reminder:
    year = 2000 + Reminder.objects.filter(region=region).count()
    return Reminder.objects.create(
        region=region, year=year, month=5, deadline=dt.date(year, 6, 5), reminded_on=dt.date(year, 6, 4), message="催报"
    )


@dataclass(frozen=True)
class MatrixFactory:
    """How the permission matrix builds one object of a model, and whom that object belongs to.

    build(region, user): an object that belongs to `region`. With `user` (the acting user of the
    matrix) it is attached to that user wherever the model has an owner or an enterprise: their
    own job, their own enterprise. With `user=None` it belongs to nobody in particular.
    region_of / enterprise_of / owner_of read the object's region, enterprise and owner; they are
    the test's independent statement of the scope rule (domain.md §1). All three None means
    public reference data that every signed-in user may read (regions, industries, tags).
    department_of reads the department of department-scoped rows (duties and their progress): a
    department handler sees their own department's rows only, everyone else by the region above.
    draft_of says whether the object is unpublished (a bulletin version not yet issued); such an
    object is in scope only for roles granted `draft_permission` = (model, action), e.g.
    (Bulletin, "view_draft"): the city's staff, not the leaders, departments, units or enterprises.
    """

    build: Callable[[Region, Any], models.Model]
    region_of: Callable[[Any], Region | None] | None = None
    enterprise_of: Callable[[Any], Enterprise | None] | None = None
    owner_of: Callable[[Any], User | None] | None = None
    department_of: Callable[[Any], Department | None] | None = None
    draft_of: Callable[[Any], bool] | None = None
    draft_permission: tuple[type[models.Model], str] | None = None

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
    # A plan is seen in its region's subtree and below (targets/models.py, ScopeRule.regions_above); the matrix
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
    WarningThreshold: MatrixFactory(
        build=lambda region, user: WarningThresholdFactory(plan=PlanFactory(scope_region=region)),
        region_of=lambda threshold: threshold.plan.scope_region,
    ),
}


# --- assessment (考核) and duties ------------------------------------------------------------------


class ScoringSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoringScheme

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"考核方案{n}")
    year = 2019


class ScoringRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoringRule

    scheme = factory.SubFactory(ScoringSchemeFactory)
    indicator = factory.LazyAttribute(lambda o: IndicatorFactory(plan=o.scheme.plan))
    kind = "full_when_met"
    base_points = 20


class DutyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Duty

    plan = factory.SubFactory(PlanFactory)
    department = factory.SubFactory(DepartmentFactory)
    text = factory.Sequence(lambda n: f"推进工业投资工作任务{n}")


class DutyProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutyProgress

    duty = factory.SubFactory(DutyFactory)
    year = 2019
    quarter = 1
    note = "按计划推进"
    status = "on_track"


def _duty_in(region: Region, user: Any) -> Duty:
    # A department handler's own duty is one of their department; others get a new department in the region.
    if user is not None and user.department_id and user.department.region_id == region.pk:
        department = user.department
    else:
        department = DepartmentFactory(region=region)
    return DutyFactory(department=department, plan=PlanFactory(scope_region=region))


def _attachment_in(region: Region, user: Any) -> DutyAttachment:
    from django.core.files.base import ContentFile

    progress = DutyProgressFactory(duty=_duty_in(region, user))
    return DutyAttachment.objects.create(progress=progress, file=ContentFile(b"evidence", name="e.txt"), name="e.txt")


FACTORIES.update(
    {
        # A scheme and its rules are seen like their plan (ScopeRule.regions_above).
        ScoringScheme: MatrixFactory(
            build=lambda region, user: ScoringSchemeFactory(plan=PlanFactory(scope_region=region)),
            region_of=lambda scheme: scheme.plan.scope_region,
        ),
        ScoringRule: MatrixFactory(
            build=lambda region, user: ScoringRuleFactory(scheme__plan=PlanFactory(scope_region=region)),
            region_of=lambda rule: rule.scheme.plan.scope_region,
        ),
        ScoreAdjustment: MatrixFactory(
            build=lambda region, user: ScoreAdjustment.objects.create(
                scheme=ScoringSchemeFactory(plan=PlanFactory(scope_region=region)),
                region=region,
                points=1,
                reason="获评省级示范",
            ),
            region_of=attrgetter("region"),
        ),
        AssessmentResult: MatrixFactory(
            build=lambda region, user: AssessmentResult.objects.create(
                scheme=ScoringSchemeFactory(plan=PlanFactory(scope_region=region)),
                region=region,
                total=88,
                rank=1,
                computed_at=timezone.now(),
            ),
            region_of=attrgetter("region"),
        ),
        # Duties are department-scoped: a department handler sees their own department's (department_of).
        Duty: MatrixFactory(
            build=_duty_in, region_of=lambda duty: duty.department.region, department_of=attrgetter("department")
        ),
        DutyProgress: MatrixFactory(
            build=lambda region, user: DutyProgressFactory(duty=_duty_in(region, user)),
            region_of=lambda progress: progress.duty.department.region,
            department_of=lambda progress: progress.duty.department,
        ),
        DutyAttachment: MatrixFactory(
            build=_attachment_in,
            region_of=lambda a: a.progress.duty.department.region,
            department_of=lambda a: a.progress.duty.department,
        ),
    }
)

# --- monthly reports (月报): everything belongs to the report's unit (reporting/models.py) ----------

FACTORIES.update(
    {
        MonthlyReport: _report_in,
        ReportValue: MatrixFactory(build=lambda region, user: _value_in(region), region_of=lambda v: v.report.region),
        MonthPublication: _publication_in,
        ReportRevision: MatrixFactory(
            build=lambda region, user: _revision_in(region), region_of=lambda r: r.report.region
        ),
        ReportingDeadline: _deadline_in,
        Reminder: _reminder_in,
    }
)


# --- later apps: each keeps its factories and FACTORIES entries in `<app>/tests/factories.py` ------


def _merge_app_factories() -> None:
    from importlib import import_module
    from importlib.util import find_spec

    from accounts.roles import PROJECT_APPS

    for app in PROJECT_APPS:
        if find_spec(f"{app}.tests.factories") is not None:
            FACTORIES.update(import_module(f"{app}.tests.factories").FACTORIES)


_merge_app_factories()
