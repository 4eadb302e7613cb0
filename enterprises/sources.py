"""Computed indicator sources of the enterprise register (core/sources.py registry, domain.md §2, §4).

Counted as the register stood at the month's end, from its history (core/asof.py): an enterprise that moved
to another unit later counts where it was; one that became 规上 in a later month does not count yet.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.asof import count_as_of, month_end
from core.sources import register_source

from .choices import SizeClass
from .models import Enterprise


def enterprises_above_size(region: Any, year: int, month: int) -> Decimal:
    """规上工业企业数: the above-designated-size enterprises of the unit (its subtree) at the month's end."""
    condition = Q(region__path__startswith=region.path, size_class=SizeClass.ABOVE)
    return Decimal(count_as_of(Enterprise, month_end(year, month), condition))


def enterprises_all(region: Any, year: int, month: int) -> Decimal:
    """工业企业数 (企业库): every enterprise registered in the unit (its subtree) at the month's end."""
    return Decimal(count_as_of(Enterprise, month_end(year, month), Q(region__path__startswith=region.path)))


def enterprises_above_size_naive(region: Any, year: int, month: int) -> Decimal:
    """The per-row way (benchmark reference): each enterprise's latest record before the cut-off, one query each."""
    cutoff = month_end(year, month)
    count = 0
    for enterprise in Enterprise.objects.all():
        state = enterprise.history.filter(history_date__lt=cutoff).order_by("-history_id").first()
        state = state or enterprise.history.order_by("history_id").first()
        if state.size_class == SizeClass.ABOVE and state.region.path.startswith(region.path):
            count += 1
    return Decimal(count)


register_source("enterprises_above_size", _("企业库：规上工业企业数"), enterprises_above_size)
register_source("enterprises_all", _("企业库：工业企业数"), enterprises_all)
