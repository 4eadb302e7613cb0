from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared machinery: data scope, base views and viewsets, history helpers, Excel I/O."""

    name = "core"
    verbose_name = "核心"
