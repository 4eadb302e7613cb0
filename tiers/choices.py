"""Choices of the tier libraries (梯度培育, domain.md §9). Every value says in one line what it means."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.workflow import Machine, Transition, register


class Level(models.TextChoices):
    """Who recognised the title; not every title has levels (Title.levels lists the ones it has)."""

    NATIONAL = "national", _("国家级")  # a ministry (工信部, 科技部)
    PROVINCE = "province", _("省级")  # the province's department (浙江省经信厅)
    CITY = "city", _("市级")  # the city (市经信局)


class EntryStatus(models.TextChoices):
    """Where an enterprise stands in a title's library for a year."""

    NOMINATED = "nominated", _("已推荐")  # put forward by the unit for the library
    CULTIVATING = "cultivating", _("培育中")  # accepted into the library, being cultivated
    RECOGNISED = "recognised", _("已认定")  # recognised (level, date, document number)
    DROPPED = "dropped", _("已退出")  # left the library or the title was withdrawn
    EXPIRED = "expired", _("已到期")  # the recognition's validity years have passed


class Action(models.TextChoices):
    """The steps of an entry's workflow; each moves it to one status (ACTION_TARGET)."""

    CULTIVATE = "cultivate", _("入库培育")
    RECOGNISE = "recognise", _("认定")
    DROP = "drop", _("退出")
    EXPIRE = "expire", _("到期")


ACTION_TARGET: dict[str, str] = {
    Action.CULTIVATE: EntryStatus.CULTIVATING,
    Action.RECOGNISE: EntryStatus.RECOGNISED,
    Action.DROP: EntryStatus.DROPPED,
    Action.EXPIRE: EntryStatus.EXPIRED,
}

CHANGE = "tiers.change_tierentry"
# The entry's workflow: the services check this table, never the caller. A recognised entry may be recognised
# again (a higher level, a corrected document number); dropped and expired entries are ended.
ENTRY_MACHINE = register(
    Machine(
        "tiers.tierentry",
        tuple(
            Transition(action, source, ACTION_TARGET[action], CHANGE, label=Action(action).label)
            for source, action in (
                (EntryStatus.NOMINATED, Action.CULTIVATE),
                (EntryStatus.NOMINATED, Action.RECOGNISE),
                (EntryStatus.NOMINATED, Action.DROP),
                (EntryStatus.CULTIVATING, Action.RECOGNISE),
                (EntryStatus.CULTIVATING, Action.DROP),
                (EntryStatus.RECOGNISED, Action.RECOGNISE),
                (EntryStatus.RECOGNISED, Action.EXPIRE),
                (EntryStatus.RECOGNISED, Action.DROP),
            )
        ),
    )
)
# status → the actions the table allows from it (the import's check reads this view of the table)
ENTRY_TRANSITIONS: dict[str, tuple[str, ...]] = {
    status: tuple(t.action for t in ENTRY_MACHINE.transitions if t.source == status) for status in EntryStatus.values
}
# statuses that count as "recognised in that year" (an expired title was recognised; a dropped one is withdrawn)
COUNTED: tuple[str, ...] = (EntryStatus.RECOGNISED, EntryStatus.EXPIRED)
