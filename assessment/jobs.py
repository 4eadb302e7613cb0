"""Background job kinds of the duties: the duty-table import (preview, apply) on the one pipeline."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from jobs.imports import JobImport

PREVIEW = "assessment.duty_import_preview"
APPLY = "assessment.duty_import_apply"

DUTY_IMPORT = JobImport(
    preview_kind=PREVIEW,
    apply_kind=APPLY,
    result_url_name="assessment:duty_import_preview",
    check_title=gettext_lazy("部门责任分解表导入校验：%s"),
    apply_title=gettext_lazy("部门责任分解表导入：%s"),
    plan="assessment.importing.plan_import",
    apply="assessment.importing.apply_import",
    preview_label=gettext_lazy("部门责任分解表校验"),
    apply_label=gettext_lazy("部门责任分解表导入"),
    permission="assessment.add_duty",
    params=("plan_id",),  # the plan chosen on the upload form, for a table without a 计划 column
).register()
