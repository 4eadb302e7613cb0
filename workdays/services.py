"""Entering a year's holiday arrangement (the city admin, from the State Council's notice)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.history import stamp
from core.services import require_perm

from .models import HolidayDay, HolidayYear

YEAR_FIELDS = ("year", "source")
DAY_FIELDS = ("holiday_year", "date", "kind", "name")


def _assign(obj: Any, data: Mapping[str, Any], fields: tuple[str, ...]) -> list[str]:
    changed = []
    for name in fields:
        if name in data and (obj.pk is None or getattr(obj, name) != data[name]):
            setattr(obj, name, data[name])
            changed.append(name)
    return changed


def _save(obj: Any, *, actor: Any, reason: str, changed: list[str] | None = None) -> None:
    obj.full_clean()
    stamp(obj, actor=actor, reason=reason)
    if changed is None:
        obj.save()
    elif changed:
        obj.save(update_fields=[*changed, "updated_at"])


@transaction.atomic
def holidayyear_create(*, data: Mapping[str, Any], actor: Any) -> HolidayYear:
    """Enter a year: from now on its days are the admin's, not the library's (add its days next)."""
    require_perm(actor, "workdays.add_holidayyear")
    year = HolidayYear()
    _assign(year, data, YEAR_FIELDS)
    _save(year, actor=actor, reason=_("录入节假日安排"))
    return year


@transaction.atomic
def holidayyear_update(*, holidayyear: HolidayYear, data: Mapping[str, Any], actor: Any) -> HolidayYear:
    require_perm(actor, "workdays.change_holidayyear")
    changed = _assign(holidayyear, data, YEAR_FIELDS)
    _save(holidayyear, actor=actor, reason=_("修改节假日安排"), changed=changed)
    return holidayyear


@transaction.atomic
def holidayyear_delete(*, holidayyear: HolidayYear, actor: Any) -> None:
    """Remove an entered year: the library's days apply again (or the year becomes unknown)."""
    require_perm(actor, "workdays.delete_holidayyear")
    stamp(holidayyear, actor=actor, reason=_("删除节假日安排"))
    holidayyear.delete()


@transaction.atomic
def holidayday_create(*, data: Mapping[str, Any], actor: Any) -> HolidayDay:
    require_perm(actor, "workdays.add_holidayday")
    day = HolidayDay()
    _assign(day, data, DAY_FIELDS)
    _save(day, actor=actor, reason=_("录入节假日"))
    return day


@transaction.atomic
def holidayday_update(*, holidayday: HolidayDay, data: Mapping[str, Any], actor: Any) -> HolidayDay:
    require_perm(actor, "workdays.change_holidayday")
    changed = _assign(holidayday, data, DAY_FIELDS)
    _save(holidayday, actor=actor, reason=_("修改节假日"), changed=changed)
    return holidayday


@transaction.atomic
def holidayday_delete(*, holidayday: HolidayDay, actor: Any) -> None:
    require_perm(actor, "workdays.delete_holidayday")
    stamp(holidayday, actor=actor, reason=_("删除节假日"))
    holidayday.delete()
