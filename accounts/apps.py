from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    """Users, their region/department/enterprise, and roles as permission sets."""

    name = "accounts"
    verbose_name = "用户与角色"

    def ready(self) -> None:
        from . import panels
        from .roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
        panels.register()

        # A login stamps last_login; that is not a change of the user's data, so it must not add
        # an (empty) entry to the operation log. Replace Django's receiver with one that skips history.
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        from .signals import update_last_login_without_history

        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(update_last_login_without_history, dispatch_uid="accounts.update_last_login")
