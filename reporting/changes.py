"""A report's figure log (issue #12): who changed which indicator's figure, when, from what to what, each figure
in its row's unit by the one rule (628405.82 万元, 20.0 %, 135 家), never a raw Decimal or a field name.

The figures' history is django-simple-history's (every save and upload writes it, `bulk_*_audited`); this reads
all of one report's records in one query and pairs each with the one before it of the same figure row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from audit.selectors import Change, LogEntry
from core.figures import format_figure
from targets.choices import IndicatorKind
from targets.models import Indicator

from .models import MonthlyReport, ReportValue
from .validation import FIELD_LABELS, FIELDS, NUMBER_FIELDS


def figure_unit(indicator: Indicator, name: str) -> str:
    """The unit a stored figure is in: the row's unit, except a share's parts and a growth rate's amounts, which
    are the underlying amounts (no stated unit; domain.md §4)."""
    if name in ("numerator", "denominator"):
        return ""
    if indicator.kind == IndicatorKind.GROWTH_RATE:
        return ""
    return indicator.storage_unit


def figure_text(indicator: Indicator, name: str, value: Any) -> str | None:
    """A figure of a report row as the log shows it (None for no figure)."""
    if value in (None, ""):
        return None
    if name in NUMBER_FIELDS:
        return format_figure(Decimal(str(value)), figure_unit(indicator, name), with_unit=True)
    return str(value)


def figure_changes(records: Iterable[Any], indicators: Mapping[int, Indicator], *, limit: int = 50) -> list[LogEntry]:
    """The changes of history records (oldest first per row), newest first: each record against the row's
    previous record, only the fields that changed (pure: no queries beyond the records given)."""
    previous: dict[int, Any] = {}
    entries = []
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        indicator = indicators.get(record.indicator_id)
        if indicator is None:
            continue
        changes = []
        for name in FIELDS:
            old = None if before is None or record.history_type == "+" else getattr(before, name)
            new = None if record.history_type == "-" else getattr(record, name)
            if (old or None) == (new or None):
                continue
            changes.append(
                Change(str(FIELD_LABELS[name]), figure_text(indicator, name, old), figure_text(indicator, name, new))
            )
        if changes:
            entries.append(
                LogEntry(
                    model=ReportValue,
                    object_id=record.id,
                    object_repr=indicator.name,
                    history_id=record.history_id,
                    date=record.history_date,
                    type=record.history_type,
                    user=record.history_user,
                    reason=record.history_change_reason or "",
                    changes=changes,
                )
            )
    entries.sort(key=lambda e: (e.date, e.history_id), reverse=True)
    return entries[:limit]


def report_figure_log(report: MonthlyReport, indicators: Mapping[int, Indicator], *, limit: int = 50) -> list[LogEntry]:
    """The figure log of one report: one query for every record of its rows (and their users)."""
    records = (
        ReportValue.history.filter(report_id=report.pk)  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    return figure_changes(records, indicators, limit=limit)
