"""The job kind that generates a bulletin in the background (progress shown by the jobs app)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from jobs.models import Job
from jobs.registry import Report, register
from targets.models import Plan

from .services import bulletin_generate

GENERATE = "bulletins.generate"


@register(GENERATE, result_url_name="bulletins:job_result", label=gettext_lazy("通报生成"))
def generate(job: Job, report: Report) -> dict[str, Any]:
    """params: plan, year, month, reason. The result names the new version."""
    params = job.params
    plan = Plan.objects.select_related("scope_region").get(pk=params["plan"])
    version = bulletin_generate(
        plan=plan,
        year=int(params["year"]),
        month=int(params["month"]),
        reason=str(params.get("reason", "")),
        actor=job.user,
        job=job,
        progress=report,
    )
    return {"version": version.pk, "bulletin": version.bulletin_id, "number": version.number}
