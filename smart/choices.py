"""Choices of smart transformation (智能化技术改造, domain.md §8). Every value says in one line what it means."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.workflow import Machine, Transition, register


class CompanyLevel(models.TextChoices):
    """The list a service company (工程服务公司) is on."""

    PROVINCE = "province", _("省级")  # on the province's list of engineering service companies
    CITY = "city", _("市级")  # on the city's list


class Kind(models.TextChoices):
    """What a diagnosis, pilot or demonstration is about (the plan's two kinds)."""

    WORKSHOP = "workshop", _("数字化车间")
    FACTORY = "factory", _("智能工厂")


class Maturity(models.IntegerChoices):
    """GB/T 39116-2020 智能制造能力成熟度: five levels, 1 the lowest."""

    PLANNING = 1, _("规划级")
    STANDARD = 2, _("规范级")
    INTEGRATED = 3, _("集成级")
    OPTIMISED = 4, _("优化级")
    LEADING = 5, _("引领级")


class Outcome(models.TextChoices):
    """What came of a diagnosis."""

    PENDING = "pending", _("待实施")  # the report is delivered, nothing decided
    PLANNED = "planned", _("已立项")  # a recommended project became a key project
    DONE = "done", _("已实施")  # the transformation was carried out
    DECLINED = "declined", _("不实施")  # the enterprise decided against it


class DemoStage(models.TextChoices):
    """A demonstration: first a pilot (试点), then recognised (认定) by the city or province."""

    PILOT = "pilot", _("试点")
    RECOGNISED = "recognised", _("已认定")


class AwardKind(models.TextChoices):
    """The three subsidies of the 2019–2021 plan (四(二))."""

    DEMONSTRATION = "demonstration", _("示范项目补助")  # % of the demonstration's investment, capped
    PILOT_SERVICE = "pilot_service", _("试点服务奖励")  # per pilot a service company served
    TOP_COMPANY = "top_company", _("优秀服务公司补助")  # the year's top-ranked service companies


class AwardStatus(models.TextChoices):
    COMPUTED = "computed", _("已测算")  # computed by the year's rule, may be recomputed
    APPROVED = "approved", _("已审定")  # approved by the bureau, no longer recomputed
    PAID = "paid", _("已拨付")  # paid: the rule version it used is frozen for it


APPROVE, PAY = "approve", "pay"
# An award's workflow (the services check it): the bureau approves a computed award; payments are recorded on
# an approved one, and the payment that reaches its amount makes it 已拨付.
AWARD_MACHINE = register(
    Machine(
        "smart.subsidyaward",
        (
            Transition(
                APPROVE, AwardStatus.COMPUTED, AwardStatus.APPROVED, "smart.change_subsidyaward", label=_("审定")
            ),
            Transition(PAY, AwardStatus.APPROVED, AwardStatus.PAID, "smart.change_subsidyaward", label=_("登记拨付")),
        ),
    )
)
