"""The routing of a request (属地为主、分级分办) and who sees it at each hop; rating, reopening, merge, daily job."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Role
from appeals import services, workflow
from appeals.choices import HopAction, Level, Status
from appeals.models import Appeal, AppealCategory
from appeals.tasks import appeals_daily
from core.actors import SYSTEM
from enterprises.models import Enterprise
from notifications.models import Notification
from tests.factories import DepartmentFactory, EnterpriseFactory

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, regions):
    enterprise = EnterpriseFactory(region=regions["330481"])
    department = DepartmentFactory(region=regions["330400"], name="市人力社保局")
    return {
        "enterprise": make_user(Role.ENTERPRISE_USER, "330481", enterprise=enterprise),
        "unit": make_user(Role.UNIT_REPORTER, "330481"),
        "other_unit": make_user(Role.UNIT_REPORTER, "330421"),
        "city": make_user(Role.CITY_STAFF, "330400"),
        "department": make_user(Role.DEPARTMENT_HANDLER, "330400", department=department),
        "other_department": make_user(Role.DEPARTMENT_HANDLER, "330400"),
        "leader": make_user(Role.LEADER, "330400"),
        "dept": department,
        "firm": enterprise,
    }


def _file(people, today=D(2024, 2, 9), text="春节后一线操作工缺口约50人，请求协助对接劳务资源") -> Appeal:
    return services.appeal_create(
        data={"category": AppealCategory.objects.get(code="labour"), "title": "招工难", "text": text},
        actor=people["enterprise"],
        today=today,
    )


def _sees(user, appeal) -> bool:
    return Appeal.objects.visible_to(user).filter(pk=appeal.pk).exists()


def test_filed_before_spring_festival_lands_at_the_unit_with_working_day_deadlines(people):
    appeal = _file(people)
    assert (appeal.region.code, appeal.level, appeal.status) == ("330481", Level.UNIT, Status.SUBMITTED)
    assert appeal.accept_due == D(2024, 2, 18)  # the makeup Sunday after the break
    assert appeal.answer_due == D(2024, 2, 20)
    assert appeal.channel == "platform"
    assert Notification.objects.filter(user=people["unit"]).count() == 1


def test_filed_on_a_makeup_sunday(people):
    appeal = _file(people, today=D(2024, 2, 4))
    assert (appeal.accept_due, appeal.answer_due) == (D(2024, 2, 5), D(2024, 2, 7))


def test_scope_at_each_hop(people):
    appeal = _file(people)
    # At the unit: the enterprise, its unit, the city; not another unit, not a department.
    seen = {
        k
        for k in ("enterprise", "unit", "other_unit", "city", "department", "other_department", "leader")
        if _sees(people[k], appeal)
    }
    assert seen == {"enterprise", "unit", "city", "leader"}
    # The unit cannot act for the department and the department cannot act at the unit.
    with pytest.raises(Exception):
        workflow.appeal_move(appeal=appeal, action=HopAction.ACCEPT, actor=people["department"], today=D(2024, 2, 18))
    workflow.appeal_move(
        appeal=appeal, action=HopAction.PASS_UP, actor=people["unit"], reason="涉及跨区域劳务协作", today=D(2024, 2, 18)
    )
    appeal.refresh_from_db()
    assert appeal.level == Level.CITY and appeal.accept_due == D(2024, 2, 19)
    with pytest.raises(ValidationError):  # the unit no longer holds it
        workflow.appeal_move(appeal=appeal, action=HopAction.ACCEPT, actor=people["unit"])
    workflow.appeal_move(
        appeal=appeal,
        action=HopAction.ASSIGN,
        actor=people["city"],
        reason="请人社局牵头",
        department=people["dept"],
        today=D(2024, 2, 19),
    )
    appeal.refresh_from_db()
    seen = {
        k
        for k in ("enterprise", "unit", "other_unit", "city", "department", "other_department")
        if _sees(people[k], appeal)
    }
    assert seen == {"enterprise", "unit", "city", "department"}
    workflow.appeal_move(appeal=appeal, action=HopAction.ACCEPT, actor=people["department"], today=D(2024, 2, 19))
    workflow.appeal_move(
        appeal=appeal,
        action=HopAction.ANSWER,
        actor=people["department"],
        reason="已对接劳务公司",
        today=D(2024, 2, 20),
    )
    appeal.refresh_from_db()
    assert appeal.status == Status.ANSWERED and appeal.on_time is True and appeal.workdays_to_answer == 3
    hops = list(appeal.hops.values_list("action", "from_holder", "to_holder"))
    assert [h[0] for h in hops] == ["file", "pass_up", "assign", "accept", "answer"]
    assert hops[2][1:] == ("市级", "市人力社保局")
    assert appeal.hops.get(action="pass_up").actor == people["unit"]
    assert Notification.objects.filter(user=people["enterprise"], title__contains="请评价").exists()


def test_material_stops_the_clock_and_one_extension(people):
    appeal = _file(people, today=D(2024, 2, 4))
    workflow.appeal_move(appeal=appeal, action=HopAction.ACCEPT, actor=people["unit"], today=D(2024, 2, 5))
    workflow.appeal_move(
        appeal=appeal,
        action=HopAction.REQUEST_MATERIAL,
        actor=people["unit"],
        reason="请提供用工需求表",
        today=D(2024, 2, 5),
    )
    workflow.appeal_move(appeal=appeal, action=HopAction.SUPPLY, actor=people["enterprise"], today=D(2024, 2, 7))
    appeal.refresh_from_db()
    assert appeal.paused_workdays == 2 and appeal.answer_due == D(2024, 2, 9)
    workflow.appeal_move(
        appeal=appeal, action=HopAction.EXTEND, actor=people["unit"], reason="需协调多家劳务公司", today=D(2024, 2, 8)
    )
    appeal.refresh_from_db()
    assert appeal.extended and appeal.answer_due == D(2024, 3, 25)  # 30 + 2 paused working days after 2-4
    with pytest.raises(ValidationError):
        workflow.appeal_move(appeal=appeal, action=HopAction.EXTEND, actor=people["unit"], reason="再次延期")
    with pytest.raises(ValidationError):
        workflow.appeal_move(appeal=appeal, action=HopAction.ANSWER, actor=people["unit"], reason="")


def test_unsatisfied_reopens_once_one_level_up(people):
    appeal = _file(people)
    workflow.appeal_move(appeal=appeal, action=HopAction.ACCEPT, actor=people["unit"], today=D(2024, 2, 18))
    workflow.appeal_move(
        appeal=appeal, action=HopAction.ANSWER, actor=people["unit"], reason="已答复", today=D(2024, 2, 19)
    )
    workflow.appeal_move(
        appeal=appeal,
        action=HopAction.RATE,
        actor=people["enterprise"],
        rating="unsatisfied",
        reason="未解决",
        today=D(2024, 2, 20),
    )
    appeal.refresh_from_db()
    assert (appeal.status, appeal.level, appeal.reopened) == (Status.SUBMITTED, Level.CITY, True)
    workflow.appeal_move(appeal=appeal, action=HopAction.ACCEPT, actor=people["city"], today=D(2024, 2, 20))
    workflow.appeal_move(
        appeal=appeal, action=HopAction.ANSWER, actor=people["city"], reason="市级协调", today=D(2024, 2, 21)
    )
    workflow.appeal_move(
        appeal=appeal, action=HopAction.RATE, actor=people["enterprise"], rating="unsatisfied", today=D(2024, 2, 22)
    )
    appeal.refresh_from_db()
    assert appeal.status == Status.CLOSED and appeal.rating == "unsatisfied"  # only once


@pytest.mark.parametrize(("status", "action"), workflow.APPEAL_MACHINE.moves_not_in_table(Status.values))
def test_every_move_not_in_the_table_is_refused(people, status, action):
    appeal = _file(people, today=D(2024, 2, 5))
    Appeal.objects.filter(pk=appeal.pk).update(status=status)
    for actor in (people["city"], people["enterprise"]):  # the holder's side and the enterprise's
        with pytest.raises(ValidationError):
            workflow.appeal_move(
                appeal=appeal, action=action, actor=actor, reason="理由", department=people["dept"],
                rating="satisfied", today=D(2024, 2, 6),
            )  # fmt: skip
    appeal.refresh_from_db()
    assert appeal.status == status and list(appeal.hops.values_list("action", flat=True)) == ["file"]


def test_the_holder_records_material_under_its_own_name(people):
    appeal = _file(people, today=D(2024, 2, 5))
    workflow.appeal_move(appeal=appeal, action=HopAction.ACCEPT, actor=people["unit"], today=D(2024, 2, 5))
    workflow.appeal_move(
        appeal=appeal, action=HopAction.REQUEST_MATERIAL, actor=people["unit"], reason="请补充", today=D(2024, 2, 5)
    )
    appeal.refresh_from_db()
    labels = {
        who: [str(t.label) for t in workflow.available_actions(appeal, people[who])] for who in ("unit", "enterprise")
    }
    assert labels == {"unit": ["材料已补充"], "enterprise": ["补充材料"]}
    workflow.appeal_move(appeal=appeal, action=HopAction.SUPPLY, actor=people["unit"], today=D(2024, 2, 6))
    assert appeal.history.first().history_change_reason == "材料已补充"


def test_other_enterprise_cannot_rate(people, make_user):
    appeal = _file(people)
    stranger = make_user(Role.ENTERPRISE_USER, "330481")
    with pytest.raises(Exception):
        workflow.appeal_move(appeal=appeal, action=HopAction.RATE, actor=stranger, rating="satisfied")


def test_similar_request_pointed_out_and_merged(people):
    first = _file(people)
    second = _file(people, text="春节后一线操作工缺口约60人，请协助对接劳务")
    similar = services.similar_open_appeals(second)
    assert [a.pk for a, _r in similar] == [first.pk]
    services.appeal_merge(appeal=second, into=first, actor=people["unit"])
    second.refresh_from_db()
    assert second.status == Status.MERGED and second.merged_into == first


def test_unknown_caller_only_with_confirmation(people, regions):
    data = {
        "category": AppealCategory.objects.get(code="labour"),
        "title": "缺箱",
        "text": "出口缺箱",
        "uscc": "91330481MA2B3C4D5E",
    }
    with pytest.raises(ValidationError):
        services.appeal_create(data=data, actor=people["city"], today=D(2024, 2, 9))
    assert not Enterprise.objects.filter(uscc="91330481MA2B3C4D5E").exists()


def test_daily_job_reminds_escalates_and_expires(people):
    appeal = _file(people)
    result = appeals_daily(actor=SYSTEM, today=D(2024, 2, 9))
    assert result.reminded == 1  # accept due on the next working day, 2-18
    assert appeals_daily(actor=SYSTEM, today=D(2024, 2, 9)).reminded == 0  # once a day
    workflow.appeal_move(appeal=appeal, action=HopAction.ACCEPT, actor=people["unit"], today=D(2024, 2, 18))
    assert appeals_daily(actor=SYSTEM, today=D(2024, 2, 21)).escalated == 1  # one working day overdue: the city
    appeal.refresh_from_db()
    assert appeal.escalation_level == 1
    assert (
        appeals_daily(actor=SYSTEM, today=D(2024, 2, 28)).escalated == 1
    )  # six working days overdue: the leader's list
    appeal.refresh_from_db()
    assert appeal.escalation_level == 2
    assert Notification.objects.filter(user=people["leader"]).exists()
    workflow.appeal_move(
        appeal=appeal, action=HopAction.ANSWER, actor=people["unit"], reason="已答复", today=D(2024, 2, 28)
    )
    assert appeals_daily(actor=SYSTEM, today=D(2024, 3, 13)).expired == 0
    assert appeals_daily(actor=SYSTEM, today=D(2024, 3, 14)).expired == 1
    appeal.refresh_from_db()
    assert (appeal.status, appeal.rating) == (Status.CLOSED, "unrated")


def test_a_number_freed_by_a_deletion_is_not_handed_out_again(people, city_admin):
    """Numbers are the day's serials: after a deleted request (filed by mistake) the next one takes a new serial,
    not the count of the day's requests + 1, which was a number already given (unique: a server error)."""
    first, second = _file(people), _file(people, text="出口缺箱")
    services.appeal_delete(appeal=first, actor=city_admin)
    third = _file(people, text="融资需求")
    assert [second.number, third.number] == ["SQ20240209-00002", "SQ20240209-00003"]
    assert services.day_serial(D(2024, 2, 9)) == 3 and services.day_serial(D(2024, 2, 10)) == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_filings_of_one_day_take_their_numbers_in_turn():
    """Two requests filed at the same moment could both read the day's highest number and take the same next one.
    On PostgreSQL the second numbering waits for the first transaction's commit (the day's advisory lock)."""
    import threading
    import time

    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time")
    day = dt.date(2024, 2, 8)
    holding, waited = threading.Event(), []

    def first() -> None:
        with transaction.atomic():
            services.day_serial(day)
            holding.set()
            time.sleep(0.6)  # the first filing is still being written
        connection.close()

    def second() -> None:
        holding.wait(5)
        started = time.perf_counter()
        with transaction.atomic():
            services.day_serial(day)
        waited.append(time.perf_counter() - started)
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert waited and waited[0] >= 0.4
