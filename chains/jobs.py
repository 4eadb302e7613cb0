"""Background job kinds of the chains: the chain-enterprise import (preview, apply)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from jobs.imports import JobImport

PREVIEW = "chains.import_preview"
APPLY = "chains.import_apply"


IMPORT = JobImport(
    preview_kind=PREVIEW,
    apply_kind=APPLY,
    result_url_name="chains:chainenterprise_import_preview",
    check_title=gettext_lazy("链上企业导入校验：%s"),
    apply_title=gettext_lazy("链上企业导入：%s"),
    reason=gettext_lazy("Excel导入链上企业（任务 #%(job)s，文件 %(file)s）"),
    plan="chains.importing.plan_import",
    apply="chains.importing.apply_import",
).register()
