"""Background job kinds of the 亩均 evaluation: computing a run, and the yearly data import (preview, apply)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from jobs import registry
from jobs.imports import JobImport
from jobs.models import Job

RUN = "mujun.run"
PREVIEW = "mujun.import_preview"
APPLY = "mujun.import_apply"


@registry.register(RUN, result_url_name="mujun:evaluationrun_job", label=gettext_lazy("亩均评价计算"))
def run_compute(job: Job, report: registry.Report) -> dict[str, Any]:
    from .models import EvaluationRun
    from .services import evaluation_run_compute

    steps = iter((10, 40, 70, 95))

    def progress(text: str) -> None:
        report(next(steps, 95), text)

    run = EvaluationRun.objects.get(pk=job.params["run"])
    evaluation_run_compute(run=run, actor=job.user, progress=progress)
    return {"run": run.pk, "results": run.result_count}


IMPORT = JobImport.of_app(
    "mujun",
    result_url_name="mujun:yeardata_import_preview",
    titles=(gettext_lazy("亩均数据导入校验：%s"), gettext_lazy("亩均数据导入：%s")),
    reason=gettext_lazy("Excel导入亩均数据（任务 #%(job)s，文件 %(file)s）"),
    labels=(gettext_lazy("亩均数据导入校验"), gettext_lazy("亩均数据导入")),
    permission="mujun.add_enterpriseyeardata",
)
