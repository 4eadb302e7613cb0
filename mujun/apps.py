from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MujunConfig(AppConfig):
    """亩均 evaluation: yearly enterprise data, rule sets, the A/B/C/D run, objections, prices and rectification (domain.md §7)."""

    name = "mujun"
    verbose_name = "亩均评价"

    def ready(self) -> None:
        from core import panels

        from . import jobs  # noqa: F401  (registers the job kinds)
        from .panels import enterprise_result

        panels.register(
            panels.Panel(
                model="enterprises.enterprise",
                title=_("亩均评价"),
                template="mujun/panel_enterprise.html",
                context=enterprise_result,
                order=40,
                permission="mujun.view_evaluationresult",
            )
        )
