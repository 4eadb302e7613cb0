"""The 产业链 menu: chains, enterprises on them, 补链 targets, risks, supply–demand events."""

from django.utils.translation import gettext_lazy as _

GROUP = "chains"
MENU = (
    _("产业链"),
    [
        (_("产业链"), "chains:chain_list", "chains.view_chain"),
        (_("链上企业"), "chains:chainenterprise_list", "chains.view_chainenterprise"),
        (_("导入链上企业"), "chains:chainenterprise_import", "chains.add_chainenterprise"),
        (_("补链目标"), "chains:gap_list", "chains.view_chain"),
        (_("断链断供风险"), "chains:chainrisk_list", "chains.view_chainrisk"),
        (_("供需对接活动"), "chains:supplydemandevent_list", "chains.view_supplydemandevent"),
        (_("产业链环节"), "chains:segment_list", "chains.change_segment"),
    ],
)
