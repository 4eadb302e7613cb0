"""Default permissions of the roles on smart transformation (domain.md §0, §8).

The city keeps the service companies, the ranking and subsidy rules, computes, approves and pays the awards;
units keep their enterprises' diagnoses, recommendations, demonstrations and equipment figures and read the
awards of their enterprises; enterprise users read their own records; leaders read everything.
"""

from accounts.choices import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)

REFERENCE = ("servicecompany", "rankingrule", "subsidyrule")
RECORDS = ("diagnosis", "recommendation", "demonstration", "equipmentfigure")
MONEY = ("subsidyaward",)  # its payments are in the policies' ledger (policies.disbursement)


def _perms(models: tuple[str, ...], actions: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {f"smart.{m}": actions for m in models}


DEFAULTS = {
    Role.CITY_STAFF: {**_perms(REFERENCE + RECORDS, ALL), **_perms(MONEY, (VIEW, ADD, CHANGE))},
    Role.UNIT_REPORTER: {**_perms(REFERENCE, (VIEW,)), **_perms(RECORDS, ALL), **_perms(MONEY, (VIEW,))},
    Role.UNIT_REVIEWER: {**_perms(REFERENCE + RECORDS + MONEY, (VIEW,))},
    Role.DEPARTMENT_HANDLER: _perms(REFERENCE, (VIEW,)),
    Role.ENTERPRISE_USER: {**_perms(REFERENCE, (VIEW,)), **_perms(RECORDS, (VIEW,))},
    Role.LEADER: _perms(REFERENCE + RECORDS + MONEY, (VIEW,)),
}
