"""Job kinds of the policies: the city's confirmation of a 免申即享 list, with progress; the payment import."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from jobs import registry
from jobs.imports import JobImport
from jobs.models import Job

AUTO_GRANT = "policies.auto_grant"


@registry.register(AUTO_GRANT, result_url_name="policies:policy_job")
def run_auto_grant(job: Job, report: registry.Report) -> dict[str, Any]:
    from .models import Policy
    from .services import automatic_grants_confirm

    policy = Policy.objects.get(pk=job.params["policy"])
    created = automatic_grants_confirm(policy=policy, actor=job.user, progress=report)
    return {"policy": policy.pk, "grants": created}


# The finance department's payment export (拨付明细) into the disbursement ledger: preview, then apply.
PAYMENT_IMPORT = JobImport.of_app(
    "policies",
    result_url_name="policies:disbursement_import_preview",
    titles=(gettext_lazy("拨付明细导入校验：%s"), gettext_lazy("拨付明细导入：%s")),
    reason=gettext_lazy("导入拨付明细（任务 #%(job)s，文件 %(file)s）"),
    labels=(gettext_lazy("拨付明细导入校验"), gettext_lazy("拨付明细导入")),
    permission="policies.add_disbursement",
)
