"""The 组织 menu: regions and departments (shown after the domain menus)."""

from django.utils.translation import gettext_lazy as _

ORDER = 100
GROUP = "system"
MENU = (
    _("组织"),
    [
        (_("地区"), "regions:region_list", "regions.view_region"),
        (_("部门"), "regions:department_list", "regions.view_department"),
    ],
)
