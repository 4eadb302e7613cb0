"""Job kind of the policies: the city's confirmation of a 免申即享 list, with progress."""

from __future__ import annotations

from typing import Any

from jobs import registry
from jobs.models import Job

AUTO_GRANT = "policies.auto_grant"


@registry.register(AUTO_GRANT, result_url_name="policies:policy_job")
def run_auto_grant(job: Job, report: registry.Report) -> dict[str, Any]:
    from .models import Policy
    from .services import automatic_grants_confirm

    policy = Policy.objects.get(pk=job.params["policy"])
    created = automatic_grants_confirm(policy=policy, actor=job.user, progress=report)
    return {"policy": policy.pk, "grants": created}
