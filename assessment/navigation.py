"""The 考核与督查 menu: scoring schemes, results, department duties and their quarterly progress."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ORDER = 40
GROUP = "reports"
MENU = (
    pgettext_lazy("menu", "考核与督查"),
    [
        (_("考核方案"), "assessment:scoringscheme_list", "assessment.view_scoringscheme"),
        (_("考核结果"), "assessment:assessmentresult_list", "assessment.view_assessmentresult"),
        (_("部门责任"), "assessment:duty_list", "assessment.view_duty"),
        (_("季度进展"), "assessment:dutyprogress_list", "assessment.view_dutyprogress"),
        (_("季度督查"), "assessment:laggard_list", "assessment.view_dutyprogress"),
    ],
)
