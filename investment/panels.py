"""The investment panel on the key-project page: the lead the project was signed from, and its platform."""

from __future__ import annotations

from typing import Any

from .models import Lead, ProjectPlatform


def project_origin(project: Any, user: Any) -> dict[str, Any]:
    lead = Lead.objects.visible_to(user).filter(project=project).first()  # type: ignore[attr-defined]
    link = ProjectPlatform.objects.visible_to(user).filter(project=project).select_related("platform").first()  # type: ignore[attr-defined]
    return {"lead": lead, "platform": link.platform if link else None}
