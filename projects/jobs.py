"""Background job kinds of the key projects: the library's import (preview, apply), monthly updates' import
(preview, apply) and the month-end snapshot. Loaded by ProjectsConfig.ready().
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs import registry
from jobs.models import Job
from regions.models import Region

from .importing.projects import apply_import, plan_import

PREVIEW = "projects.import_preview"
APPLY = "projects.import_apply"
SNAPSHOT = "projects.snapshot_take"
UPDATES_PREVIEW = "projects.updates_preview"
UPDATES_APPLY = "projects.updates_apply"


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


@registry.register(SNAPSHOT, result_url_name="projects:monthsnapshot_job", label=gettext_lazy("月末快照"))
def take_snapshot(job: Job, report: registry.Report) -> dict[str, Any]:
    """Take the month-end snapshot the user asked for (one INSERT … SELECT; seconds for 100,000 projects)."""
    from .snapshots import snapshot_take

    params = job.params
    region = Region.objects.get(pk=params["region"])
    report(10, _("正在生成 %(region)s 的月末快照…") % {"region": region.name})
    snapshot = snapshot_take(
        region=region,
        year=int(params["year"]),
        month=int(params["month"]),
        actor=job.user,
        replace=bool(params.get("replace")),
    )
    report(100, _("已生成：%(n)s 个项目") % {"n": snapshot.project_count})
    return {"snapshot": snapshot.pk, "project_count": snapshot.project_count}


@registry.register(
    UPDATES_PREVIEW, result_url_name="projects:projectupdate_upload_preview", label=gettext_lazy("月度进展导入校验")
)
def preview_updates(job: Job, report: registry.Report) -> dict[str, Any]:
    """Check an uploaded monthly-update workbook; nothing is written."""
    from .importing.updates import plan_updates_import

    with job.input_file.open("rb") as handle:
        plan = plan_updates_import(handle, actor=job.user, progress=lambda p, m: report(p, m))
    return plan.summary()


@registry.register(
    UPDATES_APPLY, result_url_name="projects:projectupdate_upload_preview", label=gettext_lazy("月度进展导入")
)
def apply_updates(job: Job, report: registry.Report) -> dict[str, Any]:
    """Check the workbook again and write every update in one transaction, audited as the user."""
    from .importing.updates import apply_updates_import

    with job.input_file.open("rb") as handle:
        plan = apply_updates_import(handle, actor=job.user, job_id=job.pk, progress=lambda p, m: report(p, m))
    return plan.summary()
