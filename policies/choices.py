"""Choices of the policies (惠企政策, domain.md §10) and the grant workflow table."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.workflow import Transition


class Combine(models.TextChoices):
    ALL = "all", _("全部满足")
    ANY = "any", _("满足任一")


class CriterionKind(models.TextChoices):
    REGION = "region", _("属地")  # region codes; a region covers its subtree
    INDUSTRY = "industry", _("行业")  # GB/T 4754 codes; a division (C34) covers the codes below it
    SIZE = "size", _("规模")  # above / below designated size
    MUJUN = "mujun", _("亩均评价类别")  # classes (A, B …) of the final 亩均 result of a year
    TIER = "tier", _("梯度培育称号")  # tier titles of the tiers app, held now (recognised)
    INVESTMENT = "investment", _("重点项目总投资")  # at least this many 万元 over the enterprise's key projects
    EMPLOYEES = "employees", _("从业人员")  # at least this many
    LAND = "land", _("用地面积")  # at least this many 亩
    TAG = "tag", _("标签")  # enterprise tags


class AmountKind(models.TextChoices):
    NONE = "none", _("无固定金额")
    FIXED = "fixed", _("固定金额")
    PERCENT = "percent", _("按重点项目投资比例（封顶）")


class GrantStatus(models.TextChoices):
    APPLIED = "applied", _("已申报")  # waits for the unit's review
    UNIT_REVIEWED = "unit_reviewed", _("属地已审核")  # waits for the department's review
    GRANTED = "granted", _("已批准")  # granted (by review, or 免申即享 confirmed by the city)
    REFUSED = "refused", _("未通过")  # refused with a reason


class GrantSource(models.TextChoices):
    APPLICATION = "application", _("企业申报")
    AUTOMATIC = "automatic", _("免申即享")


UNIT, DEPARTMENT = "unit", "department"
# The review of an application, unit first, then the issuing department: each row's `permission` names the side
# that makes the move (services.grant_sides decides a user's sides); a refusal needs its reason.
GRANT_TRANSITIONS: tuple[Transition, ...] = (
    Transition("unit_approve", GrantStatus.APPLIED, GrantStatus.UNIT_REVIEWED, UNIT, label=_("属地审核通过")),
    Transition(
        "unit_refuse", GrantStatus.APPLIED, GrantStatus.REFUSED, UNIT, comment_required=True, label=_("属地审核不通过")
    ),
    Transition("grant", GrantStatus.UNIT_REVIEWED, GrantStatus.GRANTED, DEPARTMENT, label=_("部门批准")),
    Transition(
        "refuse",
        GrantStatus.UNIT_REVIEWED,
        GrantStatus.REFUSED,
        DEPARTMENT,
        comment_required=True,
        label=_("部门不予批准"),
    ),
)
