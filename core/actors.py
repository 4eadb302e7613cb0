"""The one system actor: who acts when no person does (jobs, periodic tasks, management commands, the demo).

Every service checks its actor itself (`core.services.require_perm`, `access_for_update`), and `None` is refused
everywhere: a caller without a person passes `SYSTEM` explicitly, so "the system did it" is a decision in the
code, grep-able, never an omitted argument. `SYSTEM` holds every permission and sees every row; the history
records it writes carry no user, and their reason says which job or command wrote them.
"""

from __future__ import annotations

from typing import Any, Final

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class SystemActor:
    """Quacks like a signed-in superuser of the root region for the checks services make (`has_perm`, the scope
    rule's `sees_everything`, `is_city_admin`), but is no row of the user table: `pk` is None."""

    pk: Final = None
    id: Final = None
    is_authenticated: Final = True
    is_anonymous: Final = False
    is_active: Final = True
    is_superuser: Final = True
    is_staff: Final = False
    is_city_admin: Final = True
    is_enterprise_user: Final = False
    is_department_handler: Final = False
    sees_everything: Final = True
    role: Final = "city_admin"  # accounts.choices.Role.CITY_ADMIN (core imports no domain app)
    region: Final = None
    region_id: Final = None
    department_id: Final = None
    enterprise: Final = None
    enterprise_id: Final = None
    scope_region_ids: Final[tuple[int, ...]] = ()  # unused: `sees_everything` comes first
    username: Final = "system"

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return True

    def has_perms(self, perms: Any, obj: Any = None) -> bool:
        return True

    def __str__(self) -> str:
        return str(_("系统"))

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Final = SystemActor()


def user_of(actor: Any) -> Any:
    """The user row an actor is, for a history record or a `…_by` field: the actor, or nobody for the system
    actor. A write without an actor (`None`) is refused, so no record is left unattributed by an omitted argument."""
    if actor is None:
        raise PermissionDenied(_("写入必须指明执行者（用户或系统）"))
    return None if actor is SYSTEM else actor
