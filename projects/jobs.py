"""Background job kinds of the key projects: the library's import (preview, apply), monthly updates' import
(preview, apply) and the month-end snapshot. Loaded by ProjectsConfig.ready().
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs import registry
from jobs.imports import JobImport
from jobs.models import Job
from regions.models import Region

PREVIEW = "projects.import_preview"
APPLY = "projects.import_apply"
SNAPSHOT = "projects.snapshot_take"
UPDATES_PREVIEW = "projects.updates_preview"
UPDATES_APPLY = "projects.updates_apply"


IMPORT = JobImport.of_app(
    "projects",
    module="importing.projects",
    result_url_name="projects:project_import_preview",
    titles=(gettext_lazy("重点项目导入校验：%s"), gettext_lazy("重点项目导入：%s")),
    reason=gettext_lazy("Excel导入重点项目（任务 #%(job)s，文件 %(file)s）"),
    params=("year",),
    labels=(gettext_lazy("项目导入校验"), gettext_lazy("项目导入")),
    permission="projects.add_project",
)


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


# The monthly updates' workbook (views/uploads.py): its apply writes through update_save, which audits each row.
UPDATES_IMPORT = JobImport(
    preview_kind=UPDATES_PREVIEW,
    apply_kind=UPDATES_APPLY,
    result_url_name="projects:projectupdate_upload_preview",
    check_title=gettext_lazy("月度进展导入校验：%s"),
    apply_title=gettext_lazy("月度进展导入：%s"),
    plan="projects.importing.updates.plan_updates_import",
    apply="projects.importing.updates.apply_updates_import",
    preview_label=gettext_lazy("月度进展导入校验"),
    apply_label=gettext_lazy("月度进展导入"),
).register()
