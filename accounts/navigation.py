"""The 系统 menu's first section: users and roles. The menu runs as an administrator works through it: who may
sign in and what they may do (here), the organisation (regions), settings (workdays' holidays), the operation
log (audit), then background jobs and the API docs (jobs)."""

from django.utils.translation import gettext_lazy as _

ORDER = 100
GROUP = "system"
MENU = (
    _("用户与角色"),
    [
        (_("用户"), "accounts:user_list", "accounts.view_user"),
        (_("角色与权限"), "accounts:role_list", "auth.change_group"),
    ],
)
