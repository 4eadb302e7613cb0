"""Choices of investment promotion (招商引资, domain.md §11b). Every value says in one line what it means."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.workflow import Machine, Transition, register


class LeadStage(models.TextChoices):
    """Where a lead (招商项目) stands: 线索 → 洽谈 → 签约 → 转入项目库, or 终止 with a reason."""

    CLUE = "clue", _("线索")  # a possible investor or project, not yet in talks
    TALKS = "talks", _("洽谈")  # in talks: visits, negotiations
    SIGNED = "signed", _("签约")  # agreement signed; the key project exists in stage 签约服务
    TRANSFERRED = "transferred", _("转入项目库")  # filed (备案赋码): followed in the key-project library from now on
    TERMINATED = "terminated", _("终止")  # given up, with the reason


CHANGE_LEAD = "investment.change_lead"
TALK, SIGN, TRANSFER, TERMINATE = "talk", "sign", "transfer", "terminate"
# A lead's moves; the services check them, never the caller. 签约 is made only by lead_sign (which creates the
# key project: the page's signing form, not a button), 转入项目库 only once that project has been filed; 终止
# needs its reason.
LEAD_MACHINE = register(
    Machine(
        "investment.lead",
        tuple(
            Transition(
                action, source, target, CHANGE_LEAD, comment_required=action == TERMINATE, label=LeadStage(target).label
            )
            for action, source, target in (
                (TALK, LeadStage.CLUE, LeadStage.TALKS),
                (TERMINATE, LeadStage.CLUE, LeadStage.TERMINATED),
                (SIGN, LeadStage.TALKS, LeadStage.SIGNED),
                (TERMINATE, LeadStage.TALKS, LeadStage.TERMINATED),
                (TRANSFER, LeadStage.SIGNED, LeadStage.TRANSFERRED),
                (TERMINATE, LeadStage.SIGNED, LeadStage.TERMINATED),
            )
        ),
        field="stage",
        hidden=frozenset({SIGN}),
    )
)
# the stages in which a lead has a key project (a DB constraint says so too)
WITH_PROJECT: tuple[str, ...] = (LeadStage.SIGNED, LeadStage.TRANSFERRED)


class InvestorKind(models.TextChoices):
    """Domestic (内资) or foreign (外资, counted in 万美元) investment."""

    DOMESTIC = "domestic", _("内资")
    FOREIGN = "foreign", _("外资")


class VisitKind(models.TextChoices):
    """An entry of a lead's log of visits and talks."""

    VISIT = "visit", _("上门拜访")  # the bureau visits the investor
    RECEPTION = "reception", _("来访接待")  # the investor visits the city
    TALK = "talk", _("洽谈")  # a negotiation round
    CALL = "call", _("电话/视频")  # a remote contact


class PlatformKind(models.TextChoices):
    """The kinds of platforms (平台) projects and leads are located in (domain.md §11b)."""

    DEV_ZONE = "dev_zone", _("开发区")
    PARK = "park", _("产业园区")
    INDUSTRIAL = "industrial", _("工业平台")
    TOWN = "town", _("特色小镇")
    MICRO = "micro", _("小微企业园")


class SizeTier(models.TextChoices):
    """The size tiers of signed projects the 2019 notice sets targets for (total investment)."""

    GE1 = "ge1", _("亿元以上")  # ≥ 1 亿元 = 10,000 万元
    GE10 = "ge10", _("10亿元以上")
    GE50 = "ge50", _("50亿元以上")
    GE100 = "ge100", _("100亿元以上")
