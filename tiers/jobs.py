"""Background job kinds of the tier libraries: the recognition-list import (preview, apply)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jobs import registry
from jobs.models import Job

PREVIEW = "tiers.import_preview"
APPLY = "tiers.import_apply"


@registry.register(PREVIEW, result_url_name="tiers:recognition_import_preview")
def run_preview(job: Job, report: registry.Report) -> dict[str, Any]:
    from .importing import plan_import

    with job.input_file.open("rb") as fh:
        plan = plan_import(fh, actor=job.user, progress=report)
    return plan.summary()


@registry.register(APPLY, result_url_name="tiers:recognition_import_preview")
def run_apply(job: Job, report: registry.Report) -> dict[str, Any]:
    from .importing import apply_import

    reason = _("导入认定名单（任务 #%(job)s，文件 %(file)s）") % {"job": job.pk, "file": job.params.get("filename", "")}
    with job.input_file.open("rb") as fh:
        plan = apply_import(fh, actor=job.user, reason=reason, progress=report)
    summary = plan.summary()
    summary["applied"] = plan.ok
    return summary
