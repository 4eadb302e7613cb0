from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChainsConfig(AppConfig):
    """Industrial chains (产业链, domain.md §11): 双链长, segments, enterprises and 链主, 断链断供 risks, 供需对接."""

    name = "chains"
    verbose_name = "产业链"

    def ready(self) -> None:
        from core import panels

        from . import jobs  # noqa: F401  (registers the import job kinds)
        from .panels import enterprise_chains

        panels.register(
            panels.Panel(
                model="enterprises.enterprise",
                title=_("产业链"),
                template="chains/panel_enterprise.html",
                context=enterprise_chains,
                order=60,
                permission="chains.view_chainenterprise",
                sources=("chains.chainenterprise.enterprise",),
                empty={"rows": []},
            )
        )
