from django.apps import AppConfig


class AppealsConfig(AppConfig):
    """Enterprise requests (企业诉求, domain.md §10): filing, routing 属地为主、分级分办, deadlines, rating, figures."""

    name = "appeals"
    verbose_name = "企业诉求"

    def ready(self) -> None:
        from . import jobs, panels, tasks  # noqa: F401  (job kinds, the daily task, the enterprise panel)

        panels.register()
