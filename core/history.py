"""Attributable writes: every change to domain data records who, when, before and after.

Single-object saves get their history from django-simple-history's `HistoricalRecords`
(the service sets `_history_user` and `_change_reason`). Bulk writes (imports) must go through
these helpers so that each row gets a history record naming the actor and the reason too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import models
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

M = TypeVar("M", bound=models.Model)


def stamp(obj: models.Model, *, actor: Any, reason: str = "") -> None:
    """Mark the next save of `obj` with the actor and reason for its history record."""
    obj._history_user = actor  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]


def bulk_create_audited(
    model: type[M], objs: Sequence[M], *, actor: Any, reason: str, batch_size: int = 2000
) -> list[M]:
    """Insert many rows and one history record per row ("+", actor, reason)."""
    return list(
        bulk_create_with_history(
            list(objs), model, batch_size=batch_size, default_user=actor, default_change_reason=reason
        )
    )


def bulk_update_audited(
    model: type[M],
    objs: Sequence[M],
    fields: Sequence[str],
    *,
    actor: Any,
    reason: str,
    batch_size: int = 2000,
) -> int:
    """Update many rows and add one history record per row ("~"), so before/after stay visible."""
    if not objs:
        return 0
    return bulk_update_with_history(
        list(objs),
        model,
        list(fields),
        batch_size=batch_size,
        default_user=actor,
        default_change_reason=reason,
    )
