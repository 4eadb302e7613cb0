"""Computed sources count the records as they stood at the month's end (core/asof.py): a recognition dated
later does not count, one withdrawn by then does not, an enterprise that moved counts where it was — for the
tier sources and for the enterprise register's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from accounts.choices import Role
from core.actors import SYSTEM
from core.history import stamp
from core.sources import compute
from tests.factories import EnterpriseFactory
from tiers.choices import EntryStatus
from tiers.models import TierEntry, Title
from tiers.sources import recognised_count, recognised_count_naive

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d):
    return dt.datetime(y, m, d, 12, tzinfo=TZ)


def save(obj, when, **changes):
    for k, v in changes.items():
        setattr(obj, k, v)
    obj._history_date = when
    stamp(obj, actor=SYSTEM, reason="test")
    obj.save()
    return obj


@pytest.fixture
def world(regions):
    """Two 海宁 firms and one of 桐乡 that moved to 海宁 in August 2021; 小巨人 recognitions of 2021."""
    haining, tongxiang = regions["330481"], regions["330483"]
    xjr = Title.objects.get(code="xjr")
    a = save(EnterpriseFactory.build(region=haining), at(2020, 1, 5))
    b = save(EnterpriseFactory.build(region=haining), at(2020, 1, 5))
    mover = save(EnterpriseFactory.build(region=tongxiang), at(2020, 1, 5))
    save(mover, at(2021, 8, 10), region=haining)

    def entry(firm, recognised_on, entered, status=EntryStatus.RECOGNISED):
        e = TierEntry(enterprise=firm, title=xjr, year=2021, status=status, level="national",
                      recognised_on=recognised_on)  # fmt: skip
        return save(e, entered)

    entry(a, dt.date(2021, 3, 15), at(2021, 3, 20))
    late = entry(b, dt.date(2021, 7, 20), at(2021, 7, 25))
    entry(mover, dt.date(2021, 5, 10), at(2021, 5, 12))
    return {"regions": regions, "late": late, "a": a, "mover": mover}


@pytest.mark.parametrize(
    ("month", "haining", "tongxiang", "city"),
    [
        (2, 0, 0, 0),
        (3, 1, 0, 1),  # a's recognition of 15 March
        (6, 1, 1, 2),  # the mover, recognised in May while in 桐乡, counts for 桐乡
        (7, 2, 1, 3),  # b recognised 20 July
        (8, 3, 0, 3),  # the mover belongs to 海宁 from August on
    ],
)
def test_recognitions_as_they_stood_at_month_end(world, month, haining, tongxiang, city):
    r = world["regions"]
    got = [recognised_count(r[c], 2021, month, code="xjr") for c in ("330481", "330483", "330400")]
    assert got == [haining, tongxiang, city]
    assert got == [recognised_count_naive(r[c], 2021, month, code="xjr") for c in ("330481", "330483", "330400")]


def test_withdrawal_counts_from_its_month_on_and_past_months_keep_their_figure(world):
    r = world["regions"]
    save(world["late"], at(2021, 9, 3), status=EntryStatus.DROPPED)
    assert recognised_count(r["330481"], 2021, 8, code="xjr") == 3  # August as it stood: still recognised
    assert recognised_count(r["330481"], 2021, 9, code="xjr") == 2
    assert compute("tiers_recognised_xjr", r["330481"], 2021, 9) == Decimal(2)
    assert compute("tiers_recognised_xjr_national", r["330481"], 2021, 9) == Decimal(2)


def test_a_list_entered_late_counts_by_its_recognition_date(world):
    """A 2021 list typed in only in 2022 (back-filled) counts in the months its recognition dates put it in."""
    r = world["regions"]
    firm = save(EnterpriseFactory.build(region=r["330481"]), at(2020, 1, 5))
    save(TierEntry(enterprise=firm, title=Title.objects.get(code="xjr"), year=2021, status=EntryStatus.RECOGNISED,
                   level="national", recognised_on=dt.date(2021, 4, 1)), at(2022, 2, 1))  # fmt: skip
    assert recognised_count(r["330481"], 2021, 3, code="xjr") == 1
    assert recognised_count(r["330481"], 2021, 4, code="xjr") == 2


def test_enterprise_sources_read_the_register_at_month_end(regions):
    haining, tongxiang = regions["330481"], regions["330483"]
    firm = save(EnterpriseFactory.build(region=haining, size_class="below"), at(2020, 1, 5))
    save(firm, at(2021, 4, 2), size_class="above")
    save(firm, at(2021, 9, 1), region=tongxiang)
    gone = save(EnterpriseFactory.build(region=haining, size_class="above"), at(2020, 1, 5))
    gone._history_date = at(2021, 6, 10)
    gone.delete()
    assert [compute("enterprises_above_size", haining, 2021, m) for m in (3, 4, 6, 9)] == [1, 2, 1, 0]
    assert [compute("enterprises_all", haining, 2021, m) for m in (3, 6, 9)] == [2, 1, 0]
    assert compute("enterprises_above_size", tongxiang, 2021, 9) == 1


def test_a_title_the_admin_adds_feeds_a_target_indicator(regions, make_user):
    """Titles are data: a title added by the city (not seeded, no code change) has its sources at once, listed
    among the indicators' 取数口径 with its target wording, and a plan's computed indicator naming it takes the
    month's count from the tier library in the report grid."""
    from core.sources import get_source, source_choices
    from reporting.models import MonthlyReport
    from reporting.selectors import report_grid
    from targets.choices import IndicatorKind, IndicatorSource
    from tests.factories import IndicatorFactory, PlanFactory
    from tiers import services

    admin = make_user(Role.CITY_ADMIN, "330400")
    assert get_source("tiers_recognised_zjjp") is None
    title = services.title_create(
        data={"code": "zjjp", "name": "浙江制造精品", "ladder": 45, "levels": ["province"],
              "target_label": "新增“浙江制造精品”企业"}, actor=admin,
    )  # fmt: skip
    choices = dict(source_choices())
    assert choices["tiers_recognised_zjjp"] == "梯度培育：新增“浙江制造精品”企业（家）"
    assert choices["tiers_recognised_zjjp_province"] == "梯度培育：新增省级浙江制造精品（家）"
    assert "tiers_recognised_zjjp_national" not in choices and get_source("tiers_recognised_zjjp_national") is None
    assert choices["tiers_entered_zjjp"] == "梯度培育：入库“浙江制造精品”培育企业（家）"
    assert dict(title.source_keys()) == {
        k: v for k, v in choices.items() if k.startswith(("tiers_recognised_zjjp", "tiers_entered_zjjp"))
    }

    haining = regions["330481"]
    for day, region in (
        (dt.date(2021, 4, 2), haining),
        (dt.date(2021, 6, 9), haining),
        (dt.date(2021, 5, 1), regions["330421"]),
    ):
        firm = save(EnterpriseFactory.build(region=region), at(2020, 1, 5))
        save(TierEntry(enterprise=firm, title=title, year=2021, status=EntryStatus.RECOGNISED, level="province",
                       recognised_on=day), at(day.year, day.month, day.day))  # fmt: skip
    plan = PlanFactory(scope_region=regions["330400"], year_start=2021, year_end=2021, title="2021年目标任务")
    indicator = IndicatorFactory(plan=plan, name="新增浙江制造精品", unit="家", kind=IndicatorKind.STOCK,
                                 source=IndicatorSource.COMPUTED, source_query="tiers_recognised_zjjp")  # fmt: skip
    computed = {}
    for month in (5, 6):
        report = MonthlyReport.objects.create(region=haining, year=2021, month=month, deadline=dt.date(2021, 7, 5))
        computed[month] = next(line.computed for line in report_grid(report) if line.indicator == indicator)
    assert computed == {5: Decimal(1), 6: Decimal(2)}  # 海宁's recognitions to each month's end, 嘉善's not

    services.title_update(title=title, data={"target_label": ""}, actor=admin)  # the label follows the data
    assert dict(source_choices())["tiers_recognised_zjjp"] == "梯度培育：新增浙江制造精品（家）"


