"""Background job kinds of the tier libraries: the recognition-list import (tiers.import_preview, tiers.import_apply)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from jobs.imports import JobImport

IMPORT = JobImport.of_app(
    "tiers",
    result_url_name="tiers:recognition_import_preview",
    titles=(gettext_lazy("认定名单导入校验：%s"), gettext_lazy("认定名单导入：%s")),
    reason=gettext_lazy("导入认定名单（任务 #%(job)s，文件 %(file)s）"),
)
