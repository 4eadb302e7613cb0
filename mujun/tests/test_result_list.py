"""The 亩均 result list at a province's size (issue 16): pages by keyset in the default order (no OFFSET, no
COUNT), on the page and in the API, and scoped by the unit the run stored, not the enterprise's current one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from core import keyset
from mujun.models import EvaluationResult
from mujun.tests.factories import EvaluationResultFactory, EvaluationRunFactory
from regions.models import Region
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

PAGE = 50


@pytest.fixture
def run(regions):
    """A run of 120 results in two groups, ranks 1…60 each, over Haining and Pinghu firms."""
    run = EvaluationRunFactory(codes=["tax_per_mu"], status="computed")
    for i in range(120):
        region = regions["330481" if i % 3 else "330482"]
        EvaluationResultFactory(
            run=run,
            enterprise=EnterpriseFactory(region=region),
            group="above" if i < 60 else "below",
            rank=i % 60 + 1,
            group_size=60,
            score=Decimal(100 - i % 60),
        )
    return run


def _order(qs):
    return list(qs.order_by("run", "group", "rank", "enterprise_id").values_list("pk", flat=True))


def _page_ids(response) -> list[int]:
    return [row.record.pk for row in response.context["table"].page.object_list]


def test_the_page_follows_the_last_row_and_lists_every_result_once(client, city_staff, run):
    client.force_login(city_staff)
    url, seen, pages = reverse("mujun:evaluationresult_list") + f"?run={run.pk}", [], 0
    while url:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        result_sql = [q["sql"] for q in ctx.captured_queries if '"mujun_evaluationresult"' in q["sql"]]
        assert result_sql and not any(" OFFSET " in sql or "COUNT(" in sql for sql in result_sql), result_sql
        seen += _page_ids(response)
        pages += 1
        table = response.context["table"]
        assert (table.keyset_first_url is None) == (pages == 1)
        next_url = table.keyset_next_url
        if next_url:
            assert 'data-testid="keyset-next"' in response.content.decode()
            url = reverse("mujun:evaluationresult_list") + next_url
        else:
            url = None
    assert pages == 3
    assert seen == _order(EvaluationResult.objects.filter(run=run))


def test_a_sorted_column_or_a_page_number_keeps_page_numbers(client, city_staff, run):
    client.force_login(city_staff)
    base = reverse("mujun:evaluationresult_list") + f"?run={run.pk}"
    by_score = client.get(base + "&sort=-score")
    assert by_score.context["table"].keyset_next_url is None
    assert by_score.context["table"].page.has_next()
    second = client.get(base + "&page=2")
    assert _page_ids(second) == _order(EvaluationResult.objects.filter(run=run))[PAGE : 2 * PAGE]


def test_the_list_of_every_run_keeps_page_numbers(client, city_staff, run):
    """Across runs the list follows the runs' own order (newest first), which the index does not serve."""
    older = EvaluationRunFactory(codes=["tax_per_mu"], status="computed", year=2018)
    EvaluationResultFactory(run=older, enterprise=EnterpriseFactory(region=run.results.first().region))
    client.force_login(city_staff)
    response = client.get(reverse("mujun:evaluationresult_list") + "?run=")  # every run, chosen in the filter
    table = response.context["table"]
    assert not table.keyset_on and table.keyset_next_url is None and table.page.has_next()
    assert 'href="?run=&amp;page=2"' in response.content.decode()
    api = client.get(reverse("mujun-evaluationresult-list")).json()
    assert "page=2" in api["next"] and "after=" not in api["next"]


def test_a_cursor_not_written_by_the_list_is_the_first_page(client, city_staff, run):
    client.force_login(city_staff)
    base = reverse("mujun:evaluationresult_list") + f"?run={run.pk}"
    first = _page_ids(client.get(base))
    for bad in ("x", "WzEsMl0", keyset.encode_cursor(EvaluationResult.objects.first(), ("run", "group")), "W10"):
        assert _page_ids(client.get(base + f"&after={bad}")) == first


def test_the_api_follows_the_last_row(client, city_staff, run):
    client.force_login(city_staff)
    url, seen = reverse("mujun-evaluationresult-list") + f"?run={run.pk}", []
    while url:
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(url).json()
        assert not any(" OFFSET " in q["sql"] or "COUNT(" in q["sql"] for q in ctx.captured_queries)
        assert body["previous"] is None
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == _order(EvaluationResult.objects.filter(run=run))
    bad_cursor = reverse("mujun-evaluationresult-list") + f"?run={run.pk}&after=bm90IGEgY3Vyc29y"
    assert client.get(bad_cursor).status_code == 404
    numbered = client.get(reverse("mujun-evaluationresult-list") + f"?run={run.pk}&page=2").json()
    assert "page=3" in numbered["next"] and "after=" not in numbered["next"] and numbered["previous"] is not None


def test_the_scope_is_the_unit_the_run_stored(client, make_user, run):
    """A firm that moved to Pinghu after the run stays in Haining's results of that run, and not in Pinghu's."""
    moved = EvaluationResult.objects.filter(run=run, region__code="330481").select_related("enterprise").first()
    moved.enterprise.region = Region.objects.get(code="330482")
    moved.enterprise.save(update_fields=["region"])
    haining, pinghu = make_user(Role.CITY_STAFF, "330481"), make_user(Role.CITY_STAFF, "330482")
    listed = {}
    for name, user in (("haining", haining), ("pinghu", pinghu)):
        client.force_login(user)
        body = client.get(reverse("mujun-evaluationresult-list"), {"run": run.pk, "page_size": 200}).json()
        listed[name] = {row["id"] for row in body["results"]}
    assert moved.pk in listed["haining"] and moved.pk not in listed["pinghu"]
    assert listed["haining"] == set(
        EvaluationResult.objects.filter(run=run, region__code="330481").values_list("pk", flat=True)
    )


def test_no_run_chosen_shows_the_newest_run_by_keyset(client, city_staff, make_user, run):
    """The menu's link (no `?run=`): a 200 page of the newest run with results, chosen in the run filter, paged by
    keyset; an enterprise user's default is the newest released run."""
    EvaluationRunFactory(codes=["tax_per_mu"], status="computed", year=2030)  # newer, but no results yet
    older = EvaluationRunFactory(codes=["tax_per_mu"], status="final", year=2018, result_count=1)
    firm = run.results.first().enterprise
    EvaluationResultFactory(run=older, enterprise=firm, region=firm.region)
    type(run).objects.filter(pk=run.pk).update(result_count=120)
    client.force_login(city_staff)
    response = client.get(reverse("mujun:evaluationresult_list"))
    assert response.status_code == 200
    table = response.context["table"]
    assert table.keyset_on and str(run.pk) in table.keyset_next_url
    assert _page_ids(response) == _order(run.results.all())[:PAGE]
    assert response.context["filter"].form["run"].value() == str(run.pk)
    assert f'<option value="{run.pk}" selected>' in response.content.decode()
    # the next page keeps the run
    nxt = client.get(reverse("mujun:evaluationresult_list") + table.keyset_next_url)
    assert _page_ids(nxt) == _order(run.results.all())[PAGE : 2 * PAGE]

    owner = make_user(Role.ENTERPRISE_USER, enterprise=firm)
    client.force_login(owner)
    response = client.get(reverse("mujun:evaluationresult_list"))
    assert response.status_code == 200
    assert response.context["filter"].form["run"].value() == str(older.pk)
    assert [r.record.run_id for r in response.context["table"].page.object_list] == [older.pk]
