from django.utils.translation import gettext_lazy as _

GROUP = "cultivation"
MENU = (
    _("梯度培育"),
    [
        (_("培育库"), "tiers:tierentry_list", "tiers.view_tierentry"),
        (_("培育统计"), "tiers:counts", "tiers.view_tierentry"),
        (_("即将到期认定"), "tiers:ending", "tiers.view_tierentry"),
        (_("导入认定名单"), "tiers:tierentry_import", "tiers.add_tierentry"),
        (_("小升规识别"), "tiers:small_to_above", "tiers.add_tierentry"),
        (_("培育称号"), "tiers:title_list", "tiers.view_title"),
    ],
)
