"""Problems to coordinate: raising, the department's answer, the unit's close, escalation, scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from accounts.choices import Role
from core.actors import SYSTEM
from core.workflow import available_actions
from projects.choices import ProblemKind, ProblemStatus
from projects.models import ProjectProblem
from projects.problems import (
    ACCEPT,
    CLOSE,
    REOPEN,
    RESOLVE,
    escalation_level_due,
    problem_raise,
    problem_transition,
    problem_update,
    problems_escalate,
)
from projects.tests.factories import DepartmentFactory, ProjectFactory, ProjectProblemFactory

D = dt.date


@pytest.mark.parametrize(
    ("deadline", "today", "level"),
    [
        (None, D(2019, 6, 1), 0),
        (D(2019, 6, 1), D(2019, 6, 1), 0),  # due today: not overdue yet
        (D(2019, 6, 1), D(2019, 6, 2), 1),
        (D(2019, 6, 1), D(2019, 6, 8), 1),  # seven days overdue: still the first level
        (D(2019, 6, 1), D(2019, 6, 9), 2),
        (D(2019, 6, 1), D(2019, 6, 16), 3),
        (D(2019, 6, 1), D(2019, 12, 1), 3),  # capped
    ],
)
def test_escalation_level_rises_one_per_week_overdue(deadline: dt.date | None, today: dt.date, level: int) -> None:
    assert escalation_level_due(deadline=deadline, today=today) == level


@pytest.fixture
def setting(regions: dict[str, Any], make_user: Any) -> dict[str, Any]:
    haining = regions["330481"]
    land_bureau = DepartmentFactory(region=haining, name="海宁市自然资源和规划局")
    other = DepartmentFactory(region=haining, name="海宁市生态环境分局")
    return {
        "project": ProjectFactory(region=haining),
        "dept": land_bureau,
        "reporter": make_user(Role.UNIT_REPORTER, "330481"),
        "handler": make_user(Role.DEPARTMENT_HANDLER, "330481", department=land_bureau),
        "other_handler": make_user(Role.DEPARTMENT_HANDLER, "330481", department=other),
        "pinghu": make_user(Role.UNIT_REPORTER, "330482"),
    }


def test_raise_answer_and_close(setting: dict[str, Any]) -> None:
    s = setting
    problem = problem_raise(
        project=s["project"],
        data={
            "kind": ProblemKind.LAND,
            "text": "缺少用地指标 30 亩",
            "department": s["dept"],
            "deadline": D(2019, 6, 30),
        },
        actor=s["reporter"],
    )
    assert problem.status == ProblemStatus.OPEN and problem.raised_by == s["reporter"]
    assert ProjectProblem.objects.visible_to(s["handler"]).filter(pk=problem.pk).exists()
    assert not ProjectProblem.objects.visible_to(s["other_handler"]).filter(pk=problem.pk).exists()
    assert [t.action for t in available_actions(problem, s["handler"])] == [ACCEPT, RESOLVE]
    with pytest.raises(PermissionDenied):  # the unit cannot answer for the department
        problem_transition(problem=problem, action=ACCEPT, actor=s["reporter"])
    with pytest.raises(Http404):  # another department does not even see it
        problem_transition(problem=problem, action=ACCEPT, actor=s["other_handler"])
    problem = problem_transition(problem=problem, action=ACCEPT, actor=s["handler"])
    with pytest.raises(ValidationError):  # resolving needs the resolution
        problem_transition(problem=problem, action=RESOLVE, actor=s["handler"], resolution=" ")
    problem = problem_transition(problem=problem, action=RESOLVE, actor=s["handler"], resolution="已调剂指标 30 亩")
    assert problem.status == ProblemStatus.RESOLVED and problem.resolved_at is not None
    with pytest.raises(PermissionDenied):  # the department does not close its own answer
        problem_transition(problem=problem, action=CLOSE, actor=s["handler"])
    problem = problem_transition(problem=problem, action=REOPEN, actor=s["reporter"], resolution="指标仍未下达")
    assert problem.status == ProblemStatus.IN_PROGRESS and "指标仍未下达" in problem.resolution
    problem = problem_transition(problem=problem, action=RESOLVE, actor=s["handler"], resolution="指标已下达")
    problem = problem_transition(problem=problem, action=CLOSE, actor=s["reporter"])
    assert problem.status == ProblemStatus.CLOSED
    assert problem.history.first().history_user == s["reporter"]
    with pytest.raises(ValidationError):
        problem_transition(problem=problem, action=ACCEPT, actor=s["handler"])


def test_scope_and_permissions_of_raising(setting: dict[str, Any]) -> None:
    s = setting
    data = {"kind": ProblemKind.FUNDS, "text": "贷款未到位", "department": s["dept"]}
    with pytest.raises(Http404):
        problem_raise(project=s["project"], data=data, actor=s["pinghu"])
    with pytest.raises(PermissionDenied):  # handlers answer problems, they do not raise them
        problem_raise(project=s["project"], data=data, actor=s["handler"])
    with pytest.raises(ValidationError):
        problem_raise(project=s["project"], data={**data, "text": ""}, actor=s["reporter"])
    assert not ProjectProblem.objects.exists()


def test_overdue_problems_escalate_once_a_level_is_due(setting: dict[str, Any]) -> None:
    s = setting
    overdue = ProjectProblemFactory(project=s["project"], department=s["dept"], deadline=D(2019, 6, 1))
    on_time = ProjectProblemFactory(project=s["project"], department=s["dept"], deadline=D(2019, 7, 1))
    done = ProjectProblemFactory(
        project=s["project"], department=s["dept"], deadline=D(2019, 5, 1), status=ProblemStatus.RESOLVED
    )
    assert [p.pk for p in problems_escalate(actor=SYSTEM, today=D(2019, 6, 2))] == [overdue.pk]
    assert problems_escalate(actor=SYSTEM, today=D(2019, 6, 3)) == []  # the same level: nothing changes
    overdue.refresh_from_db()
    assert overdue.escalation_level == 1 and overdue.escalated_at is not None
    assert overdue.history.first().history_change_reason == "逾期自动督办"
    problems_escalate(actor=SYSTEM, today=D(2019, 6, 20))
    overdue.refresh_from_db()
    on_time.refresh_from_db()
    done.refresh_from_db()
    assert (overdue.escalation_level, on_time.escalation_level, done.escalation_level) == (3, 0, 0)
    # A new deadline set by the unit starts the escalation afresh.
    problem_update(problem=overdue, data={"deadline": D(2019, 7, 31)}, actor=s["reporter"])
    overdue.refresh_from_db()
    assert overdue.escalation_level == 0 and overdue.escalated_at is None


def test_the_daily_task_escalates_what_is_overdue_today(setting: dict[str, Any]) -> None:
    from projects.tasks import escalate_overdue_problems

    s = setting
    problem = ProjectProblemFactory(project=s["project"], department=s["dept"], deadline=D(2019, 6, 1))
    assert escalate_overdue_problems() == 1 and escalate_overdue_problems() == 0
    problem.refresh_from_db()
    assert problem.escalation_level == 3 and problem.history.first().history_user is None
