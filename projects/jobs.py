"""Background job kinds of the library: import preview and import apply (the bureau's 重点项目清单)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs import registry
from jobs.models import Job

from .importing import apply_import, plan_import

PREVIEW = "projects.import_preview"
APPLY = "projects.import_apply"


@registry.register(PREVIEW, result_url_name="projects:project_import_preview", label=gettext_lazy("项目导入校验"))
def run_preview(job: Job, report: registry.Report) -> dict[str, Any]:
    with job.input_file.open("rb") as fh:
        plan = plan_import(fh, actor=job.user, year=job.params.get("year"), progress=report)
    return plan.summary()


@registry.register(APPLY, result_url_name="projects:project_import_preview", label=gettext_lazy("项目导入"))
def run_apply(job: Job, report: registry.Report) -> dict[str, Any]:
    reason = _("Excel导入重点项目（任务 #%(job)s，文件 %(file)s）") % {
        "job": job.pk,
        "file": job.params.get("filename", ""),
    }
    with job.input_file.open("rb") as fh:
        plan = apply_import(fh, actor=job.user, reason=reason, year=job.params.get("year"), progress=report)
    summary = plan.summary()
    summary["applied"] = plan.ok
    return summary
