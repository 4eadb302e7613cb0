"""The enterprise page's 亩均 panel: the latest result the user may see, explained."""

from __future__ import annotations

from typing import Any

from . import selectors


def enterprise_result(enterprise: Any, user: Any) -> dict[str, Any]:
    result = selectors.latest_result(enterprise, user)
    if result is None:
        return {"result": None}
    return {"result": result, "explanation": selectors.result_explanation(result)}
