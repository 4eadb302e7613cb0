"""The 重点项目 menu: the library, its five lists and stars, monthly updates, problems, rates, snapshots, reference data."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

GROUP = "projects"
MENU = (
    pgettext_lazy("menu", "重点项目"),
    [
        (_("项目库"), "projects:project_list", "projects.view_project"),
        (_("五张清单"), "projects:stage_overview", "projects.view_project"),
        (_("五星评价汇总"), "projects:star_summary", "projects.view_project"),
        (_("月度进展"), "projects:projectupdate_list", "projects.view_projectupdate"),
        (_("导入月度进展"), "projects:projectupdate_upload", "projects.add_projectupdate"),
        (_("协调事项"), "projects:projectproblem_list", "projects.view_projectproblem"),
        (_("开工率与投产率"), "projects:rates", "projects.view_project"),
        (_("月末快照"), "projects:monthsnapshot_list", "projects.view_monthsnapshot"),
        (_("项目类别"), "projects:projectcategory_list", "projects.change_projectcategory"),
        (_("项目清单设置"), "projects:projectlist_list", "projects.change_projectlist"),
        (_("星级规则"), "projects:stargate_list", "projects.change_stargate"),
    ],
)
