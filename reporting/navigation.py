"""The 月报 menu: the month's submission overview and the reports."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ORDER = 25
GROUP = "reports"
MENU = (
    pgettext_lazy("menu", "月报"),
    [
        (_("报送情况"), "reporting:month_overview", "reporting.view_monthlyreport"),
        (_("月报"), "reporting:monthlyreport_list", "reporting.view_monthlyreport"),
    ],
)
