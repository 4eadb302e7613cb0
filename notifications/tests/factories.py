"""Notifications belong to their recipient (owner), like jobs."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from notifications.models import Notification
from regions.models import Region
from tests.factories import MatrixFactory, UserFactory


def _notification_in(region: Region, user: Any) -> Notification:
    return Notification.objects.create(
        user=user if user is not None else UserFactory(region=region), title="诉求即将到期"
    )


FACTORIES = {Notification: MatrixFactory(build=_notification_in, owner_of=attrgetter("user"))}
