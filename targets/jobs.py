"""Background job kind of the targets import: reading and recognising an uploaded notice or paste.

Decomposition tables are small (a few hundred cells), yet a job is used for every import, like
the enterprise import: it keeps the uploaded file and the recognised result between the preview
and the confirmation, and a Word notice with several tables shows progress while it is read.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs import registry
from jobs.models import Job

from .importing import ImportPreview, as_result, preview_file, preview_text
from .importing.readers import decode_text

PREVIEW = "targets.import_preview"


def job_preview(job: Job, *, overrides: dict[tuple[str, str], tuple[str, ...]] | None = None) -> ImportPreview:
    """Read the job's stored input again and recognise it (with the user's kind corrections)."""
    with job.input_file.open("rb") as fh:
        data = fh.read()
    if job.params.get("pasted"):
        return preview_text(decode_text(data), overrides=overrides)
    return preview_file(data, job.params.get("filename", ""), table=job.params.get("table"), overrides=overrides)


@registry.register(PREVIEW, result_url_name="targets:plan_import_preview", label=gettext_lazy("分解表识别"))
def run_preview(job: Job, report: registry.Report) -> dict[str, Any]:
    report(10, _("正在读取表格"))
    preview = job_preview(job)
    report(90, _("识别完成"))
    return as_result(preview)
