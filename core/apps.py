from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared machinery: data scope, base views and viewsets, history helpers, Excel I/O."""

    name = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from . import tables
        from .filters import bound_number_filters

        bound_number_filters()
        tables.install()
