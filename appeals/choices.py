"""Choices of the enterprise requests (诉求, domain.md §10); each value says in one line what it means."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PLATFORM = "platform", _("平台")  # filed by the enterprise user online
    HOTLINE = "hotline", _("96871热线")  # taken by the hotline staff for a caller
    GRID = "grid", _("网格走访")  # recorded on a grid visit
    LETTER = "letter", _("来信")
    OTHER = "other", _("其他")


class Complexity(models.TextChoices):
    SIMPLE = "simple", _("简单")  # answer within the category's simple deadline (default 3 working days)
    COMPLEX = "complex", _("复杂")  # answer within the complex deadline (default 15 working days)


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")  # waits for the current handler to accept it
    IN_PROGRESS = "in_progress", _("办理中")  # accepted; the answer is due
    WAITING = "waiting", _("待补充材料")  # waits for the enterprise: the clock stops
    ANSWERED = "answered", _("已答复")  # answered; the enterprise may rate it
    CLOSED = "closed", _("已办结")  # rated (or unrated after 10 working days)
    MERGED = "merged", _("已合并")  # merged into another request of the same enterprise


OPEN_STATUSES = (Status.SUBMITTED, Status.IN_PROGRESS, Status.WAITING)


class Level(models.TextChoices):
    UNIT = "unit", _("属地单位")  # the enterprise's county-level unit (属地为主)
    CITY = "city", _("市级")  # passed up to the city bureau
    DEPARTMENT = "department", _("部门")  # assigned to a department


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")  # reopens the request once, one level up
    UNRATED = "unrated", _("未评价")  # not rated within 10 working days of the answer


class HopAction(models.TextChoices):
    FILE = "file", _("登记")
    ACCEPT = "accept", _("受理")
    PASS_UP = "pass_up", _("上报市级")
    PASS_ACROSS = "pass_across", _("转交部门")
    ASSIGN = "assign", _("交办部门")
    REQUEST_MATERIAL = "request_material", _("要求补充材料")
    SUPPLY = "supply", _("补充材料")
    EXTEND = "extend", _("延期")
    ANSWER = "answer", _("答复")
    RATE = "rate", _("评价")
    REOPEN = "reopen", _("不满意重办")
    MERGE = "merge", _("合并")
    ESCALATE = "escalate", _("超期督办")
    EXPIRE = "expire", _("逾期未评价")
