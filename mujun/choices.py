"""Choices of the 亩均 evaluation (domain.md §7), each with its one-line meaning; state machines as data."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.workflow import Machine, Transition, register


class Group(models.TextChoices):
    """Evaluation groups, ranked separately (domain.md §7)."""

    ABOVE = "above", _("规上企业")  # above designated size
    BELOW = "below", _("规下企业（3亩及以上）")  # below designated size with land ≥ 3 亩
    SMALL = "small", _("规下企业（3亩以下及租赁）")  # optional: below 3 亩 and tenants without land


# 高耗低效 candidate lines (domain.md §7 查找): 亩均税收 below 6 万元/亩 for 规上 and 3 for 规下, and a 规下 firm
# on at least 10 亩; a rule set takes these unless the bureau enters its own.
RECTIFY_TAX_PER_MU: dict[str, Decimal] = {
    Group.ABOVE: Decimal("6"),
    Group.BELOW: Decimal("3"),
    Group.SMALL: Decimal("3"),
}
RECTIFY_LAND_MU = Decimal("10")


class RuleSetStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")  # still editable
    FROZEN = "frozen", _("已冻结")  # used by a run: never changes again, edits make a new version


class IndicatorCode(models.TextChoices):
    """The sourced indicators: each is a numerator ÷ denominator of the yearly data (see scoring.FORMULAS)."""

    TAX_PER_MU = "tax_per_mu", _("亩均税收")
    VA_PER_MU = "va_per_mu", _("亩均增加值")
    VA_PER_ENERGY = "va_per_energy", _("单位能耗增加值")
    VA_PER_EMISSION = "va_per_emission", _("单位排放增加值")
    LABOUR_PRODUCTIVITY = "labour_productivity", _("全员劳动生产率")
    RD_RATIO = "rd_ratio", _("R&D经费支出占主营业务收入比重")
    TAX_PER_KWH = "tax_per_kwh", _("单位电耗税收")


class BenchmarkMode(models.TextChoices):
    ENTERED = "entered", _("设定值")  # the bureau publishes the benchmark
    MEAN = "mean", _("组内平均值×系数")  # the group's mean value × factor
    MEDIAN = "median", _("组内中位数×系数")  # the group's median value × factor


class MissingRule(models.TextChoices):
    GROUP_AVERAGE = "group_average", _("按组内该指标平均得分")  # domain.md: missing emission data
    ZERO = "zero", _("记0分")


class ItemKind(models.TextChoices):
    BONUS = "bonus", _("加分项")
    PENALTY = "penalty", _("减分项")


class Klass(models.TextChoices):
    """Evaluation classes, A best."""

    A = "A", _("A类（优先支持）")
    B = "B", _("B类（提升发展）")
    C = "C", _("C类（倒逼转型）")
    D = "D", _("D类（整治提升）")


KLASS_ORDER = ["A", "B", "C", "D"]


class ListKind(models.TextChoices):
    VETO = "veto", _("一票否决（最高C类）")  # safety or environmental accident
    PROTECT = "protect", _("保护（不评为D类）")  # new, just became 规上, major project under construction


class RunStatus(models.TextChoices):
    COMPUTED = "computed", _("已计算")  # results written by the run job; may be recomputed
    ADJUSTED = "adjusted", _("已人工调整")  # at least one class changed by hand with a reason
    PUBLISHED = "published", _("公示中")  # open for objections between the 公示 dates
    FINAL = "final", _("已确定")  # final result; prices and rectification use it


# The run's moves (checked by the services, never by the caller). A run in 公示 stays published when a class is
# adjusted (an upheld objection or a correction): only finalising ends the window. Adjusting is a result's
# button (its page), not the run's.
COMPUTE, ADJUST, PUBLISH, FINALISE = "compute", "adjust", "publish", "finalise"
RUN_MACHINE = register(
    Machine(
        "mujun.evaluationrun",
        (
            Transition(COMPUTE, RunStatus.COMPUTED, RunStatus.COMPUTED, "mujun.run_evaluation", label=_("重新计算")),
            Transition(ADJUST, RunStatus.COMPUTED, RunStatus.ADJUSTED, "mujun.add_adjustment", label=_("人工调整")),
            Transition(ADJUST, RunStatus.ADJUSTED, RunStatus.ADJUSTED, "mujun.add_adjustment", label=_("人工调整")),
            Transition(ADJUST, RunStatus.PUBLISHED, RunStatus.PUBLISHED, "mujun.add_adjustment", label=_("人工调整")),
            Transition(
                PUBLISH, RunStatus.COMPUTED, RunStatus.PUBLISHED, "mujun.publish_evaluationrun", label=_("公示")
            ),
            Transition(
                PUBLISH, RunStatus.ADJUSTED, RunStatus.PUBLISHED, "mujun.publish_evaluationrun", label=_("公示")
            ),
            Transition(
                FINALISE, RunStatus.PUBLISHED, RunStatus.FINAL, "mujun.publish_evaluationrun", label=_("确定最终结果")
            ),
        ),
        hidden=frozenset({ADJUST}),
    )
)
# the statuses in which a result's class may still be changed by hand (never once final)
RUN_ADJUSTABLE: tuple[str, ...] = tuple(t.source for t in RUN_MACHINE.transitions if t.action == ADJUST)
# the statuses whose results an enterprise user may see (computed and adjusted classes are the bureau's draft)
RUN_RELEASED: tuple[str, ...] = (RunStatus.PUBLISHED, RunStatus.FINAL)


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    UPHELD = "upheld", _("异议成立")  # the class is changed (an adjustment with the decision as reason)
    REJECTED = "rejected", _("异议不成立")


# An objection is decided once, upheld or rejected, while its run is in 公示 (checked by the service).
UPHOLD, REJECT = "uphold", "reject"
OBJECTION_MACHINE = register(
    Machine(
        "mujun.objection",
        (
            Transition(
                UPHOLD, ObjectionStatus.OPEN, ObjectionStatus.UPHELD, "mujun.change_objection", True, _("异议成立")
            ),
            Transition(
                REJECT, ObjectionStatus.OPEN, ObjectionStatus.REJECTED, "mujun.change_objection", True, _("异议不成立")
            ),
        ),
    )
)


class Resource(models.TextChoices):
    ELECTRICITY = "electricity", _("用电（元/千瓦时）")
    GAS = "gas", _("用气（元/立方米）")
    WATER = "water", _("用水（元/吨）")
    SEWAGE = "sewage", _("污水处理（元/吨）")


class RectificationPath(models.TextChoices):
    IMPROVE = "improve", _("提升")
    MERGE = "merge", _("兼并重组")
    VACATE = "vacate", _("腾退")
    CLOSE = "close", _("关停")


class RectificationStatus(models.TextChoices):
    IDENTIFIED = "identified", _("已查找")  # a candidate from the D class or the thresholds
    CONFIRMED = "confirmed", _("已确认")  # the unit confirmed it and chose a path
    IN_PROGRESS = "in_progress", _("整治中")  # a plan with milestones is under way
    CLOSED = "closed", _("已销号")  # evidence accepted and signed off by the reviewer
    DISMISSED = "dismissed", _("不纳入")  # the unit found it not to be 高耗低效


CONFIRM, DISMISS, START, CLOSE = "confirm", "dismiss", "start", "close"
RECTIFICATION_MACHINE = register(
    Machine(
        "mujun.rectification",
        (
            Transition(
                CONFIRM, RectificationStatus.IDENTIFIED, RectificationStatus.CONFIRMED, "mujun.change_rectification",
                label=_("确认"),
            ),
            Transition(
                DISMISS, RectificationStatus.IDENTIFIED, RectificationStatus.DISMISSED, "mujun.change_rectification",
                label=_("确认"),
            ),
            Transition(
                START, RectificationStatus.CONFIRMED, RectificationStatus.IN_PROGRESS, "mujun.change_rectification",
                label=_("开始整治"),
            ),
            Transition(
                CLOSE, RectificationStatus.IN_PROGRESS, RectificationStatus.CLOSED, "mujun.close_rectification",
                label=_("审核销号"),
            ),
        ),
    )
)  # fmt: skip
# a confirmed plan under way takes milestones and monthly progress
RECTIFICATION_PLANNING: tuple[str, ...] = (RectificationStatus.CONFIRMED, RectificationStatus.IN_PROGRESS)
# a closed (销号) or dismissed plan is done: no more milestones or monthly progress
RECTIFICATION_ENDED: tuple[str, ...] = (RectificationStatus.CLOSED, RectificationStatus.DISMISSED)
