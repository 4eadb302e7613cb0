"""The enterprise page's panel of its requests (core.panels: enterprises does not import this app)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from core import panels

from .models import Appeal


def enterprise_appeals(enterprise: Any, user: Any) -> dict[str, Any]:
    rows = Appeal.objects.visible_to(user).filter(enterprise=enterprise).select_related("category")[:10]
    return {"appeals": list(rows)}


def register() -> None:
    panels.register(
        panels.Panel(
            model="enterprises.enterprise",
            title=_("企业诉求"),
            template="appeals/panel_enterprise.html",
            context=enterprise_appeals,
            order=60,
            permission="appeals.view_appeal",
            sources=("appeals.appeal.enterprise",),
            empty={"appeals": []},
        )
    )
