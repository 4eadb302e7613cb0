"""Recognitions expire by themselves (issue 17): the set-based service, the daily job through Huey's scheduler,
the city's button, the 即将到期 page and filters (page and API), and the month-end 新增认定 counts, which still
count an expired recognition in the year it was recognised."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from accounts.choices import Role
from core import clock
from core.actors import SYSTEM
from core.services import save_audited
from tests.factories import EnterpriseFactory
from tiers import calculations, services, sources
from tiers.choices import EntryStatus
from tiers.models import TierEntry, Title

pytestmark = pytest.mark.django_db
D = dt.date


def _entry(region, code: str, recognised_on: dt.date | None, *, status=EntryStatus.RECOGNISED, level="province"):
    title = Title.objects.get(code=code)
    firm = EnterpriseFactory(region=region)
    entry = TierEntry(enterprise=firm, title=title, year=recognised_on.year if recognised_on else 2019,
                      status=status, level=level if title.levels else "", recognised_on=recognised_on)  # fmt: skip
    save_audited(entry, actor=SYSTEM, reason="test")
    return entry


@pytest.fixture
def haining(regions):
    return regions["330481"]


@pytest.fixture
def zjtx_2019(haining):
    """A 专精特新 recognition of 2019 (3 validity years): holds through 2021, runs out on 2022-01-01."""
    return _entry(haining, "zjtx", D(2019, 6, 1))


def _state(entry):
    entry.refresh_from_db()
    return entry.status, entry.ended_on


def test_the_arithmetic_of_a_validity():
    assert calculations.valid_until(D(2019, 6, 1), 3) == 2021
    assert calculations.expires_on(D(2019, 6, 1), 3) == D(2022, 1, 1)
    assert calculations.run_out_before(D(2022, 1, 1), 3) == D(2020, 1, 1)  # 2019's have run out, 2020's not
    assert calculations.ending_between(2022, 2023, 3) == (D(2020, 1, 1), D(2022, 1, 1))
    assert calculations.valid_until(D(2019, 6, 1), None) is None
    assert calculations.ending_between(99999, 99999, 3)[0] == calculations.ending_between(99999, 99999, 3)[1]


def test_a_2019_zjtx_recognition_expires_on_2022_01_01_not_on_the_day_the_job_runs(zjtx_2019):
    assert services.tierentries_expire_due(today=D(2021, 12, 31), actor=SYSTEM) == 0
    assert _state(zjtx_2019) == (EntryStatus.RECOGNISED, None)
    assert services.tierentries_expire_due(today=D(2022, 3, 15), actor=SYSTEM) == 1  # the job ran late
    assert _state(zjtx_2019) == (EntryStatus.EXPIRED, D(2022, 1, 1))
    last = zjtx_2019.history.order_by("-history_id").first()
    assert (last.history_change_reason, last.history_type, last.status) == ("有效期届满（3年）", "~", "expired")


def test_titles_without_validity_never_expire_and_dropped_or_unrecognised_entries_are_untouched(haining, zjtx_2019):
    eagle = _entry(haining, "xy", D(2010, 5, 1))  # 雄鹰: no validity years
    dropped = _entry(haining, "zjtx", D(2015, 5, 1), status=EntryStatus.DROPPED)
    cultivating = _entry(haining, "zjtx", None, status=EntryStatus.CULTIVATING, level="")
    kjx_2021 = _entry(haining, "kjx", D(2021, 4, 1))  # 科技型中小企业: 1 year, runs out on 2022-01-01
    kjx_2022 = _entry(haining, "kjx", D(2022, 1, 5))
    assert services.tierentries_expire_due(today=D(2022, 1, 1), actor=SYSTEM) == 2
    assert _state(eagle) == (EntryStatus.RECOGNISED, None)
    assert _state(dropped) == (EntryStatus.DROPPED, None)
    assert _state(cultivating) == (EntryStatus.CULTIVATING, None)
    assert _state(kjx_2021) == (EntryStatus.EXPIRED, D(2022, 1, 1))
    assert _state(kjx_2022) == (EntryStatus.RECOGNISED, None)
    assert kjx_2021.history.order_by("-history_id").first().history_change_reason == "有效期届满（1年）"
    assert services.tierentries_expire_due(today=D(2040, 1, 1), actor=SYSTEM) == 1  # kjx_2022 in 2023 …
    assert _state(eagle) == (EntryStatus.RECOGNISED, None)  # … but never the eagle


def test_running_twice_changes_nothing(zjtx_2019):
    assert services.tierentries_expire_due(today=D(2022, 1, 1), actor=SYSTEM) == 1
    records = zjtx_2019.history.count()
    assert services.tierentries_expire_due(today=D(2022, 1, 1), actor=SYSTEM) == 0
    assert services.tierentries_expire_due(today=D(2023, 6, 1), actor=SYSTEM) == 0
    assert zjtx_2019.history.count() == records
    assert _state(zjtx_2019) == (EntryStatus.EXPIRED, D(2022, 1, 1))


def test_the_daily_task_runs_through_hueys_scheduler(monkeypatch, zjtx_2019):
    """The consumer's path: the periodic tasks due at 16:20 UTC on 1 January 2022 (00:20 in Jiaxing), executed."""
    monkeypatch.setenv("JINGXIN_TODAY", "2022-01-01")
    clock.reset()
    due = [t for t in HUEY.read_periodic(dt.datetime(2022, 1, 1, 16, 20)) if t.name.startswith("expire_due")]
    assert len(due) == 1
    HUEY.execute(due[0])
    assert _state(zjtx_2019) == (EntryStatus.EXPIRED, D(2022, 1, 1))
    assert zjtx_2019.history.order_by("-history_id").first().history_user is None  # the system
    assert not [t for t in HUEY.read_periodic(dt.datetime(2022, 1, 1, 10, 0)) if t.name.startswith("expire_due")]


