"""Entering a year's holiday arrangement (the city admin, from the State Council's notice)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from core.services import create_audited, delete_audited, update_audited

from .models import HolidayDay, HolidayYear

YEAR_FIELDS = ("year", "source")
DAY_FIELDS = ("holiday_year", "date", "kind", "name")


def holidayyear_create(*, data: Mapping[str, Any], actor: Any) -> HolidayYear:
    """Enter a year: from now on its days are the admin's, not the library's (add its days next)."""
    return create_audited(HolidayYear, data=data, fields=YEAR_FIELDS, actor=actor, reason=_("录入节假日安排"))


def holidayyear_update(*, holidayyear: HolidayYear, data: Mapping[str, Any], actor: Any) -> HolidayYear:
    return update_audited(holidayyear, data=data, fields=YEAR_FIELDS, actor=actor, reason=_("修改节假日安排"))


def holidayyear_delete(*, holidayyear: HolidayYear, actor: Any) -> None:
    """Remove an entered year: the library's days apply again (or the year becomes unknown)."""
    delete_audited(holidayyear, actor=actor, reason=_("删除节假日安排"))


def holidayday_create(*, data: Mapping[str, Any], actor: Any) -> HolidayDay:
    return create_audited(HolidayDay, data=data, fields=DAY_FIELDS, actor=actor, reason=_("录入节假日"))


def holidayday_update(*, holidayday: HolidayDay, data: Mapping[str, Any], actor: Any) -> HolidayDay:
    return update_audited(holidayday, data=data, fields=DAY_FIELDS, actor=actor, reason=_("修改节假日"))


def holidayday_delete(*, holidayday: HolidayDay, actor: Any) -> None:
    delete_audited(holidayday, actor=actor, reason=_("删除节假日"))
