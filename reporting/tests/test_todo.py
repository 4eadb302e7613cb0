"""The monthly reports' to-do items: each role sees what waits for it, with the deadline, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.todo import todo_items
from reporting import services
from reporting.selectors import reporting_units
from reporting.todo import reports_todo

from .conftest import entries

pytestmark = pytest.mark.django_db
TODAY = dt.date(2019, 6, 10)  # 1—5月 2019 is due; the default deadline (5 June) has passed


def labels(items: list[Any]) -> dict[str, Any]:
    return {str(item.label): item for item in items}


def test_reporter_sees_the_report_to_fill_with_its_deadline(plan: Any, users: dict[str, Any]) -> None:
    items = labels(reports_todo(users["reporter"], TODAY))
    item = items["待填报的月报"]
    assert item.count == 1  # 海宁市 only: the reporter's own unit
    assert item.deadline == dt.date(2019, 6, 5)
    assert item.level == "danger"  # past the deadline
    assert "year=2019&month=5" in item.url


def test_the_report_moves_from_one_list_to_the_next(plan: Any, users: dict[str, Any], report: Any) -> None:
    services.report_save_values(report=report, entries=entries(plan), actor=users["reporter"])
    services.report_submit(report=report, actor=users["reporter"])
    assert "待填报的月报" not in labels(reports_todo(users["reporter"], TODAY))
    assert labels(reports_todo(users["reviewer"], TODAY))["待审核的月报"].count == 1
    assert "待审核的月报" not in labels(reports_todo(users["jiashan_reviewer"], TODAY))  # another unit's
    services.report_approve(report=report, actor=users["reviewer"])
    staff = labels(reports_todo(users["staff"], TODAY))
    assert staff["待市局确认的月报"].count == 1
    assert staff["待市局确认的月报"].url.endswith("?status=approved")


def test_returned_report_is_first_on_the_reporters_list(plan: Any, users: dict[str, Any], report: Any) -> None:
    services.report_save_values(report=report, entries=entries(plan), actor=users["reporter"])
    services.report_submit(report=report, actor=users["reporter"])
    services.report_return(report=report, comment="数据有误", actor=users["reviewer"])
    items = todo_items(users["reporter"], TODAY)
    assert str(items[0].label) in ("被退回的月报", "待填报的月报") and items[0].level == "danger"
    assert labels(items)["被退回的月报"].count == 1


def test_city_sees_overdue_units(plan: Any, users: dict[str, Any], regions: dict[str, Any]) -> None:
    staff = labels(reports_todo(users["staff"], TODAY))
    units = reporting_units(regions["330400"])
    assert len(units) >= 2 and staff["逾期未报的单位"].count == len(units)  # nobody has reported
    assert "逾期未报的单位" not in labels(reports_todo(users["staff"], dt.date(2019, 6, 3)))  # before the deadline
    assert "待填报的月报" not in staff  # the city does not fill reports


def test_nothing_is_due_in_a_year_without_a_plan(plan: Any, users: dict[str, Any]) -> None:
    assert "待填报的月报" not in labels(reports_todo(users["reporter"], dt.date(2026, 12, 6)))


def test_queries_do_not_grow_with_reports(
    plan: Any, users: dict[str, Any], report: Any, regions: dict[str, Any]
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            reports_todo(users["staff"], TODAY)
        return len(ctx.captured_queries)

    count()  # the user's permissions are cached by the first call
    before = count()
    services.report_create(data={"region": regions["330421"], "year": 2019, "month": 5}, actor=users["jiashan"])
    services.report_create(data={"region": regions["330421"], "year": 2019, "month": 4}, actor=users["jiashan"])
    assert count() == before
