"""The 系统 menu: users, roles, the operation log, background jobs and the API docs (last)."""

from django.utils.translation import gettext_lazy as _

ORDER = 100
GROUP = "system"
MENU = (
    _("账号与日志"),
    [
        (_("用户"), "accounts:user_list", "accounts.view_user"),
        (_("角色与权限"), "accounts:role_list", "auth.change_group"),
        (_("操作日志"), "audit:operation_log", "accounts.view_operation_log"),
        (_("后台任务"), "jobs:job_list", "jobs.view_job"),
        (_("API 文档"), "api_docs", "enterprises.view_enterprise"),
    ],
)
