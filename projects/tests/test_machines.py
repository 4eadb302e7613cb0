"""Every move the workflow tables do not list is refused by the services (monthly updates, problems)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from projects.choices import ProblemStatus, UpdateStatus
from projects.problems import PROBLEM_MACHINE, problem_transition
from projects.tests.factories import ProjectFactory, ProjectProblemFactory, ProjectUpdateFactory
from projects.updates import UPDATE_MACHINE, update_transition
from tests.factories import DepartmentFactory


def _update(regions: Any, status: str) -> Any:
    """A monthly update of a Haining project, in `status`."""
    return ProjectUpdateFactory(project=ProjectFactory(region=regions["330481"]), status=status)


def _problem(regions: Any, status: str) -> Any:
    """A problem of a Haining project, handled by a city department, in `status`."""
    return ProjectProblemFactory(
        project=ProjectFactory(region=regions["330481"]),
        department=DepartmentFactory(region=regions["330400"]),
        status=status,
    )


# Each machine: its table, its statuses, how a row in a status is made, and how the city's staff moves it (with the
# comment or resolution a move may ask for).
MACHINES: dict[str, tuple[Any, list[str], Callable[[Any, str], Any], Callable[..., Any]]] = {
    "update": (
        UPDATE_MACHINE,
        UpdateStatus.values,
        _update,
        lambda obj, action, actor: update_transition(update=obj, action=action, actor=actor, comment="审核意见"),
    ),
    "problem": (
        PROBLEM_MACHINE,
        ProblemStatus.values,
        _problem,
        lambda obj, action, actor: problem_transition(problem=obj, action=action, actor=actor, resolution="已协调解决"),
    ),
}
NOT_IN_TABLE = [
    (name, status, action)
    for name, (machine, statuses, _make, _move) in MACHINES.items()
    for status, action in machine.moves_not_in_table(statuses)
]
IN_TABLE = [
    (name, t.source, t.action)
    for name, (machine, _statuses, _make, _move) in MACHINES.items()
    for t in machine.transitions
]


@pytest.mark.parametrize(("machine", "status", "action"), NOT_IN_TABLE)
def test_every_move_not_in_the_table_is_refused(machine: str, status: str, action: str, regions: Any, city_staff: Any):
    _table, _statuses, make, move = MACHINES[machine]
    obj = make(regions, status)
    with pytest.raises(ValidationError):
        move(obj, action, city_staff)
    obj.refresh_from_db()
    assert obj.status == status


@pytest.mark.parametrize(("machine", "status", "action"), IN_TABLE)
def test_every_move_of_the_table_is_made(machine: str, status: str, action: str, regions: Any, city_staff: Any):
    table, _statuses, make, move = MACHINES[machine]
    obj = make(regions, status)
    move(obj, action, city_staff)
    obj.refresh_from_db()
    assert obj.status == table.find(action, status).target
