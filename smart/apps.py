from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmartConfig(AppConfig):
    """智能化技术改造: service companies, diagnoses, demonstrations, subsidies, equipment figures (domain.md §8)."""

    name = "smart"
    verbose_name = "智能化改造"

    def ready(self) -> None:
        from core import panels

        from . import jobs, sources  # noqa: F401  (register the job kinds and the computed sources)
        from .panels import company_work, enterprise_smart

        panels.register(
            panels.Panel(
                model="enterprises.enterprise",
                title=_("智能化改造"),
                template="smart/panel_enterprise.html",
                context=enterprise_smart,
                order=55,
                permission="smart.view_diagnosis",
                sources=(
                    "smart.diagnosis.enterprise",
                    "smart.demonstration.enterprise",
                    "smart.equipmentfigure.enterprise",
                ),
                empty={"diagnoses": [], "demonstrations": [], "figures": []},
            )
        )
        panels.register(
            panels.Panel(
                model="smart.servicecompany",
                title=_("诊断与试点"),
                template="smart/panel_company.html",
                context=company_work,
                order=10,
                permission="smart.view_diagnosis",
            )
        )
