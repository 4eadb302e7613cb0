"""Deadlines set by the city, missing and late reports, and the scheduled reminder."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.actors import SYSTEM
from reporting import services
from reporting.models import MonthlyReport, Reminder
from reporting.selectors import month_overview
from reporting.tasks import remind_missing_reports

pytestmark = pytest.mark.django_db


def submit_at(report, when):
    MonthlyReport.objects.filter(pk=report.pk).update(status="submitted", submitted_at=when)


def test_default_deadline_comes_from_settings(settings, regions, plan, users):
    settings.REPORTING_DEADLINE_DAY = 3
    report = services.report_create(
        data={"region": regions["330481"], "year": 2019, "month": 7}, actor=users["reporter"]
    )
    assert report.deadline == dt.date(2019, 8, 3)


def test_the_city_sets_the_deadline_and_open_reports_follow(report, regions, users):
    services.deadline_set(
        region=regions["330400"], year=2019, month=5, deadline=dt.date(2019, 6, 4), actor=users["staff"]
    )
    report.refresh_from_db()
    assert report.deadline == dt.date(2019, 6, 4)
    assert report.history.latest().history_user == users["staff"]
    other = services.report_create(data={"region": regions["330421"], "year": 2019, "month": 5}, actor=users["jiashan"])
    assert other.deadline == dt.date(2019, 6, 4)


def test_missing_and_late_lists(report, regions, users):
    jiashan = services.report_create(
        data={"region": regions["330421"], "year": 2019, "month": 5}, actor=users["jiashan"]
    )
    submit_at(report, timezone.make_aware(dt.datetime(2019, 6, 7, 10)))  # after 6-05: late
    submit_at(jiashan, timezone.make_aware(dt.datetime(2019, 6, 5, 18)))  # on the deadline day: on time
    overview = month_overview(city=regions["330400"], year=2019, month=5, today=dt.date(2019, 6, 10))
    assert [u.region.code for u in overview.late] == ["330481"]
    missing = {u.region.code for u in overview.missing}
    assert "330481" not in missing and "330421" not in missing
    assert {"330402", "330411", "330400-ETDZ", "330400-PORT"} <= missing
    assert all(u.overdue for u in overview.missing)


def test_reminders_for_units_still_missing_once_a_day(report, regions, users, monkeypatch):
    submit_at(report, timezone.make_aware(dt.datetime(2019, 6, 3, 10)))
    created = services.reminders_record(actor=SYSTEM, today=dt.date(2019, 6, 1))  # too early: starts 2 days before 6-05
    assert created == []
    created = services.reminders_record(actor=SYSTEM, today=dt.date(2019, 6, 4))
    codes = {r.region.code for r in created}
    assert "330481" not in codes and "330421" in codes and len(codes) == 8
    assert services.reminders_record(actor=SYSTEM, today=dt.date(2019, 6, 4)) == []  # once a day
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2019, 6, 6))
    assert remind_missing_reports() == 8  # the scheduled task's function
    assert "超过截止日" in Reminder.objects.filter(reminded_on=dt.date(2019, 6, 6)).first().message


def test_no_reminder_in_february(regions, plan):
    assert services.reminders_record(actor=SYSTEM, today=dt.date(2019, 2, 20)) == []


def test_overview_defaults_to_the_latest_reported_month_when_no_plan_covers_this_year(client, city_staff, regions):
    """A system holding only past years (the demo's 2017–2019) opens on its latest reported month,
    not on this year's month with every unit flagged as missing."""
    from reporting.models import MonthlyReport

    MonthlyReport.objects.create(region=regions["330481"], year=2019, month=10, deadline="2019-11-05")
    client.force_login(city_staff)
    page = client.get("/reporting/").content.decode()
    assert "2019年1—10月" in page
