"""Default permissions of the roles on the industrial chains (domain.md §0, §11), merged into accounts.roles.

Chains and segments are city-wide: city staff keep them and every bureau user reads them. Units keep their
own enterprises on chains, their risks (断链断供) and their supply–demand events; unit reviewers correct them;
leaders read everything. Enterprise users and department handlers have no chain data.
"""

from accounts.choices import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)

_REFERENCE = ("chain", "segment")
_UNIT = ("chainenterprise", "chainrisk", "supplydemandevent")


def _perms(models: tuple[str, ...], actions: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {f"chains.{model}": actions for model in models}


DEFAULTS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.CITY_STAFF: _perms(_REFERENCE + _UNIT, ALL),
    Role.UNIT_REPORTER: {**_perms(_REFERENCE, (VIEW,)), **_perms(_UNIT, ALL)},
    Role.UNIT_REVIEWER: {**_perms(_REFERENCE, (VIEW,)), **_perms(_UNIT, (VIEW, CHANGE))},
    Role.LEADER: _perms(_REFERENCE + _UNIT, (VIEW,)),
}
