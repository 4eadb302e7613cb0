"""The entry workflow (transition table), its level and date rules, deletion, and 小升规 from the register's
history, against a real database."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import Role
from core.actors import SYSTEM
from core.history import stamp
from tests.factories import EnterpriseFactory
from tiers import selectors, services
from tiers.choices import ENTRY_MACHINE, Action, EntryStatus
from tiers.models import TierEntry, Title

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def reporter(make_user):
    return make_user(Role.UNIT_REPORTER, "330481")


@pytest.fixture
def entry(regions, reporter):
    firm = EnterpriseFactory(region=regions["330481"], name="海宁测试科技有限公司")
    return services.tierentry_create(
        data={"enterprise": firm, "title": Title.objects.get(code="xjr"), "year": 2021}, actor=reporter
    )


def test_nominated_cultivated_recognised_then_expired(entry, reporter):
    assert entry.status == EntryStatus.NOMINATED
    services.tierentry_transition(tierentry=entry, action=Action.CULTIVATE, actor=reporter)
    services.tierentry_transition(
        tierentry=entry, action=Action.RECOGNISE, level="national", recognised_on=dt.date(2021, 7, 20),
        document_no="工信部企业函〔2021〕197号", actor=reporter,
    )  # fmt: skip
    entry.refresh_from_db()
    assert (entry.status, entry.level, entry.valid_until) == (EntryStatus.RECOGNISED, "national", 2023)
    services.tierentry_transition(tierentry=entry, action=Action.EXPIRE, ended_on=dt.date(2024, 7, 20), actor=reporter)
    assert [h.history_change_reason for h in entry.history.order_by("history_id")] == [
        "推荐入库", "入库培育", "认定", "到期"]  # fmt: skip


@pytest.mark.parametrize(("status", "action"), ENTRY_MACHINE.moves_not_in_table(EntryStatus.values))
def test_every_action_not_in_the_table_is_refused(entry, reporter, status, action):
    TierEntry.objects.filter(pk=entry.pk).update(status=status)
    entry.refresh_from_db()
    with pytest.raises(ValidationError):
        services.tierentry_transition(
            tierentry=entry, action=action, level="national", recognised_on=dt.date(2021, 1, 1), actor=reporter
        )
    entry.refresh_from_db()
    assert entry.status == status


def test_the_table_refuses_what_the_old_rules_refused():
    """The machine allows exactly the moves of the entry rules: ended entries take no action."""
    assert len(ENTRY_MACHINE.moves_not_in_table(EntryStatus.values)) == 5 * 4 - 8
    assert ENTRY_MACHINE.moves_not_in_table([EntryStatus.DROPPED]) == [
        (EntryStatus.DROPPED, a) for a in sorted(Action.values)]  # fmt: skip


def test_a_user_without_the_change_permission_may_not_move_an_entry(entry, make_user):
    with pytest.raises(PermissionDenied):
        services.tierentry_transition(tierentry=entry, action=Action.CULTIVATE, actor=make_user(Role.LEADER, "330481"))
    entry.refresh_from_db()
    assert entry.status == EntryStatus.NOMINATED


def test_recognition_needs_a_level_of_the_title_and_a_date(entry, reporter):
    with pytest.raises(ValidationError, match="认定层级"):
        services.tierentry_transition(tierentry=entry, action=Action.RECOGNISE, recognised_on=dt.date(2021, 7, 1),
                                      actor=reporter)  # fmt: skip
    with pytest.raises(ValidationError, match="没有"):  # 小巨人 is a national title only
        services.tierentry_transition(tierentry=entry, action=Action.RECOGNISE, level="city",
                                      recognised_on=dt.date(2021, 7, 1), actor=reporter)  # fmt: skip
    with pytest.raises(ValidationError, match="认定日期"):
        services.tierentry_transition(tierentry=entry, action=Action.RECOGNISE, level="national", actor=reporter)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.NOMINATED


def test_only_nominations_are_deleted(entry, reporter):
    services.tierentry_transition(tierentry=entry, action=Action.DROP, actor=reporter)
    with pytest.raises(ValidationError):
        services.tierentry_delete(tierentry=entry, actor=reporter)
    assert TierEntry.objects.filter(pk=entry.pk).exists()


def test_out_of_scope_enterprise_is_refused(regions, reporter):
    firm = EnterpriseFactory(region=regions["330421"])  # 嘉善县: not the 海宁 reporter's
    with pytest.raises(ValidationError):
        services.tierentry_create(
            data={"enterprise": firm, "title": Title.objects.get(code="zjtx"), "year": 2021}, actor=reporter
        )
    assert not TierEntry.objects.exists()


def _save(firm, when, **changes):
    for k, v in changes.items():
        setattr(firm, k, v)
    firm._history_date = when
    stamp(firm, actor=SYSTEM, reason="test")
    firm.save()


def test_small_to_above_from_the_registers_history(regions, make_user):
    staff = make_user(Role.CITY_STAFF, "330400")
    grew = EnterpriseFactory.build(region=regions["330481"], size_class="below")
    _save(grew, dt.datetime(2020, 3, 1, tzinfo=TZ))
    _save(grew, dt.datetime(2021, 4, 15, 10, tzinfo=TZ), size_class="above")
    born_big = EnterpriseFactory.build(region=regions["330481"], size_class="above")
    _save(born_big, dt.datetime(2021, 2, 1, tzinfo=TZ))  # entered directly as 规上: no event
    earlier = EnterpriseFactory.build(region=regions["330481"], size_class="below")
    _save(earlier, dt.datetime(2019, 3, 1, tzinfo=TZ))
    _save(earlier, dt.datetime(2020, 6, 1, tzinfo=TZ), size_class="above")  # 2020's, not 2021's
    _save(earlier, dt.datetime(2021, 6, 1, tzinfo=TZ), name="改名")  # a 2021 record, still 规上: no event

    assert selectors.small_to_above_events(year=2021, user=staff) == {grew.pk: dt.date(2021, 4, 15)}
    assert services.small_to_above_recognise(year=2021, actor=staff) == {"events": 1, "created": 1, "updated": 0}
    entry = TierEntry.objects.get()
    assert (entry.enterprise_id, entry.title.code, entry.status, entry.recognised_on) == (
        grew.pk, "xsg", EntryStatus.RECOGNISED, dt.date(2021, 4, 15))  # fmt: skip
    assert services.small_to_above_recognise(year=2021, actor=staff)["created"] == 0  # idempotent


def test_ladder_marks_moving_up(regions, reporter):
    firm = EnterpriseFactory(region=regions["330481"])
    for code, year, level in (("zjtx", 2019, "province"), ("zjtx", 2020, "province"), ("xjr", 2021, "national")):
        e = services.tierentry_create(data={"enterprise": firm, "title": Title.objects.get(code=code), "year": year},
                                      actor=reporter)  # fmt: skip
        services.tierentry_transition(tierentry=e, action=Action.RECOGNISE, level=level,
                                      recognised_on=dt.date(year, 6, 1), actor=reporter)  # fmt: skip
    ladder = selectors.enterprise_ladder(firm, reporter)
    assert [(y.year, y.top.title.code, y.moved_up) for y in ladder] == [
        (2021, "xjr", True), (2020, "zjtx", False), (2019, "zjtx", False)]  # fmt: skip
