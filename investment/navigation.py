"""The 招商引资 menu: leads, the visit log, figures, platforms, targets and exchange rates."""

from django.utils.translation import gettext_lazy as _

GROUP = "chains"
MENU = (
    _("招商引资"),
    [
        (_("招商项目"), "investment:lead_list", "investment.view_lead"),
        (_("走访洽谈记录"), "investment:leadvisit_list", "investment.view_leadvisit"),
        (_("招商引资统计"), "investment:figures", "investment.view_lead"),
        (_("平台"), "investment:platform_list", "investment.view_platform"),
        (_("项目所在平台"), "investment:projectplatform_list", "investment.view_projectplatform"),
        (_("招商目标"), "investment:signingtarget_list", "investment.view_signingtarget"),
        (_("美元汇率"), "investment:exchangerate_list", "investment.change_exchangerate"),
    ],
)