def test_the_city_runs_it_from_the_list_a_county_user_cannot(client, monkeypatch, make_user, zjtx_2019):
    monkeypatch.setenv("JINGXIN_TODAY", "2022-01-01")
    clock.reset()
    url = reverse("tiers:tierentry_expire_due")
    county = make_user(Role.UNIT_REPORTER, "330481")  # may change its entries, not expire them in bulk
    client.force_login(county)
    assert b'data-testid="expire-due"' not in client.get(reverse("tiers:tierentry_list")).content
    assert client.post(url).status_code == 403
    with pytest.raises(PermissionDenied):
        services.tierentries_expire_due(today=D(2022, 1, 1), actor=county)
    assert _state(zjtx_2019) == (EntryStatus.RECOGNISED, None)

    staff = make_user(Role.CITY_STAFF, "330400")
    client.force_login(staff)
    assert b'data-testid="expire-due"' in client.get(reverse("tiers:tierentry_list")).content
    response = client.post(url, follow=True)
    assert "1 条认定有效期届满" in response.content.decode()
    assert _state(zjtx_2019) == (EntryStatus.EXPIRED, D(2022, 1, 1))
    assert zjtx_2019.history.order_by("-history_id").first().history_user == staff


def test_ending_this_year_or_next_per_title_and_unit_in_the_page_and_the_api(
    client, monkeypatch, make_user, regions, haining
):
    monkeypatch.setenv("JINGXIN_TODAY", "2022-05-01")
    clock.reset()
    ends_2022 = _entry(haining, "zjtx", D(2020, 3, 1))
    ends_2023 = _entry(regions["330483"], "zjtx", D(2021, 9, 1))  # 桐乡
    giant_2023 = _entry(haining, "xjr", D(2021, 7, 1), level="national")
    _entry(haining, "zjtx", D(2022, 3, 1))  # ends 2024: not yet
    _entry(haining, "xy", D(2010, 3, 1))  # never ends
    _entry(haining, "zjtx", D(2020, 5, 1), status=EntryStatus.DROPPED)  # no longer held
    client.force_login(make_user(Role.CITY_STAFF, "330400"))

    ids = {r["id"] for r in client.get("/api/tier-entries/?expiring=true").json()["results"]}
    assert ids == {ends_2022.pk, ends_2023.pk, giant_2023.pk}
    ids = {r["id"] for r in client.get("/api/tier-entries/?valid_until=2023").json()["results"]}
    assert ids == {ends_2023.pk, giant_2023.pk}
    page = client.get(reverse("tiers:tierentry_list") + "?expiring=true").content.decode()
    assert ends_2022.enterprise.name in page and "认定有效至" in page and giant_2023.enterprise.name in page

    page = client.get(reverse("tiers:ending")).content.decode()
    assert "2022 年届满" in page and "2023 年届满" in page and "海宁市" in page and "桐乡市" in page
    zjtx = Title.objects.get(code="zjtx")
    assert f"?title={zjtx.pk}&amp;valid_until=2022" in page

    client.force_login(make_user(Role.UNIT_REPORTER, "330481"))  # a unit sees its own
    ids = {r["id"] for r in client.get("/api/tier-entries/?expiring=true").json()["results"]}
    assert ids == {ends_2022.pk, giant_2023.pk}
    assert "桐乡市" not in client.get(reverse("tiers:ending")).content.decode()


def test_new_recognition_counts_still_count_an_expired_title_in_its_year(regions, haining, zjtx_2019):
    city = regions["330400"]
    before = [sources.recognised_count(r, 2019, 12, code="zjtx") for r in (city, haining)]
    services.tierentries_expire_due(today=D(2022, 1, 1), actor=SYSTEM)
    assert [sources.recognised_count(r, 2019, 12, code="zjtx") for r in (city, haining)] == before == [1, 1]
    assert sources.recognised_count(city, 2022, 1, code="zjtx") == 0
