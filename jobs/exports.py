"""Exports as jobs (issue 15): a list export that takes more than a second runs in the background with progress.

Any list export (a `core.views.ObjectExportView`, at its address with the list's filters) can run as a job: the
worker opens the same export page as the user who started it, in the language they started it in, so the file is
the direct download's file, with the same filters, scope and permission checks (a user who may no longer open the
export gets a failed job, not a file). The file is kept on the job and given only to the person who started it
(`export_file`): another user, the city admin included, gets the same 404 as for a missing job. Pages offer the
job for the views that say `as_job = True` (the big lists); the API can start one for any export.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Any, cast
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.http import FileResponse, Http404
from django.test import RequestFactory
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.files import stored_file_response
from core.scope import access_object_from
from core.views import ObjectExportView, may_open

from . import registry
from .choices import JobStatus
from .models import Job
from .services import job_start

EXPORT = "jobs.export"


def _export_match(url: str) -> ResolverMatch:
    """The export view behind `url` (a path with its query); anything else is refused."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        raise ValidationError(_("导出地址应为本系统的导出页面地址。"))
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise ValidationError(_("导出地址应为本系统的导出页面地址。")) from None
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, ObjectExportView):
        raise ValidationError(_("导出地址应为本系统的导出页面地址。"))
    return match


def export_start(*, url: str, actor: Any) -> Job:
    """Start the export at `url` for `actor`: refused (403) when the export page would refuse them."""
    match = _export_match(url)
    if not may_open(actor, url):
        raise PermissionDenied
    name = match.func.view_class.model._meta.verbose_name_plural  # type: ignore[attr-defined]
    return job_start(
        kind=EXPORT,
        title=_("导出%(name)s") % {"name": name},
        actor=actor,
        params={"url": url, "language": translation.get_language()},
    )


@registry.register(EXPORT, result_url_name="jobs:job_download", label=gettext_lazy("导出 Excel"), result_is_file=True)
def export_run(job: Job, report: registry.Report) -> dict[str, Any]:
    """Open the export page as the job's user and keep the file it answers on the job."""
    from core.excel import rows_expected, rows_written

    url = job.params["url"]
    match = _export_match(url)
    request = RequestFactory().get(url)
    request.user = job.user
    report(5, _("正在读取数据"))
    expected = [0]  # the rows the export announced (rows_expected), if it did
    shown = [-1]

    def written(count: int) -> None:
        """5 % read, 90 % saved: the share of the announced rows in between, each percent reported once (a
        million rows: at most 85 updates of the job, not a thousand); 50 % when the export announced nothing."""
        percent = 5 + min(85, 85 * count // expected[0]) if expected[0] else 50
        if percent != shown[0]:
            shown[0] = percent
            report(percent, _("已写入 %(count)d 行") % {"count": count})

    token = rows_written.set(written)
    total_token = rows_expected.set(lambda total: expected.__setitem__(0, total))
    refused = ValidationError(_("导出失败：您已无权导出这些数据。"))
    try:
        with translation.override(job.params.get("language")):
            response = match.func(request, *match.args, **match.kwargs)
    except (PermissionDenied, Http404):  # the view's own refusals (403, 404), called here without the handler
        raise refused from None
    finally:
        rows_written.reset(token)
        rows_expected.reset(total_token)
    if response.status_code != 200 or not isinstance(response, FileResponse):
        raise refused
    filename = response.filename or "export.xlsx"
    report(90, _("正在保存文件"))
    with tempfile.TemporaryFile() as tmp:
        size = 0
        for chunk in cast(Iterator[bytes], response.streaming_content):  # a FileResponse streams synchronously
            tmp.write(chunk)
            size += len(chunk)
        # Close the streamed file only: `response.close()` sends `request_finished`, whose handler closes the
        # database connection of a job running inside a transaction (PostgreSQL: "the connection is closed").
        stream = getattr(response, "file_to_stream", None)
        if stream is not None:
            stream.close()
        tmp.seek(0)
        job.output_file.save(filename, File(tmp), save=False)
    Job.objects.filter(pk=job.pk).update(output_file=job.output_file.name)
    return {"filename": filename, "size": size}


def export_file(*, job_id: Any, user: Any) -> FileResponse:
    """The finished export's file, for the person who started it only (404 for anyone else, as for no job)."""
    job = access_object_from(Job.objects.filter(user=user, kind=EXPORT, status=JobStatus.SUCCEEDED), job_id)
    return stored_file_response(job, "output_file", filename=(job.result or {}).get("filename"), as_attachment=True)
