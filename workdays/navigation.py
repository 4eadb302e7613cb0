"""The 系统 menu's settings section: the holiday calendar (after the organisation, before the operation log)."""

from django.utils.translation import gettext_lazy as _

ORDER = 120
GROUP = "system"
MENU = (
    _("节假日"),
    [
        (_("节假日安排"), "workdays:holidayyear_list", "workdays.change_holidayyear"),
        (_("节假日"), "workdays:holidayday_list", "workdays.change_holidayday"),
    ],
)
