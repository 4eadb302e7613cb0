"""Bulletins' to-do items (core/todo.py): drafts to publish for the city, the latest bulletin for leaders.

Two queries at most: the count of drafts, the newest published version.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.todo import INFO, WARNING, TodoItem

from .choices import VersionStatus
from .models import BulletinVersion
from .services import PERM_PUBLISH


def bulletins_todo(user: Any, today: dt.date) -> list[TodoItem]:
    if not user.has_perm("bulletins.view_bulletin"):
        return []
    items: list[TodoItem] = []
    versions = BulletinVersion.objects.visible_to(user)
    if user.has_perm(PERM_PUBLISH):
        drafts = versions.filter(status=VersionStatus.DRAFT).count()
        if drafts:
            url = reverse("bulletins:bulletinversion_list") + "?status=draft"
            items.append(TodoItem(_("待发布的通报"), drafts, url, WARNING, nav="bulletins:bulletin_list"))
    if user.role == Role.LEADER:
        latest = (
            versions.filter(status=VersionStatus.PUBLISHED)
            .select_related("bulletin")
            .order_by("-published_at", "-pk")
            .first()
        )
        if latest is not None:
            items.append(TodoItem(_("最新通报"), 1, latest.get_absolute_url(), INFO, detail=latest.bulletin.title))
    return items


PROVIDERS = [bulletins_todo]
