"""亩均 rule sets (indicators, industry overrides, bonus/penalty items), price rules and the veto/protection lists."""

from __future__ import annotations

from typing import Any

from core.views import ObjectDetailView

from .. import forms, services
from ..choices import RuleSetStatus
from ..filtersets import (
    PriceRuleFilterSet,
    RuleSetFilterSet,
)
from ..models import (
    IndustryOverride,
    PriceRule,
    RuleIndicator,
    RuleItem,
    RuleSet,
)
from ..tables import (
    PriceRuleTable,
    RuleSetTable,
)
from .base import ActionView, RulePartViews, SimpleViews

# --- rules and prices ---------------------------------------------------------------------------------


class RuleSetDetailView(ObjectDetailView):
    model = RuleSet
    template_name = "mujun/ruleset_detail.html"
    fields = ("name", "year", "group", "version", "status", "based_on", "cut_a", "cut_b", "cut_c",
              "ties_share_better", "rectify_tax_per_mu", "rectify_land_mu", "note")  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        rs = self.object
        ctx["indicators"] = rs.indicators.all()
        ctx["overrides"] = rs.overrides.select_related("industry")
        ctx["items"] = rs.items.all()
        # a draft's parts are edited here; a frozen (used) rule set is revised into a new draft instead
        ctx["can_change"] = self.request.user.has_perm("mujun.change_ruleset") and rs.status == RuleSetStatus.DRAFT
        return ctx


class RuleSetViews(SimpleViews):
    model = RuleSet
    table_class = RuleSetTable
    filterset_class = RuleSetFilterSet
    form_class = forms.RuleSetForm
    detail_view = RuleSetDetailView


class RuleIndicatorViews(RulePartViews):
    model = RuleIndicator
    form_class = forms.RuleIndicatorForm


class IndustryOverrideViews(RulePartViews):
    model = IndustryOverride
    form_class = forms.IndustryOverrideForm


class RuleItemViews(RulePartViews):
    model = RuleItem
    form_class = forms.RuleItemForm


class RuleSetReviseView(ActionView):
    permission_required = "mujun.add_ruleset"
    model = RuleSet
    service = services.rule_set_revise
    service_kwarg = "rule_set"


class PriceRuleViews(SimpleViews):
    model = PriceRule
    table_class = PriceRuleTable
    filterset_class = PriceRuleFilterSet
    form_class = forms.PriceRuleForm
    fields = ("year", "klass", "resource", "surcharge", "consecutive_years", "consecutive_surcharge")
