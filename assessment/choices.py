"""Choices of the assessment domain (domain.md §5). Every value says in one line what it means."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleKind(models.TextChoices):
    """How one indicator turns into points (domain.md §5: the sourced patterns and the default)."""

    # The default: weight × min(completion, 1 + cap ÷ weight); the cap is the most bonus points above the weight.
    PROPORTIONAL = "proportional", _("按完成率折算")
    # Full base points when the target is met, proportional below, + points per pp above, capped.
    FULL_WHEN_MET = "full_when_met", _("完成得满分、超额加分")
    # Growth-rate targets: base ± points per pp of actual growth − target growth, capped at ± cap.
    GROWTH_PP = "growth_pp", _("增速按百分点加减分")
    # Totals ranked by value: the largest gets the full points, the others value ÷ largest of them.
    RANK_BY_VALUE = "rank_by_value", _("按数值排序折算")


# Parameters a rule uses when its own are blank: (points per pp, cap in points). domain.md §5:
# "+0.5 point per pp above with a cap" (the cap is not published: 3 points here, like growth's);
# "±0.1 point per pp around the target with a cap of ±3"; the default rule gives no bonus unless a cap is set.
RULE_DEFAULTS: dict[str, tuple[str, str]] = {
    RuleKind.PROPORTIONAL: ("0", "0"),
    RuleKind.FULL_WHEN_MET: ("0.5", "3"),
    RuleKind.GROWTH_PP: ("0.1", "3"),
    RuleKind.RANK_BY_VALUE: ("0", "0"),
}


class DutyRole(models.TextChoices):
    """A department's part in a duty (部门责任分解表: 牵头单位 / 配合单位)."""

    LEAD = "lead", _("牵头")  # answers for the duty and reports its progress
    COOPERATING = "cooperating", _("配合")  # contributes; reports its own part


class ProgressStatus(models.TextChoices):
    """How a duty stands at the end of a quarter (季度督查)."""

    ON_TRACK = "on_track", _("按计划推进")  # progressing as planned
    LAGGING = "lagging", _("滞后")  # behind: on the quarter's list of laggards
    DONE = "done", _("已完成")  # the duty is fulfilled


QUARTERS = [(1, _("第一季度")), (2, _("第二季度")), (3, _("第三季度")), (4, _("第四季度"))]
