from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    """Key projects (重点项目): the library, lifecycle nodes, stars, monthly updates, rates, flags and problems (domain.md §6)."""

    name = "projects"
    verbose_name = "重点项目"
