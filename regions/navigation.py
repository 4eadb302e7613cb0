"""The 系统 menu's organisation section: regions and departments (after users and roles; see accounts/navigation.py)."""

from django.utils.translation import gettext_lazy as _

ORDER = 110
GROUP = "system"
MENU = (
    _("组织"),
    [
        (_("地区"), "regions:region_list", "regions.view_region"),
        (_("部门"), "regions:department_list", "regions.view_department"),
    ],
)
