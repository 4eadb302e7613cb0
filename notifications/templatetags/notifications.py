"""`{% notification_bell %}`: the bell in the page header; its unread count is fetched after the page is drawn
(static/jingxin/app.js, `/api/notifications/unread-count/`), so no page pays a query for it."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("notifications/bell.html", takes_context=True)
def notification_bell(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    return {"show": getattr(user, "is_authenticated", False)}
