"""Default permissions of the roles for the key-project library (domain.md §0, §6), merged into accounts.roles.

City staff run the library (projects, lists, categories, star gates), review the units' monthly updates
and take month-end snapshots; unit reporters keep their unit's projects, nodes, plans, updates and
problems; unit reviewers read and correct them; department handlers answer the problems of their own
department (they read the projects of their region for the names); enterprise users read their own
enterprise's projects; leaders read everything.
"""

from accounts.choices import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)

_PROJECT_DATA = ("project", "projectnode", "projectyearplan", "approvalstep", "standardlandcontract")
_REFERENCE = ("projectcategory", "projectlist", "stargate")
_UPDATES = ("projectupdate", "projectphoto")
_SNAPSHOTS = ("monthsnapshot", "snapshotrow")


def _perms(models: tuple[str, ...], actions: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {f"projects.{model}": actions for model in models}


DEFAULTS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.CITY_STAFF: {
        **_perms(_PROJECT_DATA + _REFERENCE + _UPDATES, ALL),
        "projects.projectupdate": (*ALL, "review_projectupdate"),
        "projects.projectproblem": ALL,
        "projects.monthsnapshot": (VIEW, ADD, DELETE),
        "projects.snapshotrow": (VIEW,),
    },
    Role.UNIT_REPORTER: {
        **_perms(_REFERENCE, (VIEW,)),
        **_perms(_PROJECT_DATA + _UPDATES, (VIEW, ADD, CHANGE)),
        "projects.projectproblem": (VIEW, ADD, CHANGE),
        **_perms(_SNAPSHOTS, (VIEW,)),
    },
    Role.UNIT_REVIEWER: {
        **_perms(_REFERENCE, (VIEW,)),
        **_perms(_PROJECT_DATA + _UPDATES, (VIEW, CHANGE)),
        "projects.projectproblem": (VIEW, CHANGE),
        **_perms(_SNAPSHOTS, (VIEW,)),
    },
    Role.DEPARTMENT_HANDLER: {
        **_perms(_REFERENCE, (VIEW,)),
        "projects.project": (VIEW,),
        "projects.projectproblem": (VIEW, CHANGE),
    },
    Role.ENTERPRISE_USER: {
        "projects.project": (VIEW,),
    },
    Role.LEADER: {
        **_perms(_PROJECT_DATA + _REFERENCE + _UPDATES + _SNAPSHOTS, (VIEW,)),
        "projects.projectproblem": (VIEW,),
    },
}
