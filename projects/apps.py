from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    """Key projects (重点项目): the library, lifecycle nodes, stars, monthly updates, rates, flags and problems (domain.md §6)."""

    name = "projects"
    verbose_name = "重点项目"

    def ready(self) -> None:
        from . import panels

        panels.register()
        # Job kinds and periodic tasks register themselves when their modules load.
        for module in ("projects.jobs", "projects.tasks", "projects.schedule", "projects.sources"):
            if find_spec(module) is not None:
                import_module(module)
