"""Business rules of the library against a real database: derived fields, nodes, tiers, reference data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Role
from core.actors import SYSTEM
from projects import services
from projects.choices import Flag, Node, ProjectType, Stage
from projects.models import Project, ProjectList, ProjectNode, StarGate
from projects.tests.factories import (
    MonthSnapshotFactory,
    ProjectFactory,
    ProjectListFactory,
    SnapshotRowFactory,
    StarGateFactory,
)
from tests.factories import EnterpriseFactory

D = dt.date
HAINING = "330481"
JIASHAN = "330421"


@pytest.fixture
def reporter(make_user):
    return make_user(Role.UNIT_REPORTER, HAINING)


def _data(regions, **extra):
    return {
        "name": "年产10万台智能装备项目",
        "region": regions[HAINING],
        "enterprise": EnterpriseFactory(region=regions[HAINING]),
        "project_type": ProjectType.NEW,
        "total_investment": Decimal("120000.00"),
        "equipment_investment": Decimal("50000.00"),
        "land_mu": Decimal("80.5"),
        **extra,
    }


@pytest.mark.django_db
def test_reference_data_is_created_by_the_migration():
    # Given the data migration 0002_p1_reference_data: the default gates and tiers exist
    assert list(StarGate.objects.order_by("order").values_list("node", flat=True)) == [
        "signed",
        "permit",
        "started",
        "producing",
        "full",
    ]
    assert ProjectList.objects.get(code="over-1yi").min_total_investment == Decimal(10000)
    assert ProjectList.objects.filter(min_total_investment__isnull=True).count() == 10


@pytest.mark.django_db
def test_create_project_puts_it_on_its_tiers_with_history(regions, reporter):
    project = services.project_create(data=_data(regions), actor=reporter)
    assert set(project.lists.values_list("code", flat=True)) == {"over-1yi", "over-10yi"}
    assert project.stage == Stage.SIGNING and project.stars == 0
    assert project.history.first().history_user == reporter

    # When the investment drops under 10亿, the 10亿 tier goes; a hand-picked list stays
    hand = ProjectList.objects.get(code="tech-700")
    services.project_update(
        project=project, data={"total_investment": Decimal("60000"), "lists": [hand]}, actor=reporter
    )
    assert set(project.lists.values_list("code", flat=True)) == {"over-1yi", "tech-700"}


@pytest.mark.django_db
def test_equipment_investment_cannot_exceed_total(regions, reporter):
    with pytest.raises(ValidationError) as exc:
        services.project_create(data=_data(regions, equipment_investment=Decimal("130000")), actor=reporter)
    assert "equipment_investment" in exc.value.error_dict
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_a_unit_cannot_create_a_project_of_another_unit(regions, reporter):
    data = _data(regions, region=regions[JIASHAN], enterprise=EnterpriseFactory(region=regions[JIASHAN]))
    with pytest.raises(ValidationError):
        services.project_create(data=data, actor=reporter)
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_nodes_set_recomputes_stage_stars_and_flags(regions, reporter, monkeypatch):
    monkeypatch.setattr(services, "today", lambda: D(2019, 6, 30))
    project = ProjectFactory(region=regions[HAINING])
    services.project_nodes_set(
        project=project,
        nodes={
            Node.SIGNED: {"planned_date": D(2019, 1, 10), "actual_date": D(2019, 1, 8)},
            Node.PERMIT: {"planned_date": D(2019, 3, 1), "actual_date": D(2019, 3, 1)},
            Node.STARTED: {"planned_date": D(2019, 4, 1), "actual_date": D(2019, 4, 20)},
            Node.COMPLETED: {"planned_date": D(2019, 6, 1)},
        },
        actor=reporter,
    )
    project.refresh_from_db()
    assert project.stage == Stage.CONSTRUCTION
    assert project.stars == 2  # signed and permit on time; started late
    assert Flag.OVERDUE_NODE in project.flags  # 竣工 planned 1 June, not reached
    assert ProjectNode.objects.filter(project=project).count() == 4
    node = ProjectNode.objects.get(project=project, node=Node.STARTED)
    assert node.history.first().history_user == reporter

    # One node through the single-node service: completed, then 已完工未投产
    services.projectnode_set(project=project, node=Node.COMPLETED, actual_date=D(2019, 6, 20), actor=reporter)
    project.refresh_from_db()
    assert project.stage == Stage.COMMISSIONED
    assert Flag.COMPLETED_NOT_PRODUCING in project.flags
    assert ProjectNode.objects.get(project=project, node=Node.COMPLETED).planned_date == D(2019, 6, 1)


@pytest.mark.django_db
def test_nodes_are_refused_in_the_future_backwards_or_land_for_zero_land(regions, reporter, monkeypatch):
    monkeypatch.setattr(services, "today", lambda: D(2019, 6, 30))
    project = ProjectFactory(region=regions[HAINING], project_type=ProjectType.ZERO_LAND)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.project_nodes_set(project=project, nodes={Node.SIGNED: {"actual_date": D(2019, 7, 1)}}, actor=reporter)
    with pytest.raises(ValidationError, match="早于"):
        services.project_nodes_set(
            project=project,
            nodes={Node.SIGNED: {"actual_date": D(2019, 5, 1)}, Node.STARTED: {"actual_date": D(2019, 4, 1)}},
            actor=reporter,
        )
    with pytest.raises(ValidationError, match="零土地"):
        services.project_nodes_set(project=project, nodes={Node.LAND: {"planned_date": D(2019, 5, 1)}}, actor=reporter)
    assert not ProjectNode.objects.filter(project=project).exists()


@pytest.mark.django_db
def test_changing_a_star_gate_recomputes_every_project(regions, city_staff, monkeypatch):
    monkeypatch.setattr(services, "today", lambda: D(2019, 12, 31))
    project = ProjectFactory(region=regions[HAINING])
    services.project_nodes_set(
        project=project,
        nodes={Node.STARTED: {"planned_date": D(2019, 4, 1), "actual_date": D(2019, 4, 5)}},
        actor=city_staff,
    )
    project.refresh_from_db()
    assert project.stars == 0  # 4 days late
    gate = StarGate.objects.get(node=Node.STARTED)
    services.stargate_update(stargate=gate, data={"grace_days": 5}, actor=city_staff)
    project.refresh_from_db()
    assert project.stars == 1
    assert project.history.first().history_user == city_staff
    services.stargate_delete(stargate=gate, actor=city_staff)
    project.refresh_from_db()
    assert project.stars == 0


@pytest.mark.django_db
def test_a_new_tier_list_fills_itself_and_stops_being_a_tier(regions, city_staff):
    big = ProjectFactory(region=regions[HAINING], total_investment=Decimal("300000"))
    small = ProjectFactory(region=regions[HAINING], total_investment=Decimal("5000"))
    tier = services.projectlist_create(
        data={"code": "over-20yi", "name": "20亿元以上", "min_total_investment": Decimal("200000")}, actor=city_staff
    )
    assert list(tier.projects.all()) == [big]
    services.projectlist_update(projectlist=tier, data={"min_total_investment": None}, actor=city_staff)
    assert not tier.projects.exists()
    assert small.lists.count() == 0


@pytest.mark.django_db
def test_a_project_in_a_snapshot_cannot_be_deleted(regions, city_staff):
    project = ProjectFactory(region=regions[HAINING])
    SnapshotRowFactory(snapshot=MonthSnapshotFactory(region=regions[HAINING]), project=project)
    with pytest.raises(ValidationError, match="退库"):
        services.project_delete(project=project, actor=city_staff)
    other = ProjectFactory(region=regions[HAINING])
    services.project_delete(project=other, actor=city_staff)
    assert not Project.objects.filter(pk=other.pk).exists()


@pytest.mark.django_db
def test_year_plan_monthly_split_must_add_up(regions, reporter):
    project = ProjectFactory(region=regions[HAINING])
    with pytest.raises(ValidationError) as exc:
        services.projectyearplan_create(
            data={"project": project, "year": 2019, "planned_investment": Decimal(1200), "monthly_plan": ["100"] * 11},
            actor=reporter,
        )
    assert "monthly_plan" in exc.value.error_dict
    plan = services.projectyearplan_create(
        data={"project": project, "year": 2019, "planned_investment": Decimal(1200), "monthly_plan": [100] * 12},
        actor=reporter,
    )
    assert plan.monthly_plan == ["100"] * 12


@pytest.mark.django_db
def test_approval_step_dates_and_land_contract_rules(regions, reporter):
    project = ProjectFactory(region=regions[HAINING])
    with pytest.raises(ValidationError, match="办结日期"):
        services.approvalstep_create(
            data={
                "project": project,
                "phase": "approval",
                "name": "施工许可",
                "submitted_on": D(2019, 3, 10),
                "approved_on": D(2019, 3, 1),
            },
            actor=reporter,
        )
    zero = ProjectFactory(region=regions[HAINING], project_type=ProjectType.ZERO_LAND)
    with pytest.raises(ValidationError, match="零土地"):
        services.standardlandcontract_create(
            data={
                "project": zero,
                "investment_intensity": Decimal(400),
                "plot_ratio": Decimal("1.2"),
                "tax_per_mu": Decimal(30),
            },
            actor=reporter,
        )


@pytest.mark.django_db
def test_projects_recompute_writes_only_changed_rows_with_history(regions, city_staff):
    projects = [ProjectFactory(region=regions[HAINING]) for _ in range(3)]
    # Never updated monthly: every project gets 本月未更新
    assert services.projects_recompute(actor=city_staff, as_of=D(2019, 6, 30)) == 3
    ProjectNode.objects.create(project=projects[0], node=Node.STARTED, actual_date=D(2019, 1, 1))
    changed = services.projects_recompute(actor=city_staff, as_of=D(2019, 6, 30))
    assert changed == 1
    projects[0].refresh_from_db()
    assert projects[0].stage == Stage.CONSTRUCTION
    assert projects[0].flags == [Flag.NO_UPDATE]
    assert projects[0].history.first().history_user == city_staff
    assert services.projects_recompute(actor=city_staff, as_of=D(2019, 6, 30)) == 0


@pytest.mark.django_db
def test_star_gate_factory_is_usable(regions):
    gate = StarGateFactory(node=Node.FULL)
    assert gate.pk and ProjectListFactory().pk


@pytest.mark.django_db
def test_the_nightly_recompute_flags_what_became_overdue(regions, monkeypatch):
    from projects import schedule

    project = ProjectFactory(region=regions[HAINING])
    ProjectNode.objects.create(project=project, node=Node.STARTED, planned_date=D(2019, 4, 1))
    monkeypatch.setattr(services, "today", lambda: D(2019, 3, 31))
    schedule.recompute_all_projects()
    project.refresh_from_db()
    assert Flag.OVERDUE_NODE not in project.flags
    monkeypatch.setattr(services, "today", lambda: D(2019, 4, 2))
    assert schedule.recompute_all_projects() == 1
    project.refresh_from_db()
    assert Flag.OVERDUE_NODE in project.flags
    assert project.history.first().history_change_reason == "每日重算阶段、星级和预警"


@pytest.mark.django_db
def test_a_threshold_change_moves_memberships_in_bulk_as_one_project_at_a_time_would(regions, city_staff):
    # Given projects around a tier's threshold, one of them also on a hand-picked list
    hand = ProjectList.objects.get(code="tech-700")
    tier = services.projectlist_create(
        data={"code": "over-3yi", "name": "3亿元以上", "min_total_investment": Decimal("30000")}, actor=city_staff
    )
    amounts = ["5000", "29999.99", "30000", "35000", "49999.99", "50000", "80000", "120000"]
    projects = [ProjectFactory(region=regions[HAINING], total_investment=Decimal(a)) for a in amounts]
    projects[3].lists.add(hand)
    services._sync_all_tier_lists([p.pk for p in projects], actor=SYSTEM)
    records_before = {p.pk: p.history.count() for p in projects}
    # When the threshold rises to 5亿 (the bulk path)
    services.projectlist_update(projectlist=tier, data={"min_total_investment": Decimal("50000")}, actor=city_staff)
    bulk = {p.pk: set(p.lists.values_list("pk", flat=True)) for p in projects}
    # Then the memberships are those the one-project rule gives (the slow reference)
    thresholds = services.tier_thresholds()
    for p in projects:
        services._sync_tier_lists(p, thresholds)
    assert {p.pk: set(p.lists.values_list("pk", flat=True)) for p in projects} == bulk
    assert {p.pk for p in tier.projects.all()} == {p.pk for p in projects[5:]}
    assert hand.pk in bulk[projects[3].pk]
    # And each project that left the tier has a history record naming the actor, with its lists after the change
    for p in projects[2:5]:
        record = p.history.order_by("-history_id").first()
        assert record.history_user == city_staff and record.history_change_reason == "清单门槛变更，调整清单成员"
        assert tier.pk not in {row.projectlist_id for row in record.lists.all()}
    assert {p.pk: p.history.count() - records_before[p.pk] for p in projects} == {
        p.pk: 1 if i in (2, 3, 4) else 0 for i, p in enumerate(projects)
    }


@pytest.mark.django_db
def test_a_threshold_change_runs_a_constant_number_of_queries(regions, city_staff, django_assert_max_num_queries):
    # Given a tier list and 40 projects on it
    tier = services.projectlist_create(
        data={"code": "over-3yi", "name": "3亿元以上", "min_total_investment": Decimal("30000")}, actor=city_staff
    )
    for i in range(40):
        ProjectFactory(region=regions[HAINING], total_investment=Decimal(40000 + i))
    services._sync_all_tier_lists(list(Project.objects.values_list("pk", flat=True)), actor=SYSTEM)
    assert tier.projects.count() == 40
    # When the threshold rises above all of them, the 40 memberships go in a bounded number of queries
    with django_assert_max_num_queries(25):
        services.projectlist_update(projectlist=tier, data={"min_total_investment": Decimal("90000")}, actor=city_staff)
    assert tier.projects.count() == 0
