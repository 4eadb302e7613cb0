"""Workflows as data: one `Transition` table type and one `available_actions(obj, user)`.

Each app states its machine next to its choices as a `Machine` of `Transition` rows; its services look every
move up in the table themselves (`Machine.check`), and detail pages draw their buttons from
`available_actions`, so a button is shown exactly when the service would accept the move. Why not
django-fsm-2 or viewflow's fsm: docs/decisions.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Transition:
    """One allowed move: from `source` to `target` by `action`, for a user holding `permission`.

    `permission` is a Django permission unless the machine's `may` decides who moves (e.g. the side of a
    project problem: the unit that raised it or the department that answers it).
    """

    action: str
    source: str
    target: str
    permission: str
    comment_required: bool = False
    label: Any = ""


def _has_permission(transition: Transition, obj: Any, user: Any) -> bool:
    return bool(user is not None and user.has_perm(transition.permission))


@dataclass(frozen=True)
class Machine:
    """A state machine over one field of a model (`status`): its table and who may make each move."""

    model: type[models.Model] | str
    transitions: tuple[Transition, ...]
    field: str = "status"
    may: Callable[[Transition, Any, Any], bool] = _has_permission
    # Moves the table allows but no button on the object's page makes (e.g. locking: a month's action).
    hidden: frozenset[str] = frozenset()

    def find(self, action: str, source: str) -> Transition | None:
        """The table's row for `action` from `source`, or None when the move is not allowed."""
        for transition in self.transitions:
            if transition.action == action and transition.source == source:
                return transition
        return None

    def action_to(self, source: str, target: str) -> str:
        """The action of the row moving from `source` to `target` ("" when none: `check` then refuses it), for
        services whose callers name the state they want rather than the move."""
        return next((t.action for t in self.transitions if t.source == source and t.target == target), "")

    def allows(self, source: str, target: str) -> bool:
        """Whether any row moves from `source` to `target`."""
        return any(t.source == source and t.target == target for t in self.transitions)

    def state(self, obj: Any) -> str:
        return str(getattr(obj, self.field))

    def check(self, obj: Any, action: str, user: Any, *, comment: str = "") -> Transition:
        """The row for `action` from the object's state: ValidationError (409/400) when the table has none,
        PermissionDenied when the user may not make it, ValidationError when a required comment is missing."""
        transition = self.find(action, self.state(obj))
        if transition is None:
            display = getattr(obj, f"get_{self.field}_display", lambda: self.state(obj))()
            raise ValidationError(_("当前状态为“%(status)s”，不能执行该操作") % {"status": display})
        if not self.may(transition, obj, user):
            raise PermissionDenied(_("您没有执行此操作的权限"))
        if transition.comment_required and not (comment or "").strip():
            raise ValidationError({"comment": _("请填写意见")})
        return transition

    def moves_not_in_table(self, states: Any) -> list[tuple[str, str]]:
        """Every (state, action) pair of the given states and the table's actions that the table does not list:
        the cases of each app's table-driven test that every such move is refused."""
        actions = sorted({t.action for t in self.transitions})
        return [(str(state), action) for state in states for action in actions if self.find(action, state) is None]

    def available(self, obj: Any, user: Any) -> list[Transition]:
        """The moves the user may make on the object now (the page's buttons)."""
        state = self.state(obj)
        return [
            t for t in self.transitions if t.source == state and t.action not in self.hidden and self.may(t, obj, user)
        ]


_machines: dict[str, Machine] = {}


def _label(model: type[models.Model] | str) -> str:
    return model if isinstance(model, str) else model._meta.label_lower


def register(machine: Machine) -> Machine:
    """Make a machine the one `available_actions` uses for its model (`"app.model"` or the class)."""
    _machines[_label(machine.model)] = machine
    return machine


def machine_for(obj: Any) -> Machine:
    return _machines[obj._meta.label_lower]


def available_actions(obj: Any, user: Any) -> list[Transition]:
    """The moves `user` may make on `obj` now, from its model's registered machine."""
    return machine_for(obj).available(obj, user)
