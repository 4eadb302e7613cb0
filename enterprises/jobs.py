"""Background job kinds of the enterprise registry: the Excel import's preview and apply."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jobs.imports import JobImport

PREVIEW = "enterprises.import_preview"
APPLY = "enterprises.import_apply"

IMPORT = JobImport(
    preview_kind=PREVIEW,
    apply_kind=APPLY,
    result_url_name="enterprises:enterprise_import_preview",
    check_title=_("企业导入校验：%s"),
    apply_title=_("企业导入：%s"),
    reason=_("Excel导入（任务 #%(job)s，文件 %(file)s）"),
    plan="enterprises.importing.plan_import",
    apply="enterprises.importing.apply_import",
    preview_label=_("企业导入校验"),
    apply_label=_("企业导入"),
).register()
