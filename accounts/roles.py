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
    },
    Role.UNIT_REPORTER: {
        "regions.region": (VIEW,),
        "regions.department": (VIEW,),
        "enterprises.enterprise": (VIEW, ADD, CHANGE),
        "enterprises.industry": (VIEW,),
        "enterprises.tag": (VIEW,),
        "jobs.job": (VIEW,),
    },
    Role.UNIT_REVIEWER: {
        "regions.region": (VIEW,),
        "regions.department": (VIEW,),
        "enterprises.enterprise": (VIEW, CHANGE),
        "enterprises.industry": (VIEW,),
        "enterprises.tag": (VIEW,),
        "jobs.job": (VIEW,),
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
    },
}

PROJECT_APPS = ("regions", "accounts", "enterprises", "jobs", "audit")


def default_permissions(role: str) -> list[Permission]:
    wanted = DEFAULTS.get(role, {})
    perms = Permission.objects.select_related("content_type")
    chosen: list[Permission] = []
    for perm in perms:
        label = f"{perm.content_type.app_label}.{perm.content_type.model}"
        action = perm.codename.split("_", 1)[0]
        if perm.content_type.app_label in PROJECT_APPS and action in wanted.get("*", ()):
            chosen.append(perm)
        elif action in wanted.get(label, ()) or perm.codename in wanted.get(label, ()):
            chosen.append(perm)
    return chosen


def sync_roles() -> None:
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.add(*default_permissions(role.value))


def sync_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    # Each app's permissions are created by its own post_migrate; sync after each project app.
    if getattr(sender, "name", "") in PROJECT_APPS:
        sync_roles()
