"""The 企业库 menu: enterprises, their import, tags and the industry classification."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ORDER = 10
GROUP = "services"
MENU = (
    pgettext_lazy("menu", "企业库"),
    [
        (_("企业"), "enterprises:enterprise_list", "enterprises.view_enterprise"),
        (_("导入企业"), "enterprises:enterprise_import", "enterprises.add_enterprise"),
        (_("企业标签"), "enterprises:tag_list", "enterprises.view_tag"),
        (_("国民经济行业"), "enterprises:industry_list", "enterprises.view_industry"),
    ],
)
