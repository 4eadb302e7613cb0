"""The 月度监测 menu: the dashboard and the warning thresholds."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ORDER = 30
GROUP = "reports"
MENU = (
    pgettext_lazy("menu", "月度监测"),
    [
        (_("监测看板"), "monitoring:index", "monitoring.view_monitoring"),
        (_("预警阈值"), "monitoring:warningthreshold_list", "monitoring.view_warningthreshold"),
    ],
)
