"""The accounts app's panel on the one-enterprise view: the enterprise's own user accounts."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from core import panels

from .models import User


def enterprise_users(enterprise: Model, user: Any) -> dict[str, Any]:
    return {"users": list(User.objects.visible_to(user).filter(enterprise=enterprise).order_by("username"))}


def register() -> None:
    panels.register(
        panels.Panel(
            model="enterprises.enterprise",
            title=_("企业账号"),
            template="accounts/panel_enterprise_users.html",
            context=enterprise_users,
            order=90,
            permission="accounts.view_user",
            sources=("accounts.user.enterprise",),
            empty={"users": []},
        )
    )
