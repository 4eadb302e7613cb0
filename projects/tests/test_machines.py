"""Every move the workflow tables do not list is refused by the services (monthly updates, problems)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from projects.choices import ProblemStatus, UpdateStatus
from projects.problems import PROBLEM_MACHINE, problem_transition
from projects.tests.factories import ProjectFactory, ProjectProblemFactory, ProjectUpdateFactory
from projects.updates import UPDATE_MACHINE, update_transition
from tests.factories import DepartmentFactory


def _in_table(machine: Any) -> list[tuple[str, str]]:
    return [(t.source, t.action) for t in machine.transitions]


@pytest.mark.parametrize(("status", "action"), UPDATE_MACHINE.moves_not_in_table(UpdateStatus.values))
def test_an_update_refuses_every_move_not_in_the_table(status: str, action: str, regions: Any, city_staff: Any):
    update = ProjectUpdateFactory(project=ProjectFactory(region=regions["330481"]), status=status)
    with pytest.raises(ValidationError):
        update_transition(update=update, action=action, actor=city_staff, comment="审核意见")
    update.refresh_from_db()
    assert update.status == status


@pytest.mark.parametrize(("status", "action"), _in_table(UPDATE_MACHINE))
def test_an_update_makes_every_move_of_the_table(status: str, action: str, regions: Any, city_staff: Any):
    update = ProjectUpdateFactory(project=ProjectFactory(region=regions["330481"]), status=status)
    update_transition(update=update, action=action, actor=city_staff, comment="审核意见")
    update.refresh_from_db()
    assert update.status == UPDATE_MACHINE.find(action, status).target  # type: ignore[union-attr]


@pytest.mark.parametrize(("status", "action"), PROBLEM_MACHINE.moves_not_in_table(ProblemStatus.values))
def test_a_problem_refuses_every_move_not_in_the_table(status: str, action: str, regions: Any, city_staff: Any):
    problem = ProjectProblemFactory(
        project=ProjectFactory(region=regions["330481"]),
        department=DepartmentFactory(region=regions["330400"]),
        status=status,
    )
    with pytest.raises(ValidationError):
        problem_transition(problem=problem, action=action, actor=city_staff, resolution="已协调解决")
    problem.refresh_from_db()
    assert problem.status == status


@pytest.mark.parametrize(("status", "action"), _in_table(PROBLEM_MACHINE))
def test_a_problem_makes_every_move_of_the_table(status: str, action: str, regions: Any, city_staff: Any):
    problem = ProjectProblemFactory(
        project=ProjectFactory(region=regions["330481"]),
        department=DepartmentFactory(region=regions["330400"]),
        status=status,
    )
    problem_transition(problem=problem, action=action, actor=city_staff, resolution="已协调解决")
    problem.refresh_from_db()
    assert problem.status == PROBLEM_MACHINE.find(action, status).target  # type: ignore[union-attr]
