"""The enterprise page's 梯度培育 panel: its titles over the years, the year's highest rung, moves up."""

from __future__ import annotations

from typing import Any

from . import selectors


def enterprise_ladder(enterprise: Any, user: Any) -> dict[str, Any]:
    return {"ladder": selectors.enterprise_ladder(enterprise, user)}
