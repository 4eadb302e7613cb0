"""Signal receivers of the accounts app."""

from __future__ import annotations

from typing import Any

from django.utils import timezone


def update_last_login_without_history(sender: Any, user: Any, **kwargs: Any) -> None:
    """Django's update_last_login, without a history record (simple-history honours this flag)."""
    user.last_login = timezone.now()
    user.skip_history_when_saving = True
    try:
        user.save(update_fields=["last_login"])
    finally:
        del user.skip_history_when_saving
