"""The chains panel on the enterprise page: the segments and roles of the enterprise on every chain."""

from __future__ import annotations

from typing import Any

from .models import ChainEnterprise


def enterprise_chains(enterprise: Any, user: Any) -> dict[str, Any]:
    rows = ChainEnterprise.objects.visible_to(user).filter(enterprise=enterprise).select_related("chain", "segment")  # type: ignore[attr-defined]
    return {"rows": list(rows)}
