"""factory_boy factories of the 亩均 evaluation, and its FACTORIES entries for the permission matrix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from operator import attrgetter
from typing import Any

import factory
from django.utils import timezone

from enterprises.models import Industry
from mujun import models
from mujun.choices import RunStatus
from regions.models import Region
from tests.factories import EnterpriseFactory, MatrixFactory, UserFactory


class RuleSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RuleSet

    year = 2019
    group = "above"
    version = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"亩均评价规则{n}")


class RuleIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RuleIndicator

    rule_set = factory.SubFactory(RuleSetFactory)
    code = "tax_per_mu"
    weight = Decimal("30")
    benchmark = Decimal("24.097")


class EnterpriseYearDataFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EnterpriseYearData

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2019
    tax = Decimal("240.97")
    value_added = Decimal("1000")
    revenue = Decimal("5000")
    land_mu = Decimal("10")
    energy_tce = Decimal("500")
    emission_t = Decimal("10")
    employees = Decimal("50")
    rd = Decimal("100")
    electricity = Decimal("400")


class EvaluationRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EvaluationRun

    year = 2019
    name = factory.Sequence(lambda n: f"2019年度亩均评价{n}")


class EvaluationResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EvaluationResult

    enterprise = factory.SubFactory(EnterpriseFactory)
    region = factory.LazyAttribute(lambda o: o.enterprise.region)  # the unit the run stores
    group = "above"
    run = factory.SubFactory(EvaluationRunFactory, codes=["tax_per_mu"])
    value_list = factory.LazyFunction(lambda: [24.097])
    benchmark_list = factory.LazyFunction(lambda: [24.097])
    contribution_list = factory.LazyFunction(lambda: [30.0])
    score = Decimal("30")
    rank = 1
    group_size = 1
    computed_class = "B"
    final_class = "B"


class RectificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Rectification

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = factory.Sequence(lambda n: 2000 + n % 50)
    reasons = "D类"


def _enterprise(region: Region, user: Any) -> Any:
    """The user's own enterprise where they are an enterprise user of this region, else a new one."""
    if user is not None and user.enterprise_id and user.enterprise.region_id == region.pk:
        return user.enterprise
    return EnterpriseFactory(region=region)


def _result(region: Region, user: Any) -> models.EvaluationResult:
    # of a published run: enterprise users see results only once they are published (the scope rule's enterprise_only)
    return EvaluationResultFactory(enterprise=_enterprise(region, user), run__status=RunStatus.PUBLISHED)


def _rectification(region: Region, user: Any) -> models.Rectification:
    return RectificationFactory(enterprise=_enterprise(region, user))


def _by_enterprise(path: str) -> dict[str, Any]:
    get = attrgetter(path)
    return {"region_of": lambda o: get(o).region, "enterprise_of": get}


FACTORIES: dict[Any, Any] = {
    models.RuleSet: MatrixFactory(build=lambda region, user: RuleSetFactory()),
    models.RuleIndicator: MatrixFactory(build=lambda region, user: RuleIndicatorFactory()),
    models.IndustryOverride: MatrixFactory(
        build=lambda region, user: models.IndustryOverride.objects.create(
            rule_set=RuleSetFactory(),
            industry=Industry.objects.get(code="C34"),
            code="tax_per_mu",
            benchmark=Decimal("30"),
        )
    ),
    models.RuleItem: MatrixFactory(
        build=lambda region, user: models.RuleItem.objects.create(
            rule_set=RuleSetFactory(), code="hightech", name="高新技术企业", kind="bonus", points=Decimal("2")
        )
    ),
    models.PriceRule: MatrixFactory(
        build=lambda region, user: models.PriceRule.objects.create(
            year=2000 + models.PriceRule.objects.count(), klass="D", resource="electricity", surcharge=Decimal("0.3")
        )
    ),
    models.EvaluationRun: MatrixFactory(build=lambda region, user: EvaluationRunFactory()),
    models.ListEntry: MatrixFactory(
        build=lambda region, user: models.ListEntry.objects.create(
            year=2019, enterprise=_enterprise(region, user), kind="veto", reason="安全生产事故"
        ),
        **_by_enterprise("enterprise"),
    ),
    models.EnterpriseYearData: MatrixFactory(
        build=lambda region, user: EnterpriseYearDataFactory(enterprise=_enterprise(region, user)),
        **_by_enterprise("enterprise"),
    ),
    models.EvaluationResult: MatrixFactory(build=_result, **_by_enterprise("enterprise")),
    models.Adjustment: MatrixFactory(
        build=lambda region, user: models.Adjustment.objects.create(
            result=_result(region, user),
            before="B",
            after="C",
            reason="核实后调整",
            actor=user or UserFactory(region=region),
        ),
        **_by_enterprise("result.enterprise"),
    ),
    models.Objection: MatrixFactory(
        build=lambda region, user: models.Objection.objects.create(result=_result(region, user), text="税收数据有误"),
        **_by_enterprise("result.enterprise"),
    ),
    models.Rectification: MatrixFactory(build=_rectification, **_by_enterprise("enterprise")),
    models.RectificationMilestone: MatrixFactory(
        build=lambda region, user: models.RectificationMilestone.objects.create(
            rectification=_rectification(region, user), title="完成设备改造", due=dt.date(2020, 6, 30)
        ),
        **_by_enterprise("rectification.enterprise"),
    ),
    models.RectificationProgress: MatrixFactory(
        build=lambda region, user: models.RectificationProgress.objects.create(
            rectification=_rectification(region, user),
            month=timezone.localdate().replace(day=1),
            note="推进中",
            percent=30,
        ),
        **_by_enterprise("rectification.enterprise"),
    ),
}
