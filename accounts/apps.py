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
