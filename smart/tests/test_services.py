"""Smart-transformation services against a real database: awards computed by the year's rule and approved and
paid, a rule changed after payment becomes a new version (paid awards keep theirs), a recommended project
becomes a key project, equipment shares recomputed from sums, and the month-end computed sources."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import Role
from core.actors import SYSTEM
from core.history import stamp
from core.sources import compute
from projects.models import Project
from smart import selectors, services
from smart.choices import APPROVE, AWARD_MACHINE, PAY, AwardKind, AwardStatus
from smart.models import EquipmentFigure, Recommendation, SubsidyAward, SubsidyRule
from smart.tests.factories import DemonstrationFactory, DiagnosisFactory, ServiceCompanyFactory
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def staff(make_user):
    return make_user(Role.CITY_STAFF, "330400")


@pytest.fixture
def rule_2019(staff):
    return services.subsidyrule_create(data={"year": 2019, "name": "三年行动计划补助"}, actor=staff)


def test_awards_computed_approved_paid_and_the_rule_versioned(regions, staff, rule_2019):
    haining = regions["330481"]
    company = ServiceCompanyFactory(region=haining)
    DemonstrationFactory(enterprise=EnterpriseFactory(region=haining), stage="recognised", level="city",
                                recognised_on=dt.date(2019, 11, 1), company=company)  # fmt: skip
    for kind in ("workshop", "workshop", "factory"):
        DiagnosisFactory(company=company, pilot=True, kind=kind, diagnosed_on=dt.date(2019, 6, 1),
                         enterprise=EnterpriseFactory(region=haining))  # fmt: skip
    result = services.subsidies_compute(year=2019, actor=staff)
    awards = {a.kind: a for a in SubsidyAward.objects.all()}
    assert awards[AwardKind.DEMONSTRATION].amount == Decimal("1200.00")  # 8000 × 10 % + 2000 × 20 %
    assert awards[AwardKind.PILOT_SERVICE].amount == Decimal(20)  # 2 × 5 + 1 × 10
    assert awards[AwardKind.TOP_COMPANY].amount == Decimal(10)  # the only ranked company
    assert result["total"] == Decimal("1230.00") and "8000" in awards[AwardKind.DEMONSTRATION].basis

    demo_award = awards[AwardKind.DEMONSTRATION]
    services.subsidyaward_approve(subsidyaward=demo_award, actor=staff)
    with pytest.raises(ValidationError):  # more than the award
        services.subsidyaward_pay(
            subsidyaward=demo_award, paid_on=dt.date(2020, 3, 1), amount=Decimal(1300), actor=staff
        )
    services.subsidyaward_pay(subsidyaward=demo_award, paid_on=dt.date(2020, 3, 1), amount=Decimal(600), actor=staff)
    assert demo_award.status == AwardStatus.APPROVED
    services.subsidyaward_pay(subsidyaward=demo_award, paid_on=dt.date(2020, 6, 1), amount=Decimal(600), actor=staff)
    assert demo_award.status == AwardStatus.PAID

    # the rule is changed after a payment: a new version; the paid award keeps version 1
    new = services.subsidyrule_update(subsidyrule=rule_2019, data={"demo_cap": Decimal(1000)}, actor=staff)
    rule_2019.refresh_from_db()
    assert (new.version, new.demo_cap, rule_2019.superseded, rule_2019.demo_cap) == (2, 1000, True, 1500)
    services.subsidies_compute(year=2019, actor=staff)  # recompute: computed awards replaced, the paid one kept
    demo_award.refresh_from_db()
    assert (demo_award.rule_id, demo_award.amount, demo_award.status) == (rule_2019.pk, Decimal("1200.00"), "paid")
    assert SubsidyAward.objects.filter(kind=AwardKind.DEMONSTRATION).count() == 1
    assert set(SubsidyAward.objects.exclude(pk=demo_award.pk).values_list("rule_id", flat=True)) == {new.pk}


def test_unpaid_rule_is_edited_in_place(staff, rule_2019):
    same = services.subsidyrule_update(subsidyrule=rule_2019, data={"top_n": 8}, actor=staff)
    assert same.pk == rule_2019.pk and SubsidyRule.objects.count() == 1


def test_paid_award_cannot_go_back(staff, rule_2019, regions):
    award = SubsidyAward.objects.create(year=2019, rule=rule_2019, kind="top_company", region=regions["330481"],
                                        company=ServiceCompanyFactory(), amount=Decimal(10), basis="x", status="paid")  # fmt: skip
    with pytest.raises(ValidationError):
        services.subsidyaward_approve(subsidyaward=award, actor=staff)


def test_recommendation_becomes_a_key_project(regions, make_user):
    reporter = make_user(Role.UNIT_REPORTER, "330481")
    diagnosis = DiagnosisFactory(enterprise=EnterpriseFactory(region=regions["330481"]))
    rec = Recommendation.objects.create(diagnosis=diagnosis, name="冲压线机器人换人", investment=Decimal(2600))
    project = services.recommendation_promote(recommendation=rec, actor=reporter)
    assert Project.objects.get() == project
    assert (project.region, project.enterprise, project.total_investment) == (
        regions["330481"],
        diagnosis.enterprise,
        2600,
    )
    diagnosis.refresh_from_db()
    assert diagnosis.outcome == "planned"
    with pytest.raises(ValidationError):
        services.recommendation_promote(recommendation=rec, actor=reporter)


def test_equipment_per_unit_recomputed_from_sums(regions, staff):
    for region, robots, employees in (("330481", 300, 10_000), ("330481", 100, 10_000), ("330483", 50, 30_000)):
        EquipmentFigure.objects.create(enterprise=EnterpriseFactory(region=regions[region]), year=2020,
                                       robots_in_service=robots, employees=employees, cnc_equipment=7,
                                       production_equipment=10)  # fmt: skip
    units, total = selectors.equipment_by_unit(staff, 2020)
    by = {u.label: u for u in units}
    assert by["海宁市"].robot_density == Decimal("200.0")  # 400 ÷ 2 万人
    assert by["桐乡市"].robot_density == Decimal("16.7")
    assert total.robot_density == Decimal("90.0")  # 450 ÷ 5 万人, not the mean of 200 and 16.7
    assert total.cnc_rate == Decimal("70.0")


def _at(y, m, d):
    return dt.datetime(y, m, d, 12, tzinfo=TZ)


def test_sources_at_month_end(regions):
    haining, tongxiang = regions["330481"], regions["330483"]
    firm = EnterpriseFactory.build(region=tongxiang)
    firm._history_date = _at(2019, 1, 2)
    firm.save()
    firm.region, firm._history_date = haining, _at(2019, 9, 1)
    firm.save()
    figure = EquipmentFigure(enterprise=firm, year=2019, robots_in_service=120, robots_added=20, employees=6000)
    figure._history_date = _at(2019, 3, 1)
    figure.save()
    demo = DemonstrationFactory.build(enterprise=firm, stage="recognised", level="city",
                                      recognised_on=dt.date(2019, 10, 15))  # fmt: skip
    demo._history_date = _at(2019, 10, 20)
    demo.save()
    company = ServiceCompanyFactory.build(region=haining, level="city")
    company._history_date = _at(2019, 1, 1)
    company.save()
    company.level, company._history_date = "province", _at(2019, 7, 1)
    stamp(company, actor=SYSTEM)
    company.save()
    assert compute("smart_robots_in_service", tongxiang, 2019, 6) == 120  # in 桐乡 until September
    assert compute("smart_robots_in_service", haining, 2019, 6) == 0
    assert compute("smart_robots_in_service", haining, 2019, 9) == 120
    assert compute("smart_robot_density", haining, 2019, 9) == Decimal("200.0")
    assert [compute("smart_demonstrations_recognised", haining, 2019, m) for m in (9, 10)] == [0, 1]
    assert compute("smart_demonstrations_total", haining, 2020, 3) == 1
    assert compute("smart_demonstrations_recognised", haining, 2020, 3) == 0
    assert [compute("smart_companies_province", haining, 2019, m) for m in (6, 7)] == [0, 1]
    assert compute("smart_companies_city", haining, 2019, 6) == 1


def _award_move(action: str, award: SubsidyAward, actor: Any) -> None:
    if action == APPROVE:
        services.subsidyaward_approve(subsidyaward=award, actor=actor)
    else:
        services.subsidyaward_pay(subsidyaward=award, paid_on=dt.date(2020, 3, 1), amount=award.amount, actor=actor)


@pytest.mark.parametrize(("status", "action"), AWARD_MACHINE.moves_not_in_table(AwardStatus.values))
def test_an_award_refuses_every_move_not_in_the_table(status: str, action: str, regions: Any, staff: Any, rule_2019):
    award = SubsidyAward.objects.create(
        year=2019, rule=rule_2019, kind=AwardKind.TOP_COMPANY, company=ServiceCompanyFactory(region=regions["330481"]),
        region=regions["330481"], amount=Decimal(10), basis="—", status=status,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        _award_move(action, award, staff)
    award.refresh_from_db()
    assert award.status == status and not award.payments.exists()


@pytest.mark.parametrize("action", [APPROVE, PAY])
def test_a_unit_user_may_make_no_move_of_the_table(action: str, regions: Any, make_user: Any, rule_2019):
    status = AWARD_MACHINE.transitions[[t.action for t in AWARD_MACHINE.transitions].index(action)].source
    award = SubsidyAward.objects.create(
        year=2019, rule=rule_2019, kind=AwardKind.TOP_COMPANY, company=ServiceCompanyFactory(region=regions["330481"]),
        region=regions["330481"], amount=Decimal(10), basis="—", status=status,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        _award_move(action, award, make_user(Role.UNIT_REPORTER, "330481"))
    award.refresh_from_db()
    assert award.status == status
