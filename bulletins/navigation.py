from django.utils.translation import gettext_lazy as _

ORDER = 35
GROUP = "reports"
MENU = (
    _("通报"),
    [
        (_("月度通报"), "bulletins:bulletin_list", "bulletins.view_bulletin"),
        (_("生成通报"), "bulletins:generate", "bulletins.add_bulletinversion"),
        (_("一键报表"), "bulletins:quick_tables", "targets.view_plan"),
    ],
)
