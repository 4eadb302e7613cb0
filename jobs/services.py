"""Starting and executing background jobs."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import user_of

from . import registry
from .choices import JobStatus
from .models import Job

logger = logging.getLogger(__name__)


def job_start(
    *,
    kind: str,
    title: str,
    actor: Any,
    params: dict[str, Any] | None = None,
    input_file: File | None = None,
) -> Job:
    """Create the job record and hand it to the queue once the transaction commits."""
    registry.get(kind)  # an unknown kind fails here, in the request, not in the worker
    job = Job(kind=kind, title=title, user=user_of(actor), params=params or {})
    if input_file is not None:
        job.input_file.save(input_file.name or "upload", input_file, save=False)
    job.full_clean()
    job.save()

    from .tasks import run_job

    transaction.on_commit(lambda: run_job(job.pk))
    return job


def job_apply_preview(*, preview: Job, preview_kind: str, apply_kind: str, title: str, actor: Any) -> Job:
    """Step two of every import: only a finished preview without errors is applied, by a job that reads the same
    file again (and validates it again) with the preview's parameters. Refusals are ValidationErrors."""
    if preview.kind != preview_kind:
        raise ValidationError(_("该任务不是导入校验，不能确认导入。"))
    if preview.status != JobStatus.SUCCEEDED:
        raise ValidationError(_("导入校验尚未完成（或未成功），请稍后再确认。"))
    if (preview.result or {}).get("errors", 1):
        raise ValidationError(_("该文件存在错误，不能导入；请修改后重新上传。"))
    if not preview.input_file:
        raise ValidationError(_("上传的文件已过保存期限并被删除，请重新上传。"))
    with preview.input_file.open("rb") as fh:
        content = ContentFile(fh.read(), name=preview.params.get("filename") or "import.xlsx")
    params = {**preview.params, "preview_job": preview.pk}
    return job_start(kind=apply_kind, title=title, actor=actor, params=params, input_file=content)


def job_report(job_id: int, percent: int, message: str) -> None:
    """Store progress; a narrow update of the job row so the polling page sees it at once."""
    Job.objects.filter(pk=job_id).update(
        progress=max(0, min(100, int(percent))), message=message[:500], updated_at=timezone.now()
    )


def failure_message(exc: Exception, job: Job) -> str:
    """What the user reads about a failed job: a ValidationError's own (user-facing) messages; for
    anything else a plain sentence with the job's number, never the exception text, which may name
    server paths or code (the page and the API show this message; the log keeps the traceback)."""
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return _("任务执行失败（内部错误，已记入服务器日志），请联系管理员并告知任务编号 %(id)s。") % {"id": job.pk}


def job_execute(*, job_id: int) -> Job:
    """Run the job's handler and record its outcome on the job the user watches.

    A failure (the handler raising, an unknown kind, a result that cannot be stored) is recorded
    as FAILED with a message for the user (`failure_message`) and logged with its traceback; it is
    never raised into the worker.
    """
    job = Job.objects.get(pk=job_id)
    job.status = JobStatus.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at", "updated_at"])

    def report(percent: int, message: str) -> None:
        job_report(job.pk, percent, message)

    try:
        # An unknown kind (a handler removed since the job was queued) fails the job too,
        # rather than leaving it "running" for ever.
        result = registry.get(job.kind).handler(job, report)
        job.refresh_from_db()
        job.status = JobStatus.SUCCEEDED
        job.progress = 100
        job.result = result
        job.finished_at = timezone.now()
        with transaction.atomic():  # a result that cannot be stored rolls back only this save
            job.save(update_fields=["status", "progress", "result", "finished_at", "updated_at"])
    except Exception as exc:  # the worker must record every failure on the job the user watches
        logger.exception("job %s (%s) failed", job.pk, job.kind)  # the traceback lives in the log only
        job.refresh_from_db()
        job.status = JobStatus.FAILED
        job.message = failure_message(exc, job)[:500]
        job.result = {"error": job.message}
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "result", "finished_at", "updated_at"])
    return job
