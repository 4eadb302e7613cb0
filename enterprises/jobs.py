"""Background job kinds of the enterprise registry: import preview and import apply."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs import registry
from jobs.models import Job

from .importing import apply_import, plan_import

PREVIEW = "enterprises.import_preview"
APPLY = "enterprises.import_apply"


@registry.register(PREVIEW, result_url_name="enterprises:enterprise_import_preview", label=gettext_lazy("企业导入校验"))
def run_preview(job: Job, report: registry.Report) -> dict[str, Any]:
    with job.input_file.open("rb") as fh:
        plan = plan_import(fh, actor=job.user, progress=report)
    return plan.summary()


@registry.register(APPLY, result_url_name="enterprises:enterprise_import_preview", label=gettext_lazy("企业导入"))
def run_apply(job: Job, report: registry.Report) -> dict[str, Any]:
    reason = _("Excel导入（任务 #%(job)s，文件 %(file)s）") % {"job": job.pk, "file": job.params.get("filename", "")}
    with job.input_file.open("rb") as fh:
        plan = apply_import(fh, actor=job.user, reason=reason, progress=report)
    summary = plan.summary()
    summary["applied"] = plan.ok
    return summary
