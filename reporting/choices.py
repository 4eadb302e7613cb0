"""Choices of monthly reporting (domain.md §4). Every value says in one line what it means."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    """Where a unit's monthly report stands; the allowed moves are the table in reporting/workflow.py."""

    DRAFT = "draft", _("草稿")  # the unit is filling it in; only the unit sees it as unfinished
    SUBMITTED = "submitted", _("已上报")  # the unit reporter sent it to their reviewer
    APPROVED = "approved", _("单位已审核")  # the unit reviewer (head of the unit's bureau) approved it
    ACCEPTED = "accepted", _("市局已确认")  # the city accepted it as final for the month
    RETURNED = "returned", _("已退回")  # sent back with a comment; editable again like a draft
    LOCKED = "locked", _("已锁定")  # the month was published; changed only by a revision with a reason


# States in which the unit may edit the values.
EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})
# States in which the unit has reported for the month (it is not missing any more).
REPORTED = frozenset({ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.ACCEPTED, ReportStatus.LOCKED})


class ReminderChannel(models.TextChoices):
    """How a reminder went out. Mail and SMS are outside edges: this system only records the reminder."""

    LOG = "log", _("系统记录")  # shown on the month overview; nobody is mailed
