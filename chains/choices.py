"""Choices of the industrial chains (产业链, domain.md §11). Every value says in one line what it means."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.workflow import Machine, Transition, register


class Position(models.TextChoices):
    """Where a segment sits on the chain."""

    UP = "up", _("上游")  # materials, components, equipment the chain buys
    MID = "mid", _("中游")  # the chain's core manufacturing
    DOWN = "down", _("下游")  # applications, systems, services that use the products


POSITION_ORDER: tuple[str, ...] = tuple(Position.values)


class ChainRole(models.TextChoices):
    """An enterprise's role on a segment (链长制: 链长 + 链主企业 …)."""

    MASTER = "master", _("链主")  # the chain-master enterprise that leads the segment
    CORE = "core", _("核心配套")  # a key supplier to the 链主
    GENERAL = "general", _("一般")  # any other enterprise on the segment


class SupplierRegion(models.TextChoices):
    """Where a risky input comes from."""

    DOMESTIC = "domestic", _("国内")
    FOREIGN = "foreign", _("国外")


class RiskKind(models.TextChoices):
    """What is at risk of broken supply (断链断供)."""

    INPUT = "input", _("原材料/零部件")  # something the chain buys
    PRODUCT = "product", _("产品")  # something the chain sells and could not deliver
    TECHNOLOGY = "technology", _("关键技术/设备")  # a technology or machine only others have


class RiskLevel(models.TextChoices):
    """The level of a risk; red is the worst."""

    RED = "red", _("红")  # supply is broken or will break within the stock days
    ORANGE = "orange", _("橙")  # single source or foreign source without a substitute
    YELLOW = "yellow", _("黄")  # a weakness under watch


RISK_LEVEL_ORDER: tuple[str, ...] = (RiskLevel.RED, RiskLevel.ORANGE, RiskLevel.YELLOW)


class RiskStatus(models.TextChoices):
    """Where a risk stands."""

    OPEN = "open", _("跟踪中")  # measures under way, reviewed on the next review date
    CLOSED = "closed", _("已解除")  # supply secured; kept for the monthly tables


CLOSE, REOPEN = "close", "reopen"
# A risk's moves (checked by the service): closed when supply is secured; a risk may come back, and reopening
# keeps its history.
RISK_MACHINE = register(
    Machine(
        "chains.chainrisk",
        (
            Transition(CLOSE, RiskStatus.OPEN, RiskStatus.CLOSED, "chains.change_chainrisk", label=_("解除")),
            Transition(REOPEN, RiskStatus.CLOSED, RiskStatus.OPEN, "chains.change_chainrisk", label=_("重新跟踪")),
        ),
    )
)
