"""Pages and API of the requests: filing through the page, moves through the API, figures and their Excel."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts.choices import Role
from appeals.choices import Status
from appeals.figures import figure_table, percent
from appeals.models import Appeal, AppealCategory
from appeals.tests.factories import AppealFactory

pytestmark = pytest.mark.django_db


def test_percent_rounds_half_up_to_one_decimal():
    assert str(percent(39398, 39398)) == "100.0"
    assert str(percent(2, 3)) == "66.7"
    assert percent(1, 0) is None


def test_enterprise_files_through_the_page(client, make_user):
    user = make_user(Role.ENTERPRISE_USER, "330481")
    client.force_login(user)
    category = AppealCategory.objects.get(code="finance")
    response = client.post(
        "/appeals/add/",
        {
            "category": category.pk,
            "complexity": "simple",
            "urgency": "normal",
            "title": "流动资金贷款",
            "text": "需要500万元流动资金",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    appeal = Appeal.objects.get()
    assert appeal.enterprise == user.enterprise and appeal.status == Status.SUBMITTED


def test_api_move_and_figures(client, make_user, regions):
    unit = make_user(Role.UNIT_REPORTER, "330481")
    appeal = AppealFactory(region=regions["330481"], filed_on=dt.date(2024, 2, 9))
    client.force_login(unit)
    response = client.post(f"/api/appeals/{appeal.pk}/move/accept/", {}, content_type="application/json")
    assert response.status_code == 200, response.content
    response = client.post(
        f"/api/appeals/{appeal.pk}/move/answer/", {"reason": "已协调"}, content_type="application/json"
    )
    assert response.json()["status"] == "answered"
    figures = client.get("/api/appeals/figures/?by=unit&year=2024").json()
    assert figures["rows"][-1]["received"] == 1 and figures["rows"][-1]["answered"] == 1


def test_figures_table_and_excel(client, make_user, regions):
    city = make_user(Role.CITY_STAFF, "330400")
    for rating, on_time in (("satisfied", True), ("basically", True), ("unsatisfied", False), ("", True)):
        AppealFactory(region=regions["330481"], status="closed" if rating else "answered", rating=rating, on_time=on_time,
                      answered_on=dt.date(2024, 2, 20), workdays_to_answer=3)  # fmt: skip
    AppealFactory(region=regions["330421"], answer_due=dt.date(2024, 2, 20))  # open and overdue
    rows = figure_table(Appeal.objects.all(), by="unit", today=dt.date(2024, 3, 1))
    total = rows[-1]
    assert (total.received, total.answered, total.on_time, total.overdue, total.rated) == (5, 4, 3, 2, 3)
    assert str(total.feedback_rate) == "75.0" and str(total.satisfaction_rate) == "66.7"
    client.force_login(city)
    assert client.get("/appeals/figures/?year=2024&by=category").status_code == 200
    response = client.get("/appeals/figures/export/?year=2024&by=unit")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert any(row and row[0] == "合计" and row[1] == 5 for row in values)

    # the API gives the same: the table, the heat map, the oldest open requests, and the Excel
    figures = client.get("/api/appeals/figures/?year=2024&by=unit").json()
    assert figures["rows"][-1]["received"] == 5 and figures["heat"]["max"] == 4
    assert [a["unit"] for a in figures["oldest"]] == [regions["330421"].name]
    assert client.get("/api/appeals/figures/?year=x").status_code == 200  # not a number: this year, not a 500
    response = client.get("/api/appeals/figures/export/?year=2024&by=unit")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert any(row and row[0] == "合计" and row[1] == 5 for row in sheet.iter_rows(values_only=True))


def test_list_query_count_is_constant(client, make_user, regions):
    city = make_user(Role.CITY_STAFF, "330400")
    client.force_login(city)
    AppealFactory.create_batch(3, region=regions["330481"])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/appeals/?status=submitted").status_code == 200
    AppealFactory.create_batch(20, region=regions["330481"])
    with CaptureQueriesContext(connection) as many:
        client.get("/appeals/?status=submitted")
    assert len(many) == len(few)
