"""Default permissions of the roles for the bulletins (CITY_ADMIN gets everything automatically).

The city staff generate and publish bulletins and alone see drafts (`view_draft`); the units'
reporters and reviewers, the departments and the leaders read the published ones of their scope; enterprises do not see bulletins.
"""

from accounts.choices import Role

READ = {"bulletins.bulletin": ("view",), "bulletins.bulletinversion": ("view",)}

DEFAULTS = {
    Role.CITY_ADMIN: {"bulletins.bulletin": ("publish_bulletin", "view_draft")},  # view/add/… come with "*"
    Role.CITY_STAFF: {
        "bulletins.bulletin": ("view", "add", "publish_bulletin", "view_draft"),
        "bulletins.bulletinversion": ("view", "add"),
    },
    Role.UNIT_REPORTER: READ,
    Role.UNIT_REVIEWER: READ,
    Role.DEPARTMENT_HANDLER: READ,
    Role.LEADER: READ,
}
