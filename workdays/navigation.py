"""The calendar's menu entry (under 系统 data the city admin keeps)."""

from django.utils.translation import gettext_lazy as _

ORDER = 100
GROUP = "system"
MENU = (
    _("节假日"),
    [
        (_("节假日安排"), "workdays:holidayyear_list", "workdays.change_holidayyear"),
        (_("节假日"), "workdays:holidayday_list", "workdays.change_holidayday"),
    ],
)
