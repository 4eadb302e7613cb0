"""Background job kinds of monthly reporting: the report's Excel template upload on the one import pipeline
(issue #18): a preview job reads and checks the file and writes nothing; confirming starts an apply job that
reads and checks it again and saves the figures through `report_save_values`, audited with the file's name.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from jobs.imports import JobImport

from .workflow import PERM_EDIT

PREVIEW = "reporting.upload_preview"
APPLY = "reporting.upload_apply"


UPLOAD = JobImport(
    preview_kind=PREVIEW,
    apply_kind=APPLY,
    result_url_name="reporting:monthlyreport_upload_preview",
    check_title=gettext_lazy("月报 Excel 校验：%s"),
    apply_title=gettext_lazy("月报 Excel 导入：%s"),
    reason=gettext_lazy("Excel 导入：%(file)s（任务 #%(job)s）"),
    plan="reporting.importing.plan_report_upload",
    apply="reporting.importing.apply_report_upload",
    params=("report",),
    preview_label=gettext_lazy("月报 Excel 校验"),
    apply_label=gettext_lazy("月报 Excel 导入"),
    permission=PERM_EDIT,
).register()
