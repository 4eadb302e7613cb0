"""Pages of the monthly-update Excel upload: template download, upload (a preview job), preview, confirm (a job)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from core.scope import access_object
from jobs.choices import JobStatus
from jobs.models import Job
from jobs.services import job_apply_preview, job_start

from ..forms.updates import UpdateTemplateForm, UpdateUploadForm
from ..importing.updates import updates_template
from ..jobs import UPDATES_APPLY, UPDATES_PREVIEW

PERM = "projects.add_projectupdate"


class UpdateTemplateView(PermissionRequiredMixin, View):
    """The workbook of a unit's projects for a month, to fill in and upload."""

    permission_required = PERM
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        form = UpdateTemplateForm(request.GET, user=request.user)
        if not form.is_valid():
            messages.error(request, _("请选择单位、年度和月份"))
            return HttpResponseRedirect("../")
        data = form.cleaned_data
        content = updates_template(region=data["region"], year=data["year"], month=data["month"], actor=request.user)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        filename = f"updates-{data['region'].code}-{data['year']}{data['month']:02d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class UpdateUploadView(PermissionRequiredMixin, View):
    """Upload the filled-in workbook; a job checks it and the preview lists every problem."""

    permission_required = PERM
    raise_exception = True

    def _render(self, request: HttpRequest, form: UpdateUploadForm) -> HttpResponse:
        return render(
            request,
            "projects/projectupdate_upload.html",
            {"form": form, "template_form": UpdateTemplateForm(user=request.user), "title": _("导入月度进展")},
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, UpdateUploadForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = UpdateUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form)
        upload = form.cleaned_data["file"]
        job = job_start(
            kind=UPDATES_PREVIEW,
            title=_("月度进展导入校验：%s") % upload.name,
            actor=request.user,
            params={"filename": upload.name},
            input_file=upload,
        )
        return HttpResponseRedirect(job.get_absolute_url())


class UpdateUploadPreviewView(PermissionRequiredMixin, View):
    """The preview of an upload job (counts, every finding by sheet/row/column) and the confirm button."""

    permission_required = PERM
    raise_exception = True

    def get_job(self, request: HttpRequest, pk: int) -> Job:
        job = access_object(Job, request.user, pk)
        if job.kind not in (UPDATES_PREVIEW, UPDATES_APPLY):
            raise Http404
        return job

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_job(request, pk)
        if job.status != JobStatus.SUCCEEDED:
            return HttpResponseRedirect(job.get_absolute_url())
        return render(
            request,
            "projects/projectupdate_upload_preview.html",
            {
                "job": job,
                "result": job.result or {},
                "title": _("月度进展导入预览"),
                "applied": job.kind == UPDATES_APPLY,
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_job(request, pk)
        title = _("月度进展导入：%s") % job.params.get("filename", "")
        try:
            apply_job = job_apply_preview(
                preview=job, preview_kind=UPDATES_PREVIEW, apply_kind=UPDATES_APPLY, title=title, actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect(apply_job.get_absolute_url())
