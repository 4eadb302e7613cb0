"""Choices of the key-project library (domain.md §6). Every value says in one line what it means."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectType(models.TextChoices):
    """The kind of investment; 零土地技改 is a technical transformation on the firm's existing land."""

    NEW = "new", _("新建")  # a new plant or line, usually on newly supplied land
    TECH = "tech", _("技改")  # technical transformation of an existing plant
    ZERO_LAND = "zero_land", _("零土地技改")  # technical transformation without new land


class Node(models.TextChoices):
    """The lifecycle nodes of a project, in order (NODE_ORDER); each has a planned and an actual date."""

    SIGNED = "signed", _("签约")  # the investment agreement is signed
    FILED = "filed", _("备案赋码")  # filed on the provincial platform, the project code is given
    LAND = "land", _("供地")  # land supplied (not for 零土地技改)
    PLANNING = "planning", _("规划许可")  # construction-land planning permit
    PERMIT = "permit", _("施工许可")  # construction permit
    STARTED = "started", _("开工")  # construction started
    COMPLETED = "completed", _("竣工")  # construction completed
    PRODUCING = "producing", _("投产")  # production started
    FULL = "full", _("达产")  # design capacity reached


NODE_ORDER: tuple[Node, ...] = tuple(Node)


class Stage(models.TextChoices):
    """The five lists of the seed notice; a project's stage follows from the nodes it has reached."""

    SIGNING = "signing", _("签约服务")  # signed, not yet filed
    PREPARATION = "preparation", _("前期攻坚")  # filed or in approvals, not yet started
    CONSTRUCTION = "construction", _("建设实施")  # started, not yet completed
    COMMISSIONED = "commissioned", _("建成投产")  # completed or producing, not yet at full capacity
    OPERATING = "operating", _("达产运营")  # at design capacity


class Flag(models.TextChoices):
    """Warnings on a project, shown in lists and in the bulletin's overdue lists."""

    OVERDUE_NODE = "overdue_node", _("节点逾期")  # a planned date has passed without an actual date
    COMPLETED_NOT_PRODUCING = "completed_not_producing", _("已完工未投产")
    PRODUCING_NOT_FULL = "producing_not_full", _("投产未达产")  # producing, 达产 planned date passed
    NO_UPDATE = "no_update", _("本月未更新")  # no monthly update for the month


class UpdateStatus(models.TextChoices):
    """A monthly project update: the unit fills it in, the city reviews it."""

    DRAFT = "draft", _("草稿")  # the unit is filling it in
    SUBMITTED = "submitted", _("已提交")  # sent to the city
    REVIEWED = "reviewed", _("市局已审核")  # the city accepted it
    RETURNED = "returned", _("已退回")  # sent back with a comment, editable again


class ProblemKind(models.TextChoices):
    """What a problem to coordinate (协调事项) is about (domain.md §6)."""

    LAND = "land", _("土地")
    FUNDS = "funds", _("资金")
    APPROVAL = "approval", _("审批")
    ENERGY = "energy", _("用能")
    EIA = "eia", _("环评")
    LABOUR = "labour", _("用工")
    OTHER = "other", _("其他")


class ProblemStatus(models.TextChoices):
    """Where a problem stands; the responsible department's handler answers it."""

    OPEN = "open", _("待办理")  # raised, not yet taken up by the department
    IN_PROGRESS = "in_progress", _("办理中")  # the department is working on it
    RESOLVED = "resolved", _("已办结")  # answered with a resolution
    CLOSED = "closed", _("已销号")  # the unit confirmed the resolution


class ApprovalPhase(models.TextChoices):
    """The two kinds of government time counted against the 90-day limit (最多90天)."""

    APPROVAL = "approval", _("审批阶段")  # approvals from 赋码备案 to 施工许可: at most 60 days
    ACCEPTANCE = "acceptance", _("竣工验收")  # joint acceptance after completion: at most 30 days
