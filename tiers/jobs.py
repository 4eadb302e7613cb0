"""Background job kinds of the tier libraries: the recognition-list import (preview, apply)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from jobs.imports import JobImport

PREVIEW = "tiers.import_preview"
APPLY = "tiers.import_apply"


IMPORT = JobImport(
    preview_kind=PREVIEW,
    apply_kind=APPLY,
    result_url_name="tiers:recognition_import_preview",
    check_title=gettext_lazy("认定名单导入校验：%s"),
    apply_title=gettext_lazy("认定名单导入：%s"),
    reason=gettext_lazy("导入认定名单（任务 #%(job)s，文件 %(file)s）"),
    plan="tiers.importing.plan_import",
    apply="tiers.importing.apply_import",
).register()
