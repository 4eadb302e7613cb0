"""The navigation: one entry per module, shown when the user may view what it leads to."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# (title, [(label, url name, permission)])
NAVIGATION = [
    (
        pgettext_lazy("menu", "企业库"),
        [
            (_("企业"), "enterprises:enterprise_list", "enterprises.view_enterprise"),
            (_("导入企业"), "enterprises:enterprise_import", "enterprises.add_enterprise"),
            (_("企业标签"), "enterprises:tag_list", "enterprises.view_tag"),
            (_("国民经济行业"), "enterprises:industry_list", "enterprises.view_industry"),
        ],
    ),
    (
        _("目标任务"),
        [
            (_("目标任务计划"), "targets:plan_list", "targets.view_plan"),
            (_("导入分解表"), "targets:plan_import", "targets.add_plan"),
            (_("目标"), "targets:target_list", "targets.view_target"),
            (_("指标"), "targets:indicator_list", "targets.view_indicator"),
        ],
    ),
    (
        pgettext_lazy("menu", "月度监测"),
        [
            (_("监测看板"), "monitoring:index", "monitoring.view_monitoring"),
            (_("预警阈值"), "monitoring:warningthreshold_list", "monitoring.view_warningthreshold"),
        ],
    ),
    (
        pgettext_lazy("menu", "考核与督查"),
        [
            (_("考核方案"), "assessment:scoringscheme_list", "assessment.view_scoringscheme"),
            (_("考核结果"), "assessment:assessmentresult_list", "assessment.view_assessmentresult"),
            (_("部门责任"), "assessment:duty_list", "assessment.view_duty"),
            (_("季度进展"), "assessment:dutyprogress_list", "assessment.view_dutyprogress"),
            (_("季度督查"), "assessment:laggard_list", "assessment.view_dutyprogress"),
        ],
    ),
    (
        pgettext_lazy("menu", "月报"),
        [
            (_("报送情况"), "reporting:month_overview", "reporting.view_monthlyreport"),
            (_("月报"), "reporting:monthlyreport_list", "reporting.view_monthlyreport"),
        ],
    ),
    (
        _("系统"),
        [
            (_("地区"), "regions:region_list", "regions.view_region"),
            (_("部门"), "regions:department_list", "regions.view_department"),
            (_("用户"), "accounts:user_list", "accounts.view_user"),
            (_("角色与权限"), "accounts:role_list", "auth.change_group"),
            (_("操作日志"), "audit:operation_log", "accounts.view_operation_log"),
            (_("后台任务"), "jobs:job_list", "jobs.view_job"),
            (_("API 文档"), "api_docs", "enterprises.view_enterprise"),
        ],
    ),
]


def _app_menus() -> list[tuple[Any, list[tuple[Any, str, str]]]]:
    """Later apps add their menu as `MENU = (title, [(label, url name, permission)])` in `<app>/navigation.py`."""
    from importlib import import_module
    from importlib.util import find_spec

    from accounts.roles import PROJECT_APPS

    return [import_module(f"{app}.navigation").MENU for app in PROJECT_APPS if find_spec(f"{app}.navigation")]


# The app menus go before the last menu (系统: organisation, users, logs).
NAVIGATION[-1:-1] = _app_menus()


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    from .views import may_open

    menus = []
    for title, items in NAVIGATION:
        urls = [(label, reverse(name)) for label, name, perm in items if user.has_perm(perm)]
        links = [{"label": label, "url": url} for label, url in urls if may_open(user, url)]
        if links:
            menus.append({"title": title, "links": links})
    return {"navigation": menus}