@pytest.fixture
def register(regions):
    """Hand-checked 2021 of the register (海宁 330481, 桐乡 330483), each firm's story in its comment."""
    haining, tongxiang = regions["330481"], regions["330483"]

    def firm(region, size, when):
        return save(EnterpriseFactory.build(region=region, size_class=size), when)

    a = firm(haining, "below", at(2020, 1, 5))
    save(a, at(2021, 4, 2), size_class="above")  # a: 小升规 in April
    firm(haining, "above", at(2020, 1, 5))  # b: 规上 all along (entered in 2020, when it was registered)
    firm(haining, "above", at(2021, 2, 10))  # c: registered in February directly as 规上
    d = firm(haining, "below", at(2020, 1, 5))
    save(d, at(2021, 3, 5), size_class="above")  # d: 规上 in March ...
    save(d, at(2021, 7, 1), size_class="below")  # ... and 规下 again in July
    e = firm(tongxiang, "above", at(2020, 1, 5))
    save(e, at(2021, 5, 1), region=haining)  # e: 规上 of 桐乡 moving to 海宁 has not entered the library
    f = firm(tongxiang, "below", at(2020, 1, 5))
    save(f, at(2021, 3, 20), size_class="above")  # f: 小升规 in 桐乡 in March ...
    save(f, at(2021, 8, 15), region=haining)  # ... counted in 海宁 from August
    firm(haining, "above", at(2022, 3, 1))  # g: back-filled in 2022: taken as it was first entered, never new
    h = firm(haining, "below", at(2020, 1, 5))
    save(h, at(2020, 11, 1), size_class="above")  # h: 小升规 of 2020, 规上 on 1 January 2021
    i = firm(haining, "below", at(2020, 1, 5))
    save(i, at(2021, 2, 1), size_class="above")  # i: 规上 in February, deregistered in June
    i._history_date = at(2021, 6, 10)
    i.delete()
    return regions


