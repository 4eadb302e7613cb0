"""Roles and requests (domain.md §0, §10): enterprises file and rate their own; units, the city and departments
handle what they hold (the workflow table says which move); city staff (hotline) file for callers; leaders read."""

from accounts.choices import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"

DEFAULTS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.CITY_STAFF: {
        "appeals.appeal": (VIEW, ADD, CHANGE),
        "appeals.appealcategory": (VIEW, ADD, CHANGE, DELETE),
        "appeals.appealhop": (VIEW,),
        "appeals.appealattachment": (VIEW, ADD, CHANGE, DELETE),
    },
    Role.UNIT_REPORTER: {
        "appeals.appeal": (VIEW, ADD, CHANGE),
        "appeals.appealcategory": (VIEW,),
        "appeals.appealhop": (VIEW,),
        "appeals.appealattachment": (VIEW, ADD, CHANGE),
    },
    Role.UNIT_REVIEWER: {
        "appeals.appeal": (VIEW, CHANGE),
        "appeals.appealcategory": (VIEW,),
        "appeals.appealhop": (VIEW,),
        "appeals.appealattachment": (VIEW, ADD),
    },
    Role.DEPARTMENT_HANDLER: {
        "appeals.appeal": (VIEW, CHANGE),
        "appeals.appealcategory": (VIEW,),
        "appeals.appealhop": (VIEW,),
        "appeals.appealattachment": (VIEW, ADD),
    },
    Role.ENTERPRISE_USER: {
        "appeals.appeal": (VIEW, ADD, CHANGE),
        "appeals.appealcategory": (VIEW,),
        "appeals.appealhop": (VIEW,),
        "appeals.appealattachment": (VIEW, ADD),
    },
    Role.LEADER: {
        "appeals.appeal": (VIEW,),
        "appeals.appealcategory": (VIEW,),
        "appeals.appealhop": (VIEW,),
        "appeals.appealattachment": (VIEW,),
    },
}
