from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

GROUP = "mujun"
MENU = (
    pgettext_lazy("menu", "亩均评价"),
    [
        (_("评价批次"), "mujun:evaluationrun_list", "mujun.view_evaluationrun"),
        (_("评价结果"), "mujun:evaluationresult_list", "mujun.view_evaluationresult"),
        (_("评价异议"), "mujun:objection_list", "mujun.view_objection"),
        (_("亩均年度数据"), "mujun:enterpriseyeardata_list", "mujun.view_enterpriseyeardata"),
        (_("否决与保护名单"), "mujun:listentry_list", "mujun.view_listentry"),
        (_("评价规则"), "mujun:ruleset_list", "mujun.view_ruleset"),
        (_("差别化价格"), "mujun:pricerule_list", "mujun.view_pricerule"),
        (_("高耗低效整治"), "mujun:rectification_list", "mujun.view_rectification"),
    ],
)
