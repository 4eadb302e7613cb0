"""Default permission sets of the roles (domain.md §0), as data.

Each role is a Django Group named by its code. `sync_roles` creates missing groups and grants
the defaults below that a group lacks (it never removes what the city admin granted in the UI).
Later modules add their models' permissions here.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission

from .choices import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)

# What the unit roles and the leader all read: the reference data, the plans and targets, the monthly reporting
# around the reports themselves, and the monitoring dashboard. Each role adds what it does.
_UNIT_READS: dict[str, tuple[str, ...]] = {
    "regions.region": (VIEW,),
    "regions.department": (VIEW,),
    "enterprises.industry": (VIEW,),
    "enterprises.tag": (VIEW,),
    "jobs.job": (VIEW,),
    "targets.plan": (VIEW,),
    "targets.indicator": (VIEW,),
    "targets.target": (VIEW,),
    "reporting.reportvalue": (VIEW,),
    "reporting.monthpublication": (VIEW,),
    "reporting.reportrevision": (VIEW,),
    "reporting.reportingdeadline": (VIEW,),
    "reporting.reminder": (VIEW,),
    "monitoring.warningthreshold": (VIEW, "view_monitoring"),
}

# app_label.model → actions, per role. "*" means every model of the project apps.
DEFAULTS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.CITY_ADMIN: {
        "*": ALL,
        "accounts.user": ("view_operation_log",),
        "auth.group": (VIEW, CHANGE),
        "reporting.monthlyreport": ("accept_monthlyreport", "publish_monthlyreport", "revise_monthlyreport"),
        "monitoring.warningthreshold": ("view_monitoring",),
    },
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
        # Monthly reports: the city accepts, returns, publishes and revises; it sets deadlines and reminds.
        "reporting.monthlyreport": (
            VIEW,
            "accept_monthlyreport",
            "publish_monthlyreport",
            "revise_monthlyreport",
        ),
        "reporting.reportvalue": (VIEW,),
        "reporting.monthpublication": (VIEW,),
        "reporting.reportrevision": (VIEW,),
        "reporting.reportingdeadline": ALL,
        "reporting.reminder": (VIEW, ADD),
        # Monitoring: the dashboard, and the warning thresholds the city sets per plan or indicator.
        "monitoring.warningthreshold": (*ALL, "view_monitoring"),
    },
    Role.UNIT_REPORTER: {
        **_UNIT_READS,
        "enterprises.enterprise": (VIEW, ADD, CHANGE),
        # Monthly reports: the unit reporter opens, fills and submits their unit's report.
        "reporting.monthlyreport": (VIEW, ADD, CHANGE, "submit_monthlyreport"),
    },
    Role.UNIT_REVIEWER: {
        **_UNIT_READS,
        "enterprises.enterprise": (VIEW, CHANGE),
        # Monthly reports: the unit reviewer approves (or returns) what their unit submitted.
        "reporting.monthlyreport": (VIEW, "approve_monthlyreport"),
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
        **_UNIT_READS,
        "enterprises.enterprise": (VIEW,),
        "reporting.monthlyreport": (VIEW,),
    },
}

# Assessment (考核) and duties (domain.md §5): city staff manage schemes and duties, compute and publish the
# results; unit users and leaders read the results in their scope; department handlers read their own
# department's duties and report quarterly progress with evidence. Merged into DEFAULTS above.
_RESULT_READS: dict[str, tuple[str, ...]] = {
    "assessment.scoringscheme": (VIEW,),
    "assessment.scoringrule": (VIEW,),
    "assessment.scoreadjustment": (VIEW,),
    "assessment.assessmentresult": (VIEW,),
}
ASSESSMENT_DEFAULTS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.CITY_STAFF: {
        "assessment.scoringscheme": (*ALL, "publish_scoringscheme"),
        "assessment.scoringrule": ALL,
        "assessment.scoreadjustment": ALL,
        "assessment.assessmentresult": (VIEW,),
        "assessment.duty": ALL,
        "assessment.dutyprogress": (VIEW,),
        "assessment.dutyattachment": (VIEW,),
    },
    Role.UNIT_REPORTER: _RESULT_READS,
    Role.UNIT_REVIEWER: _RESULT_READS,
    Role.DEPARTMENT_HANDLER: {
        "assessment.duty": (VIEW,),
        "assessment.dutyprogress": (VIEW, ADD, CHANGE),
        "assessment.dutyattachment": (VIEW, ADD),
    },
    Role.LEADER: {
        **_RESULT_READS,
        "assessment.duty": (VIEW,),
        "assessment.dutyprogress": (VIEW,),
        "assessment.dutyattachment": (VIEW,),
    },
}
for _role, _perms in ASSESSMENT_DEFAULTS.items():
    DEFAULTS[_role].update(_perms)

PROJECT_APPS = tuple(app for app in settings.JINGXIN_APPS if app not in ("core", "home"))  # apps with models and roles


def _merge_app_defaults() -> None:
    """Each later app states its roles' defaults in `<app>/roles.py` as `DEFAULTS` (same shape as above).

    Those modules import only `accounts.choices`, so they can be read while this module loads.
    """
    from importlib import import_module
    from importlib.util import find_spec

    for app in PROJECT_APPS:
        if app == "accounts" or find_spec(f"{app}.roles") is None:
            continue
        for role, perms in import_module(f"{app}.roles").DEFAULTS.items():
            DEFAULTS.setdefault(role, {}).update(perms)


_merge_app_defaults()


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
