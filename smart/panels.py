"""The enterprise page's 智能化改造 panel: its diagnoses, demonstrations and equipment figures."""

from __future__ import annotations

from typing import Any

from .models import Demonstration, Diagnosis, EquipmentFigure


def enterprise_smart(enterprise: Any, user: Any) -> dict[str, Any]:
    return {
        "diagnoses": list(
            Diagnosis.objects.visible_to(user).filter(enterprise=enterprise).select_related("company")[:10]
        ),
        "demonstrations": list(Demonstration.objects.visible_to(user).filter(enterprise=enterprise)[:10]),
        "figures": list(EquipmentFigure.objects.visible_to(user).filter(enterprise=enterprise)[:5]),
    }


def company_work(company: Any, user: Any) -> dict[str, Any]:
    """A service company's page: its diagnoses (pilots marked) and demonstrations in the user's scope."""
    return {
        "diagnoses": list(Diagnosis.objects.visible_to(user).filter(company=company).select_related("enterprise")[:20]),
        "demonstrations": list(
            Demonstration.objects.visible_to(user).filter(company=company).select_related("enterprise")[:20]
        ),
    }
