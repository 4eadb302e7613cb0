"""Sending notifications: one row per recipient, and an e-mail after commit when EMAIL_HOST is configured."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scope import access_object

from .models import Notification

logger = logging.getLogger(__name__)


def notify(*, users: Iterable[Any], title: str, body: str = "", url: str = "", kind: str = "") -> list[Notification]:
    """Tell these users something: the bell shows it; with an SMTP server configured, an e-mail too (after commit)."""
    recipients = {u.pk: u for u in users if u is not None and u.is_active}
    rows = Notification.objects.bulk_create(
        [Notification(user_id=pk, title=title[:200], body=body, url=url, kind=kind) for pk in recipients]
    )
    if getattr(settings, "EMAIL_HOST", "") and rows:
        addresses = [u.email for u in recipients.values() if u.email]
        if addresses:
            transaction.on_commit(lambda: _send(title, body, url, addresses))
    return rows


def _send(title: str, body: str, url: str, addresses: list[str]) -> None:
    try:
        send_mail(title, f"{body}\n{url}".strip(), None, addresses, fail_silently=False)
    except OSError:  # an unreachable SMTP server must not undo the work; the bell still has the message
        logger.exception("notification e-mail failed")


@transaction.atomic
def notification_read(*, notification: Notification, actor: Any) -> Notification:
    """Mark one of the actor's messages read (opening it does this)."""
    notification = access_object(Notification, actor, notification.pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_read_all(*, actor: Any) -> int:
    """Mark all the actor's messages read."""
    return (
        Notification.objects.visible_to(actor).filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
    )


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


__all__ = ["_", "notification_read", "notifications_read_all", "notify", "unread_count"]
