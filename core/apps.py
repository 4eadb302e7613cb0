from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared machinery: data scope, base views and viewsets, history helpers, Excel I/O."""

    name = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import tables
        from .filters import bound_number_filters
        from .middleware import SessionRefreshMiddleware

        bound_number_filters()
        tables.install()
        user_logged_in.connect(SessionRefreshMiddleware.stamp_login, dispatch_uid="core.session_refresh")
