"""Background job kinds of smart transformation: the diagnosis-return import (preview, apply)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from jobs.imports import JobImport

PREVIEW = "smart.import_preview"
APPLY = "smart.import_apply"


IMPORT = JobImport.of_app(
    "smart",
    result_url_name="smart:diagnosis_import_preview",
    titles=(gettext_lazy("诊断报表导入校验：%s"), gettext_lazy("诊断报表导入：%s")),
    reason=gettext_lazy("导入诊断报表（任务 #%(job)s，文件 %(file)s）"),
    permission="smart.add_diagnosis",
)
