"""The 系统 menu's last section: background jobs and the API docs (see accounts/navigation.py for the order)."""

from django.utils.translation import gettext_lazy as _

ORDER = 140
GROUP = "system"
MENU = (
    _("任务与接口"),
    [
        (_("后台任务"), "jobs:job_list", "jobs.view_job"),
        (_("API 文档"), "api_docs", "enterprises.view_enterprise"),
    ],
)
