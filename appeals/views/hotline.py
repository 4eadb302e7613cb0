"""The hotline log import pages: upload → preview with findings (sheet/row/column) → confirm."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from core.forms import StyledFormMixin
from core.scope import access_object
from core.uploads import XLSX_ONLY, UploadField
from jobs.choices import JobStatus
from jobs.models import Job

from .. import services
from ..jobs import APPLY, PREVIEW


class HotlineUploadForm(StyledFormMixin, forms.Form):
    file = UploadField(label=_("热线诉求记录（.xlsx）"), accept=XLSX_ONLY)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.style()


class HotlineImportView(PermissionRequiredMixin, View):
    permission_required = "appeals.add_appeal"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "appeals/import.html", {"form": HotlineUploadForm(), "title": _("导入热线诉求记录")})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = HotlineUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "appeals/import.html", {"form": form, "title": _("导入热线诉求记录")})
        job = services.hotline_import_start(upload=form.cleaned_data["file"], actor=request.user)
        return HttpResponseRedirect(job.get_absolute_url())


class HotlineImportPreviewView(PermissionRequiredMixin, View):
    permission_required = "appeals.add_appeal"
    raise_exception = True

    def get_job(self, request: HttpRequest, pk: int) -> Job:
        job = access_object(Job, request.user, pk)
        if job.kind not in (PREVIEW, APPLY):
            raise Http404
        return job

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_job(request, pk)
        if job.status != JobStatus.SUCCEEDED:
            return HttpResponseRedirect(job.get_absolute_url())
        ctx = {"job": job, "result": job.result or {}, "title": _("导入预览"), "applied": job.kind == APPLY}
        return render(request, "appeals/import_preview.html", ctx)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_job(request, pk)
        try:
            apply_job = services.hotline_import_apply(preview=job, actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect(apply_job.get_absolute_url())
