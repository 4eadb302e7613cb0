"""Job kinds of the requests: the hotline log import (appeals.import_preview, appeals.import_apply)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from jobs.imports import JobImport

IMPORT = JobImport.of_app(
    "appeals",
    result_url_name="appeals:hotline_import_preview",
    titles=(gettext_lazy("热线诉求导入校验：%s"), gettext_lazy("热线诉求导入：%s")),
    reason=gettext_lazy("导入热线诉求记录（任务 #%(job)s，文件 %(file)s）"),
    permission="appeals.add_appeal",
)
