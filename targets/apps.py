from django.apps import AppConfig


class TargetsConfig(AppConfig):
    """Plans, indicators and targets (目标任务): the notices' decomposition tables, imported from Word or Excel."""

    name = "targets"
    verbose_name = "目标任务"

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the import job kind)
