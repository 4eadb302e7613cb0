from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background jobs: a Job record that pages poll, run by Huey workers."""

    name = "jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        from . import exports  # noqa: F401  (register the export job kind)
