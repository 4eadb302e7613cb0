"""Background job kinds of the duties: the duty-table import (preview, apply) on the one pipeline."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from jobs.imports import JobImport

PREVIEW = "assessment.duty_import_preview"
APPLY = "assessment.duty_import_apply"

DUTY_IMPORT = JobImport.of_app(
    "assessment",
    kind="duty_import",
    result_url_name="assessment:duty_import_preview",
    titles=(gettext_lazy("部门责任分解表导入校验：%s"), gettext_lazy("部门责任分解表导入：%s")),
    reason=None,
    labels=(gettext_lazy("部门责任分解表校验"), gettext_lazy("部门责任分解表导入")),
    permission="assessment.add_duty",
    params=("plan_id",),  # the plan chosen on the upload form, for a table without a 计划 column
)
