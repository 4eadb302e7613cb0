"""The enterprise page's panels: matched policies (each criterion met/missed), grants and payments."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from core import clock, panels

from .models import Disbursement, PolicyGrant
from .selectors import active_policies, policies_for


def matched_policies(enterprise: Any, user: Any) -> dict[str, Any]:
    matches = policies_for(enterprise, active_policies(clock.today()))
    return {"matches": [m for m in matches if m.matched][:20]}


def grants(enterprise: Any, user: Any) -> dict[str, Any]:
    rows = PolicyGrant.objects.visible_to(user).filter(enterprise=enterprise).select_related("policy")[:20]
    payments = Disbursement.objects.visible_to(user).filter(enterprise=enterprise).select_related("policy")[:20]
    return {"grants": list(rows), "payments": list(payments)}


def register() -> None:
    panels.register(panels.Panel(model="enterprises.enterprise", title=_("可享受的惠企政策"), template="policies/panel_matches.html",
                                 context=matched_policies, order=70, permission="policies.view_policy",
                                 sources=("policies.policy",), empty={"matches": []}))  # fmt: skip
    panels.register(panels.Panel(model="enterprises.enterprise", title=_("政策兑现与兑付"), template="policies/panel_grants.html",
                                 context=grants, order=71, permission="policies.view_policygrant",
                                 sources=("policies.policygrant.enterprise", "policies.disbursement.enterprise"),
                                 empty={"grants": [], "payments": []}))  # fmt: skip
