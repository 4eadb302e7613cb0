"""Roles and policies: the city keeps the policy library and confirms 免申即享 lists; units apply for their
enterprises and review; departments decide on their own policies; enterprises read policies and apply."""

from accounts.choices import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
_READ_POLICIES = {
    "policies.policy": (VIEW,),
    "policies.policycriterion": (VIEW,),
    "policies.policyattachment": (VIEW,),
}

DEFAULTS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.CITY_STAFF: {
        "policies.policy": (VIEW, ADD, CHANGE, DELETE),
        "policies.policycriterion": (VIEW, ADD, CHANGE, DELETE),
        "policies.policyattachment": (VIEW, ADD, DELETE),
        "policies.policygrant": (VIEW, ADD, CHANGE),
        "policies.disbursement": (VIEW, ADD, CHANGE, DELETE),
        "policies.grantattachment": (VIEW, ADD, DELETE),
    },
    Role.UNIT_REPORTER: {
        **_READ_POLICIES,
        "policies.policygrant": (VIEW, ADD, CHANGE),
        "policies.grantattachment": (VIEW, ADD, DELETE),
        "policies.disbursement": (VIEW,),
    },
    Role.UNIT_REVIEWER: {
        **_READ_POLICIES,
        "policies.policygrant": (VIEW, CHANGE),
        "policies.grantattachment": (VIEW,),
        "policies.disbursement": (VIEW,),
    },
    Role.DEPARTMENT_HANDLER: {
        **_READ_POLICIES,
        "policies.policygrant": (VIEW, CHANGE),
        "policies.grantattachment": (VIEW,),
        "policies.disbursement": (VIEW,),
    },
    Role.ENTERPRISE_USER: {
        **_READ_POLICIES,
        "policies.policygrant": (VIEW, ADD),
        "policies.grantattachment": (VIEW, ADD, DELETE),
        "policies.disbursement": (VIEW,),
    },
    Role.LEADER: {
        **_READ_POLICIES,
        "policies.policygrant": (VIEW,),
        "policies.grantattachment": (VIEW,),
        "policies.disbursement": (VIEW,),
    },
}
