"""Job kinds of monthly updates and snapshots (imported by projects/tasks.py, which the app loads when ready)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs import registry
from jobs.models import Job
from regions.models import Region

SNAPSHOT = "projects.snapshot_take"
UPDATES_PREVIEW = "projects.updates_preview"
UPDATES_APPLY = "projects.updates_apply"


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
    from .updates_import import plan_updates_import

    with job.input_file.open("rb") as handle:
        plan = plan_updates_import(handle, actor=job.user, progress=lambda p, m: report(p, m))
    return plan.summary()


@registry.register(
    UPDATES_APPLY, result_url_name="projects:projectupdate_upload_preview", label=gettext_lazy("月度进展导入")
)
def apply_updates(job: Job, report: registry.Report) -> dict[str, Any]:
    """Check the workbook again and write every update in one transaction, audited as the user."""
    from .updates_import import apply_updates_import

    with job.input_file.open("rb") as handle:
        plan = apply_updates_import(handle, actor=job.user, job_id=job.pk, progress=lambda p, m: report(p, m))
    return plan.summary()
