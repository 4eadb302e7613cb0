"""Pages and API of the tier libraries: the workflow buttons, the counts page and endpoint, the enterprise
page's ladder panel, the 小升规 page, the list's query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from tests.factories import EnterpriseFactory
from tiers.choices import EntryStatus
from tiers.models import TierEntry, Title

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(make_user):
    return make_user(Role.UNIT_REPORTER, "330481")


@pytest.fixture
def entries(regions):
    zjtx = Title.objects.get(code="zjtx")
    out = []
    for i, (region, status, level) in enumerate(
        [("330481", EntryStatus.RECOGNISED, "province"), ("330481", EntryStatus.NOMINATED, ""),
         ("330481", EntryStatus.RECOGNISED, "city"), ("330483", EntryStatus.RECOGNISED, "province")]
    ):  # fmt: skip
        firm = EnterpriseFactory(region=regions[region], name=f"企业{i}")
        out.append(TierEntry.objects.create(enterprise=firm, title=zjtx, year=2021, status=status, level=level,
                                            recognised_on=dt.date(2021, 6, 1) if level else None))  # fmt: skip
    return out


def test_recognise_through_the_page(client, reporter, entries):
    client.force_login(reporter)
    entry = entries[1]
    page = client.get(entry.get_absolute_url())
    assert b'data-testid="action-recognise"' in page.content and b'data-testid="action-expire"' not in page.content
    url = reverse("tiers:tierentry_transition", args=[entry.pk, "recognise"])
    client.post(url, {"level": "province", "recognised_on": "2021-09-01", "document_no": "浙经信〔2021〕1号"})
    entry.refresh_from_db()
    assert (entry.status, entry.document_no) == (EntryStatus.RECOGNISED, "浙经信〔2021〕1号")
    client.post(url, {"level": "province"})  # recognised again is allowed, expire is not offered by a 404 path
    assert client.post(reverse("tiers:tierentry_transition", args=[entries[3].pk, "drop"])).status_code == 404


def test_counts_page_and_api(client, reporter, make_user, entries):
    client.force_login(make_user(Role.CITY_STAFF, "330400"))
    page = client.get(reverse("tiers:counts"))
    assert page.status_code == 200 and "海宁市" in page.content.decode()
    rows = client.get("/api/tier-entries/counts/?year=2021").json()
    total = next(r for r in rows if r["region"] is None)
    haining = next(r for r in rows if r["region_name"] == "海宁市")
    assert (total["entries"], total["recognised"], total["by_level"]) == (4, 3, {"province": 2, "city": 1})
    assert (haining["entries"], haining["recognised"], haining["conversion"]) == (3, 2, "66.7")
    client.force_login(reporter)  # a unit user sees their own unit only
    rows = client.get("/api/tier-entries/counts/?year=2021").json()
    assert {r["region_name"] for r in rows} == {"", "海宁市"}
    assert next(r for r in rows if r["region"] is None)["entries"] == 3


def test_enterprise_page_shows_the_ladder(client, reporter, entries):
    client.force_login(reporter)
    page = client.get(entries[0].enterprise.get_absolute_url())
    assert b'data-testid="tier-ladder"' in page.content and "专精特新中小企业" in page.content.decode()


def test_ladder_api_marks_moving_up_within_the_users_scope(client, reporter, make_user, entries):
    """The ladder panel's data through the API: years newest first, the top title, "moved up" when a higher rung
    than any recognised before is recognised; an enterprise outside the user's scope is not found."""
    firm = entries[0].enterprise  # 专精特新中小企业 recognised in 2021
    xjr = Title.objects.get(code="xjr")
    TierEntry.objects.create(enterprise=firm, title=xjr, year=2022, status=EntryStatus.RECOGNISED, level="national",
                             recognised_on=dt.date(2022, 7, 1))  # fmt: skip
    client.force_login(reporter)
    rows = client.get(f"/api/tier-entries/ladder/?enterprise={firm.pk}").json()
    assert [(r["year"], r["top_name"], r["moved_up"]) for r in rows] == [
        (2022, xjr.name, True),
        (2021, "专精特新中小企业", False),
    ]
    assert rows[0]["entries"][0]["enterprise_name"] == firm.name
    other = entries[3].enterprise  # 桐乡: outside the 海宁 reporter's scope
    assert client.get(f"/api/tier-entries/ladder/?enterprise={other.pk}").status_code == 404
    assert client.get("/api/tier-entries/ladder/?enterprise=x").status_code == 404


def test_list_query_count_does_not_grow(client, reporter, entries, regions):
    client.force_login(reporter)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("tiers:tierentry_list"))
    for i in range(10):
        TierEntry.objects.create(enterprise=EnterpriseFactory(region=regions["330481"]),
                                 title=Title.objects.get(code="kjx"), year=2020 + i % 2)  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("tiers:tierentry_list")).status_code == 200
    assert len(many) == len(few)


def test_api_transition_refuses_what_the_table_forbids(client, reporter, entries):
    client.force_login(reporter)
    url = f"/api/tier-entries/{entries[1].pk}/transition/"
    assert client.post(url, {"action": "expire"}, content_type="application/json").status_code == 400
    ok = client.post(url, {"action": "cultivate"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "cultivating"


def test_small_to_above_page(client, make_user):
    client.force_login(make_user(Role.CITY_STAFF, "330400"))
    assert client.get(reverse("tiers:small_to_above") + "?year=2021").status_code == 200
    response = client.post(reverse("tiers:small_to_above"), {"year": 2021})
    assert response.status_code == 302
