"""Default permissions of the roles on the 亩均 evaluation (domain.md §0, §7).

The city sets the rules and prices, runs, adjusts, publishes and finalises; units keep their
enterprises' yearly data and lists, file objections for them and run the rectification (the unit
reviewer signs 销号 off); enterprise users read their own result and file objections; leaders read.
"""

from accounts.choices import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)

RULES = ("ruleset", "ruleindicator", "industryoverride", "ruleitem", "pricerule")
EVERYTHING = (
    *RULES, "listentry", "enterpriseyeardata", "evaluationrun", "evaluationresult", "adjustment", "objection",
    "rectification", "rectificationmilestone", "rectificationprogress",
)  # fmt: skip


def _view(models: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {f"mujun.{m}": (VIEW,) for m in models}


DEFAULTS = {
    Role.CITY_STAFF: {
        **{f"mujun.{m}": ALL for m in EVERYTHING},
        "mujun.ruleset": (*ALL, "run_evaluation"),
        "mujun.evaluationrun": (*ALL, "publish_evaluationrun"),
        "mujun.evaluationresult": (VIEW,),
        "mujun.rectification": (*ALL, "close_rectification"),
    },
    Role.UNIT_REPORTER: {
        **_view(EVERYTHING),
        "mujun.listentry": (VIEW, ADD, CHANGE, DELETE),
        "mujun.enterpriseyeardata": ALL,
        "mujun.objection": (VIEW, ADD),
        "mujun.rectification": (VIEW, CHANGE),
        "mujun.rectificationmilestone": ALL,
        "mujun.rectificationprogress": ALL,
    },
    Role.UNIT_REVIEWER: {
        **_view(EVERYTHING),
        "mujun.rectification": (VIEW, CHANGE, "close_rectification"),
    },
    Role.DEPARTMENT_HANDLER: _view(RULES),
    Role.ENTERPRISE_USER: {
        **_view((*RULES, "evaluationrun", "evaluationresult", "enterpriseyeardata", "adjustment")),
        "mujun.objection": (VIEW, ADD),
    },
    Role.LEADER: _view(EVERYTHING),
}
