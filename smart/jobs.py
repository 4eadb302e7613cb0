"""Background job kinds of smart transformation: the diagnosis-return import (preview, apply)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jobs import registry
from jobs.models import Job

PREVIEW = "smart.import_preview"
APPLY = "smart.import_apply"


@registry.register(PREVIEW, result_url_name="smart:diagnosis_import_preview")
def run_preview(job: Job, report: registry.Report) -> dict[str, Any]:
    from .importing import plan_import

    with job.input_file.open("rb") as fh:
        return plan_import(fh, actor=job.user, progress=report).summary()


@registry.register(APPLY, result_url_name="smart:diagnosis_import_preview")
def run_apply(job: Job, report: registry.Report) -> dict[str, Any]:
    from .importing import apply_import

    reason = _("导入诊断报表（任务 #%(job)s，文件 %(file)s）") % {"job": job.pk, "file": job.params.get("filename", "")}
    with job.input_file.open("rb") as fh:
        plan = apply_import(fh, actor=job.user, reason=reason, progress=report)
    return {**plan.summary(), "applied": plan.ok}
