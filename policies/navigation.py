"""The 惠企政策 menu."""

from django.utils.translation import gettext_lazy as _

GROUP = "services"
MENU = (
    _("惠企政策"),
    [
        (_("政策库"), "policies:policy_list", "policies.view_policy"),
        (_("我的可享政策"), "policies:my_policies", "policies.add_policygrant"),
        (_("政策申报与兑现"), "policies:policygrant_list", "policies.view_policygrant"),
        (_("资金兑付"), "policies:disbursement_list", "policies.view_disbursement"),
        (_("兑现统计"), "policies:figures", "policies.view_policygrant"),
        (_("政策条件"), "policies:policycriterion_list", "policies.change_policycriterion"),
    ],
)
