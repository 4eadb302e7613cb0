"""Default permissions of the roles on investment promotion (domain.md §0, §11b), merged into accounts.roles.

City staff keep everything, set the targets and the exchange rates; unit reporters keep their unit's leads, the
log, platforms and project platforms (signing also needs projects.add_project, which they have); unit reviewers
read and correct; leaders read. Enterprise users and department handlers have no investment data.
"""

from accounts.choices import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)

_UNIT = ("lead", "leadvisit", "platform", "projectplatform")
_CITY = ("signingtarget", "exchangerate")


def _perms(models: tuple[str, ...], actions: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {f"investment.{model}": actions for model in models}


DEFAULTS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.CITY_STAFF: _perms(_UNIT + _CITY, ALL),
    Role.UNIT_REPORTER: {**_perms(_UNIT, ALL), **_perms(_CITY, (VIEW,))},
    Role.UNIT_REVIEWER: {**_perms(_UNIT, (VIEW, CHANGE)), **_perms(_CITY, (VIEW,))},
    Role.LEADER: _perms(_UNIT + _CITY, (VIEW,)),
}
