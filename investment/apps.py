from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentConfig(AppConfig):
    """Investment promotion (招商引资, domain.md §11b): leads, visits and talks, signing into the key-project
    library, platforms (开发区, 园区, 特色小镇, 小微企业园) and the figures against the plan's targets."""

    name = "investment"
    verbose_name = "招商引资"

    def ready(self) -> None:
        from core import panels

        from . import sources  # noqa: F401  (registers the computed indicator sources)
        from .panels import project_origin

        panels.register(
            panels.Panel(
                model="projects.project",
                title=_("招商来源与平台"),
                template="investment/panel_project.html",
                context=project_origin,
                order=70,
                permission="investment.view_lead",
                sources=("investment.lead.project", "investment.projectplatform.project"),
                empty={"lead": None, "platform": None},
            )
        )
