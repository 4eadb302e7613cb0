"""The edit pages: a scheme, its rules and bonus/penalty items, and a duty, written through the pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment.models import Duty, ScoreAdjustment, ScoringRule, ScoringScheme
from tests.factories import DepartmentFactory, DutyFactory, IndicatorFactory, PlanFactory

CITY = "330400"


@pytest.mark.django_db
def test_city_staff_build_a_scheme_through_the_pages(client, regions, city_staff):
    plan = PlanFactory(scope_region=regions[CITY])
    indicator = IndicatorFactory(plan=plan, name="工业投资")
    client.force_login(city_staff)
    response = client.post(
        "/assessment/schemes/add/", {"plan": plan.pk, "name": "2019年度考核", "year": 2019, "total_points": "100"}
    )
    scheme = ScoringScheme.objects.get()
    assert response.status_code == 302 and response.url == scheme.get_absolute_url()

    form = client.get("/assessment/rules/add/", {"scheme": scheme.pk})
    assert list(form.context["form"].fields["indicator"].queryset) == [indicator]
    response = client.post(
        f"/assessment/rules/add/?scheme={scheme.pk}",
        {"scheme": scheme.pk, "indicator": indicator.pk, "kind": "full_when_met", "base_points": "20", "order": 1},
    )
    assert response.status_code == 302 and response.url == scheme.get_absolute_url()
    rule = ScoringRule.objects.get()
    assert rule.history.first().history_user == city_staff

    response = client.post(
        "/assessment/adjustments/add/",
        {"scheme": scheme.pk, "region": regions["330481"].pk, "points": "-0.5", "reason": "数据迟报"},
    )
    assert response.status_code == 302
    assert ScoreAdjustment.objects.get().reason == "数据迟报"

    page = client.get(scheme.get_absolute_url()).content.decode()
    assert "工业投资" in page and "数据迟报" in page
    response = client.post(f"/assessment/rules/{rule.pk}/delete/")
    assert response.url == scheme.get_absolute_url() and not ScoringRule.objects.exists()


@pytest.mark.django_db
def test_city_staff_assign_a_duty(client, regions, city_staff):
    plan = PlanFactory(scope_region=regions[CITY])
    department = DepartmentFactory(name="市发改委", region=regions[CITY])
    indicator = IndicatorFactory(plan=plan)
    client.force_login(city_staff)
    response = client.post(
        "/assessment/duties/add/",
        {
            "plan": plan.pk,
            "department": department.pk,
            "text": "牵头推进重大项目",
            "indicators": [indicator.pk],
            "role": "lead",
            "order": 0,
        },
    )
    assert response.status_code == 302
    duty = Duty.objects.get()
    assert list(duty.indicators.all()) == [indicator]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/assessment/duties/", "/assessment/progress/", "/assessment/schemes/"])
def test_list_pages_use_a_fixed_number_of_queries(client, regions, city_staff, url):
    client.force_login(city_staff)
    plan = PlanFactory(scope_region=regions[CITY])
    DutyFactory(plan=plan, department=DepartmentFactory(region=regions[CITY]))
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for year in (2019,):
        for _ in range(4):
            duty = DutyFactory(plan=plan, department=DepartmentFactory(region=regions[CITY]))
            duty.progress.create(year=year, quarter=1, status="on_track", note="正常")
            ScoringScheme.objects.create(plan=PlanFactory(scope_region=regions[CITY]), name="方案", year=2019)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
