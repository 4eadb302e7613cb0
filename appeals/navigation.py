"""The 企业诉求 menu."""

from django.utils.translation import gettext_lazy as _

GROUP = "services"
MENU = (
    _("企业诉求"),
    [
        (_("诉求列表"), "appeals:appeal_list", "appeals.view_appeal"),
        (_("登记诉求"), "appeals:appeal_add", "appeals.add_appeal"),
        (_("导入热线诉求"), "appeals:hotline_import", "appeals.add_appeal"),
        (_("诉求办理统计"), "appeals:figures", "appeals.view_appeal"),
        (_("流转记录"), "appeals:appealhop_list", "appeals.view_appealhop"),
        (_("诉求类别"), "appeals:appealcategory_list", "appeals.change_appealcategory"),
    ],
)
