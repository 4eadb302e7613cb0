"""Default permission sets of the roles (domain.md §0), as data.

Each role is a Django Group named by its code. `sync_roles` creates missing groups and grants
the defaults below that a group lacks (it never removes what the city admin granted in the UI).
Later modules add their models' permissions here.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

from .choices import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)

# app_label.model → actions, per role. "*" means every model of the project apps.
DEFAULTS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.CITY_ADMIN: {"*": ALL, "accounts.user": ("view_operation_log",), "auth.group": (VIEW, CHANGE)},
    Role.CITY_STAFF: {
        "regions.region": (VIEW,),
        "regions.department": (VIEW,),
        "enterprises.enterprise": ALL,
        "enterprises.industry": (VIEW,),
        "enterprises.tag": (VIEW, ADD, CHANGE),
        "jobs.job": (VIEW,),
        "targets.plan": ALL,
        "targets.indicator": ALL,
        "targets.target": ALL,
    },
    Role.UNIT_REPORTER: {
        "regions.region": (VIEW,),
        "regions.department": (VIEW,),
        "enterprises.enterprise": (VIEW, ADD, CHANGE),
        "enterprises.industry": (VIEW,),
        "enterprises.tag": (VIEW,),
        "jobs.job": (VIEW,),
        "targets.plan": (VIEW,),
        "targets.indicator": (VIEW,),
        "targets.target": (VIEW,),
    },
    Role.UNIT_REVIEWER: {
        "regions.region": (VIEW,),
        "regions.department": (VIEW,),
        "enterprises.enterprise": (VIEW, CHANGE),
        "enterprises.industry": (VIEW,),
        "enterprises.tag": (VIEW,),
        "jobs.job": (VIEW,),
        "targets.plan": (VIEW,),
        "targets.indicator": (VIEW,),
        "targets.target": (VIEW,),
    },
    Role.DEPARTMENT_HANDLER: {
        "regions.region": (VIEW,),
        "regions.department": (VIEW,),
        "enterprises.enterprise": (VIEW,),
        "enterprises.industry": (VIEW,),
        "jobs.job": (VIEW,),
    },
    Role.ENTERPRISE_USER: {
        "enterprises.enterprise": (VIEW,),
        "enterprises.industry": (VIEW,),
        "jobs.job": (VIEW,),
    },
    Role.LEADER: {
        "regions.region": (VIEW,),
        "regions.department": (VIEW,),
        "enterprises.enterprise": (VIEW,),
        "enterprises.industry": (VIEW,),
        "enterprises.tag": (VIEW,),
        "jobs.job": (VIEW,),
        "targets.plan": (VIEW,),
        "targets.indicator": (VIEW,),
        "targets.target": (VIEW,),
    },
}

PROJECT_APPS = ("regions", "accounts", "enterprises", "jobs", "audit", "targets")


def default_permissions(role: str) -> list[Permission]:
    wanted = DEFAULTS.get(role, {})
    perms = Permission.objects.select_related("content_type")
    chosen: list[Permission] = []
    for perm in perms:
        model = perm.content_type.model
        label = f"{perm.content_type.app_label}.{model}"
        if perm.content_type.app_label in PROJECT_APPS and perm.codename in _codenames(wanted.get("*", ()), model):
            chosen.append(perm)
        elif perm.codename in _codenames(wanted.get(label, ()), model):
            chosen.append(perm)
    return chosen


def _codenames(actions: tuple[str, ...], model: str) -> set[str]:
    """view/add/change/delete name the model's standard permissions; anything else is a custom codename.

    Matching whole codenames keeps a custom permission (view_operation_log) from riding along
    with the standard one that shares its first word (view_user).
    """
    return {f"{a}_{model}" if a in ALL else a for a in actions}


def sync_roles() -> None:
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.add(*default_permissions(role.value))


def sync_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    # Each app's permissions are created by its own post_migrate; sync after each project app.
    if getattr(sender, "name", "") in PROJECT_APPS:
        sync_roles()