@pytest.mark.parametrize(
    ("year", "month", "haining", "tongxiang", "city"),
    [
        (2021, 1, 0, 0, 0),
        (2021, 2, 2, 0, 2),  # c, i
        (2021, 3, 3, 1, 4),  # c, i, d; f in 桐乡
        (2021, 4, 4, 1, 5),  # + a
        (2021, 5, 4, 1, 5),  # e moved in: not new
        (2021, 6, 3, 1, 4),  # i deregistered
        (2021, 7, 2, 1, 3),  # d 规下 again
        (2021, 8, 3, 0, 3),  # f now in 海宁
        (2021, 12, 3, 0, 3),
        (2020, 12, 2, 1, 3),  # 2020: b registered as 规上, h 小升规; e registered as 规上 in 桐乡
    ],
)
def test_new_entries_into_the_above_size_library_at_month_end(register, year, month, haining, tongxiang, city):
    """新增入库 (规上): 规上 at the month's end and not on 1 January, where the firm is at the month's end."""
    from enterprises.sources import enterprises_entered_above_naive

    r = register
    got = [compute("enterprises_entered_above", r[c], year, month) for c in ("330481", "330483", "330400")]
    assert got == [haining, tongxiang, city]
    assert got == [enterprises_entered_above_naive(r[c], year, month) for c in ("330481", "330483", "330400")]


def test_entries_into_a_title_library_at_month_end(regions):
    """入库 of the 小升规 library for 2021 (`tiers_entered_xsg`), hand-checked: every entry of the year standing
    at the month's end whatever its status, where its enterprise was then; a withdrawn nomination stops counting;
    an entry counts from the month it was recorded (it has no date of entry of its own)."""
    haining, tongxiang = regions["330481"], regions["330483"]
    xsg = Title.objects.get(code="xsg")

    def entry(firm, when, year=2021):
        return save(TierEntry(enterprise=firm, title=xsg, year=year, status=EntryStatus.NOMINATED), when)

    def firm(region):
        return save(EnterpriseFactory.build(region=region), at(2020, 1, 5))

    entry(firm(haining), at(2021, 2, 10))  # e1
    e2 = entry(firm(haining), at(2021, 3, 5))
    save(e2, at(2021, 5, 6), status=EntryStatus.RECOGNISED, recognised_on=dt.date(2021, 5, 6))
    e3 = entry(firm(haining), at(2021, 3, 1))
    e3._history_date = at(2021, 6, 1)
    e3.delete()  # withdrawn in June
    mover = firm(tongxiang)
    entry(mover, at(2021, 4, 1))  # e4: 桐乡 until August
    save(mover, at(2021, 8, 10), region=haining)
    entry(firm(haining), at(2020, 3, 1), year=2020)  # e5: the 2020 library
    e6 = entry(firm(haining), at(2021, 2, 1))
    save(e6, at(2021, 9, 1), status=EntryStatus.DROPPED)  # dropped: it still entered the library
    entry(firm(haining), at(2022, 1, 15))  # e7: recorded in 2022, in no month of 2021

    def month(m):
        return [compute("tiers_entered_xsg", regions[c], 2021, m) for c in ("330481", "330483", "330400")]

    assert {m: month(m) for m in (1, 2, 3, 4, 6, 8, 9)} == {
        1: [0, 0, 0],
        2: [2, 0, 2],  # e1, e6
        3: [4, 0, 4],  # e2, e3
        4: [4, 1, 5],  # e4 in 桐乡
        6: [3, 1, 4],  # e3 withdrawn
        8: [4, 0, 4],  # e4 now in 海宁
        9: [4, 0, 4],  # e6 dropped, still entered
    }
