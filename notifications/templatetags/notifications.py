"""`{% notification_bell %}`: the bell with the unread count in the page header."""

from __future__ import annotations

from typing import Any

from django import template

from ..services import unread_count

register = template.Library()


@register.inclusion_tag("notifications/bell.html", takes_context=True)
def notification_bell(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    return {"unread": unread_count(user), "show": getattr(user, "is_authenticated", False)}
