"""Who sees which plans and targets: pages and API (domain.md §1; the rule in targets/models.py).

Plans and their indicators: a user sees the plans of their region's subtree and of the regions
above it (the city's notice reaches every county). Targets: only those of the user's subtree.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.choices import Role
from core.actors import SYSTEM
from targets.models import Indicator, Plan, Target
from targets.seeds import load_seed_plans
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(regions):
    load_seed_plans(actor=SYSTEM)
    return list(Plan.objects.order_by("year_end"))


def test_a_unit_reporter_sees_the_city_plans_and_only_their_targets(plans, haining_reporter):
    assert set(Plan.objects.visible_to(haining_reporter)) == set(plans)
    assert Indicator.objects.visible_to(haining_reporter).count() == 13
    codes = set(Target.objects.visible_to(haining_reporter).values_list("region__code", flat=True))
    assert codes == {"330481"}
    assert Target.objects.visible_to(haining_reporter).count() == 9 + 12


def test_city_staff_see_every_target(plans, city_staff):
    assert Target.objects.visible_to(city_staff).count() == 90 + 120


def test_a_county_plan_is_not_visible_to_another_county(regions, make_user, plans):
    county_plan = Plan.objects.create(
        title="嘉善县计划", year_start=2020, year_end=2020, scope_region=regions["330421"]
    )
    haining = make_user(Role.UNIT_REPORTER, "330481")
    jiashan = make_user(Role.UNIT_REPORTER, "330421")
    assert county_plan not in Plan.objects.visible_to(haining)
    assert county_plan in Plan.objects.visible_to(jiashan)


def test_enterprise_users_and_anonymous_see_no_plans(plans, make_user):
    from django.contrib.auth.models import AnonymousUser

    assert not Plan.objects.visible_to(make_user(Role.ENTERPRISE_USER, "330481")).exists()
    assert not Plan.objects.visible_to(AnonymousUser()).exists()
    assert not Target.objects.visible_to(AnonymousUser()).exists()


def test_target_list_page_and_api_for_a_unit_reporter(client, plans, haining_reporter):
    client.force_login(haining_reporter)
    response = client.get(reverse("targets:target_list"))
    assert response.status_code == 200
    listed = {t.region.code for t in response.context["view"].object_list}
    assert listed == {"330481"}
    api = client.get("/api/targets/", {"page_size": 1000}).json()["results"]
    assert {row["region"] for row in api} == {"330481"}
    assert len(api) == 21
    other = Target.objects.get(indicator__name="工业投资", region__code="330421")
    assert client.get(reverse("targets:target_detail", args=[other.pk])).status_code == 404
    assert client.get(f"/api/targets/{other.pk}/").status_code == 404


def test_plan_page_shows_a_unit_reporter_only_their_row(client, plans, haining_reporter):
    client.force_login(haining_reporter)
    response = client.get(plans[0].get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "海宁市" in html and "161" in html
    assert "嘉善县" not in html.split('data-testid="decomposition"')[1]
    assert "780" not in html  # the city total is not the unit's


def test_a_unit_reporter_cannot_change_targets(client, plans, haining_reporter):
    client.force_login(haining_reporter)
    own = Target.objects.get(indicator__name="工业投资", region__code="330481")
    assert client.get(reverse("targets:target_edit", args=[own.pk])).status_code == 403
    response = client.patch(f"/api/targets/{own.pk}/", {"raw_text": "1"}, content_type="application/json")
    assert response.status_code == 403


def test_a_user_without_region_sees_no_targets(plans):
    user = UserFactory(role=Role.UNIT_REPORTER, region=None)
    assert not Plan.objects.visible_to(user).exists()
    assert not Target.objects.visible_to(user).exists()
