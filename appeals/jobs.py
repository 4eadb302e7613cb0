"""Job kinds of the requests: the hotline log import (preview, apply)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from jobs.imports import JobImport

PREVIEW = "appeals.import_preview"
APPLY = "appeals.import_apply"


IMPORT = JobImport(
    preview_kind=PREVIEW,
    apply_kind=APPLY,
    result_url_name="appeals:hotline_import_preview",
    check_title=gettext_lazy("热线诉求导入校验：%s"),
    apply_title=gettext_lazy("热线诉求导入：%s"),
    reason=gettext_lazy("导入热线诉求记录（任务 #%(job)s，文件 %(file)s）"),
    plan="appeals.importing.plan_import",
    apply="appeals.importing.apply_import",
    permission="appeals.add_appeal",
).register()
