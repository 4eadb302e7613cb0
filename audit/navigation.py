"""The 系统 menu's operation log (after users, organisation and settings; see accounts/navigation.py)."""

from django.utils.translation import gettext_lazy as _

ORDER = 130
GROUP = "system"
MENU = (
    _("审计"),
    [
        (_("操作日志"), "audit:operation_log", "accounts.view_operation_log"),
    ],
)
