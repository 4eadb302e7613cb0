"""The library's panel on the one-enterprise view (domain.md §2): the enterprise's projects (该企业的项目)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from core import panels


def enterprise_projects(enterprise: Model, user: Any) -> dict[str, Any]:
    from .selectors import enterprise_projects as select

    return {"projects": list(select(enterprise, user)[:50])}


def register() -> None:
    panels.register(
        panels.Panel(
            model="enterprises.enterprise",
            title=_("该企业的项目"),
            template="projects/panel_enterprise_projects.html",
            context=enterprise_projects,
            order=40,
            permission="projects.view_project",
            sources=("projects.project.enterprise",),
            empty={"projects": []},
        )
    )
