"""The reporting calendar as pure functions: month labels, default deadlines, lateness, due months.

January is reported together with February (1—2月), so a year has the report months 2..12.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

REPORT_MONTHS = tuple(range(2, 13))


def month_label(year: int, month: int) -> str:
    """2019, 2 → 2019年1—2月; 2019, 5 → 2019年1—5月 (YTD reports are labelled by their span)."""
    return _("%(year)d年1—%(month)d月") % {"year": year, "month": month}


def default_deadline(year: int, month: int, *, day: int) -> dt.date:
    """Day `day` of the month after the report month (12 → January of the next year)."""
    if month == 12:
        return dt.date(year + 1, 1, day)
    return dt.date(year, month + 1, day)


def submitted_late(submitted_at: dt.datetime | None, deadline: dt.date | None) -> bool:
    """Late when submitted after the end of the deadline day, in local time."""
    if submitted_at is None or deadline is None:
        return False
    return timezone.localtime(submitted_at).date() > deadline


def due_month(today: dt.date) -> tuple[int, int] | None:
    """The report month due in the month of `today`: the previous month, none in February (1—2月 is due in March)."""
    if today.month == 1:
        return today.year - 1, 12
    if today.month == 2:
        return None
    return today.year, today.month - 1


def previous_report_month(year: int, month: int) -> tuple[int, int] | None:
    """The report before (year, month) in the same year, for the YTD-does-not-decrease check; none for 1—2月."""
    if month <= 2:
        return None
    return year, month - 1
