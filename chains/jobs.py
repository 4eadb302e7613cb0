"""Background job kinds of the chains: the chain-enterprise import (chains.import_preview, chains.import_apply)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from jobs.imports import JobImport

IMPORT = JobImport.of_app(
    "chains",
    result_url_name="chains:chainenterprise_import_preview",
    titles=(gettext_lazy("链上企业导入校验：%s"), gettext_lazy("链上企业导入：%s")),
    reason=gettext_lazy("Excel导入链上企业（任务 #%(job)s，文件 %(file)s）"),
)
