"""The demo of `make run`: deterministic, idempotent, one user per role, valid enterprises."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from stdnum.cn import uscc

from accounts.choices import Role
from accounts.models import User
from enterprises.models import Enterprise
from regions.models import Department, Region


@pytest.mark.django_db
def test_load_demo_is_deterministic_and_idempotent():
    call_command("load_demo", enterprises=300, stdout=open("/dev/null", "w"))
    first = list(Enterprise.objects.order_by("uscc").values_list("uscc", "name", "region__code", "industry__code"))
    call_command("load_demo", enterprises=300, stdout=open("/dev/null", "w"))
    second = list(Enterprise.objects.order_by("uscc").values_list("uscc", "name", "region__code", "industry__code"))

    assert len(first) == 300
    assert first == second
    assert Region.objects.count() == 11
    assert Department.objects.filter(region__code="330400").count() == 10
    assert all(uscc.is_valid(code) for code, *_ in first)
    # spread over all nine county-level units
    assert {code for _u, _n, code, _i in first} >= {"330421", "330481", "330400-ETDZ", "330400-PORT"}
    assert {u.role for u in User.objects.all()} == set(Role.values)


@pytest.mark.django_db
def test_demo_users_can_log_in_and_see_their_scope(client):
    call_command("load_demo", enterprises=200, stdout=open("/dev/null", "w"))
    client.force_login(User.objects.get(username="haining"))
    assert User.objects.get(username="haining").check_password("Jingxin@2026")
    response = client.get("/api/enterprises/?page_size=1000")
    regions = {row["region"] for row in response.json()["results"]}
    assert regions == {"330481"}


@pytest.mark.django_db
def test_the_demo_runs_on_its_own_day_so_no_current_period_sits_beside_its_2019_figures(client):
    from core import clock
    from home.demo import DEMO_TODAY
    from projects.models import Project

    call_command("load_demo", enterprises=200, stdout=open("/dev/null", "w"))
    assert clock.today() == DEMO_TODAY == dt.date(2019, 12, 31)
    client.force_login(User.objects.get(username="staff"))
    project = Project.objects.order_by("pk").first()
    assert project is not None
    page = client.get(project.get_absolute_url()).content.decode()
    assert "2019年月度投资" in page
    assert f"{dt.date.today().year}年月度投资" not in page
