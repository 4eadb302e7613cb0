"""Default permissions of the roles on the tier libraries (domain.md §0, §9).

The city keeps the titles, imports the official recognition lists and ends the recognitions whose validity has
run out (`expire_tierentry`, also the daily job's); units nominate their enterprises, move
them through the library and import lists of their own enterprises; enterprise users and leaders read.
"""

from accounts.choices import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)

DEFAULTS = {
    Role.CITY_STAFF: {"tiers.title": ALL, "tiers.tierentry": (*ALL, "expire_tierentry")},
    Role.UNIT_REPORTER: {"tiers.title": (VIEW,), "tiers.tierentry": ALL},
    Role.UNIT_REVIEWER: {"tiers.title": (VIEW,), "tiers.tierentry": (VIEW, CHANGE)},
    Role.DEPARTMENT_HANDLER: {"tiers.title": (VIEW,)},
    Role.ENTERPRISE_USER: {"tiers.title": (VIEW,), "tiers.tierentry": (VIEW,)},
    Role.LEADER: {"tiers.title": (VIEW,), "tiers.tierentry": (VIEW,)},
}
