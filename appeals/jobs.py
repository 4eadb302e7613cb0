"""Job kinds of the requests: the hotline log import (preview, apply)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jobs import registry
from jobs.models import Job

PREVIEW = "appeals.import_preview"
APPLY = "appeals.import_apply"


@registry.register(PREVIEW, result_url_name="appeals:hotline_import_preview")
def run_preview(job: Job, report: registry.Report) -> dict[str, Any]:
    from .importing import plan_import

    with job.input_file.open("rb") as fh:
        return plan_import(fh, progress=report).summary()


@registry.register(APPLY, result_url_name="appeals:hotline_import_preview")
def run_apply(job: Job, report: registry.Report) -> dict[str, Any]:
    from .importing import apply_import

    reason = _("导入热线诉求记录（任务 #%(job)s，文件 %(file)s）") % {
        "job": job.pk,
        "file": job.params.get("filename", ""),
    }
    with job.input_file.open("rb") as fh:
        plan = apply_import(fh, actor=job.user, reason=reason, progress=report)
    summary = plan.summary()
    summary["applied"] = plan.ok
    return summary
