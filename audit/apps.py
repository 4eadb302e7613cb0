from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The operation log: every historical record of every audited model, who/when/before/after."""

    name = "audit"
    verbose_name = "操作日志"

    def ready(self) -> None:
        from core.history import register_history_reader

        from .selectors import object_history

        register_history_reader(object_history)
