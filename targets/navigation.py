"""The 目标任务 menu: plans, their import, targets and indicators."""

from django.utils.translation import gettext_lazy as _

ORDER = 20
GROUP = "reports"
MENU = (
    _("目标任务"),
    [
        (_("目标任务计划"), "targets:plan_list", "targets.view_plan"),
        (_("导入分解表"), "targets:plan_import", "targets.add_plan"),
        (_("目标"), "targets:target_list", "targets.view_target"),
        (_("指标"), "targets:indicator_list", "targets.view_indicator"),
    ],
)
