"""Key projects' to-do items: updates due, updates to review, the department's problems, overdue problems."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import Role
from projects.choices import ProblemStatus, UpdateStatus
from projects.tests.factories import DepartmentFactory, ProjectFactory, ProjectProblemFactory, ProjectUpdateFactory
from projects.todo import problems_todo, updates_todo

pytestmark = pytest.mark.django_db
TODAY = dt.date(2019, 6, 10)


def labels(items: list[Any]) -> dict[str, Any]:
    return {str(item.label): item for item in items}


@pytest.fixture
def setting(regions: dict[str, Any], make_user: Any) -> dict[str, Any]:
    haining = regions["330481"]
    land = DepartmentFactory(region=haining, name="海宁市自然资源和规划局")
    return {
        "projects": [ProjectFactory(region=haining) for _ in range(3)],
        "pinghu_project": ProjectFactory(region=regions["330482"]),
        "land": land,
        "reporter": make_user(Role.UNIT_REPORTER, "330481"),
        "staff": make_user(Role.CITY_STAFF, "330400"),
        "leader": make_user(Role.LEADER, "330400"),
        "handler": make_user(Role.DEPARTMENT_HANDLER, "330481", department=land),
        "other_handler": make_user(Role.DEPARTMENT_HANDLER, "330481"),
    }


def test_reporter_sees_projects_without_this_months_update(setting: dict[str, Any]) -> None:
    first, second, _third = setting["projects"]
    ProjectUpdateFactory(project=first, year=2019, month=6, status=UpdateStatus.SUBMITTED)
    first.last_update_year_month = 201906
    first.save(update_fields=["last_update_year_month"])
    ProjectUpdateFactory(project=second, year=2019, month=5, status=UpdateStatus.RETURNED)
    items = labels(updates_todo(setting["reporter"], TODAY))
    due = items["本月待报送进展的项目"]
    assert due.count == 2  # second and third of 海宁市; 平湖市's project is not the reporter's
    assert due.deadline == dt.date(2019, 6, 30)
    assert items["被退回的月度进展"].count == 1
    staff = labels(updates_todo(setting["staff"], TODAY))
    assert staff["待审核的月度进展"].count == 1
    assert "本月待报送进展的项目" not in labels(updates_todo(setting["leader"], TODAY))


def test_department_handler_sees_own_departments_open_problems(setting: dict[str, Any]) -> None:
    project = setting["projects"][0]
    ProjectProblemFactory(project=project, department=setting["land"], deadline=dt.date(2019, 6, 20))
    ProjectProblemFactory(project=project, department=setting["land"], deadline=dt.date(2019, 6, 1))
    ProjectProblemFactory(project=project, department=setting["land"], status=ProblemStatus.RESOLVED)
    mine = labels(problems_todo(setting["handler"], TODAY))
    assert mine["本部门待办理的协调事项"].count == 2
    assert mine["本部门待办理的协调事项"].deadline == dt.date(2019, 6, 20)  # the nearest one not yet passed
    assert mine["已逾期的协调事项"].count == 1
    assert problems_todo(setting["other_handler"], TODAY) == []
    assert labels(problems_todo(setting["leader"], TODAY))["已逾期的协调事项"].count == 1
    assert labels(problems_todo(setting["reporter"], TODAY))["已办结待销号的协调事项"].count == 1


def test_queries_do_not_grow_with_rows(setting: dict[str, Any]) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            updates_todo(setting["reporter"], TODAY)
            problems_todo(setting["reporter"], TODAY)
        return len(ctx.captured_queries)

    count()
    before = count()
    for project in setting["projects"]:
        ProjectProblemFactory(project=project, department=setting["land"])
        ProjectUpdateFactory(project=project, year=2019, month=5, status=UpdateStatus.RETURNED)
    assert count() == before
