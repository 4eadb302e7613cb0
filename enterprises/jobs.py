"""Background job kinds of the enterprise registry: the Excel import's preview and apply."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jobs.imports import JobImport

PREVIEW = "enterprises.import_preview"
APPLY = "enterprises.import_apply"

IMPORT = JobImport.of_app(
    "enterprises",
    result_url_name="enterprises:enterprise_import_preview",
    titles=(_("企业导入校验：%s"), _("企业导入：%s")),
    reason=_("Excel导入（任务 #%(job)s，文件 %(file)s）"),
    labels=(_("企业导入校验"), _("企业导入")),
    permission="enterprises.add_enterprise",
)
