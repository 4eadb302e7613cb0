from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TiersConfig(AppConfig):
    """梯度培育: titles as data with a ladder, the libraries per year, recognition lists, 小升规 (domain.md §9)."""

    name = "tiers"
    verbose_name = "梯度培育"

    def ready(self) -> None:
        from core import panels

        from . import jobs, sources, tasks  # noqa: F401  (the job kinds, the computed sources, the daily expiry)
        from .panels import enterprise_ladder

        panels.register(
            panels.Panel(
                model="enterprises.enterprise",
                title=_("梯度培育"),
                template="tiers/panel_enterprise.html",
                context=enterprise_ladder,
                order=50,
                permission="tiers.view_tierentry",
                sources=("tiers.tierentry.enterprise",),
                empty={"ladder": []},
            )
        )
