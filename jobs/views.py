from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import DetailView

from core.views import ModelPermissionMixin, ObjectListView, ScopedQuerysetMixin, access_object_from

from . import registry
from .choices import JobStatus
from .exports import export_file, export_start
from .filtersets import JobFilterSet
from .models import Job
from .tables import JobTable


class JobListView(ObjectListView):
    model = Job
    table_class = JobTable
    filterset_class = JobFilterSet
    related = ("user",)


def _result_is_file(job: Job) -> bool:
    try:
        return registry.get(job.kind).result_is_file
    except LookupError:
        return False


def _result_url(job: Job) -> str | None:
    """Where a succeeded job's result is shown; a failed job has none (its page shows why it failed)."""
    try:
        name = registry.get(job.kind).result_url_name
    except LookupError:
        return None
    return reverse(name, args=[job.pk]) if name and job.status == JobStatus.SUCCEEDED else None


class JobDetailView(ModelPermissionMixin, ScopedQuerysetMixin, DetailView):
    """The progress page; htmx polls the progress fragment until the job has finished."""

    model = Job
    template_name = "jobs/job_detail.html"
    related = ("user",)

    def get_object(self, queryset: object = None) -> Job:
        return access_object_from(self.get_queryset(), self.kwargs["pk"])

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = str(self.object)
        ctx["result_url"] = _result_url(self.object)
        ctx["result_is_file"] = _result_is_file(self.object)
        return ctx


class JobProgressView(ModelPermissionMixin, ScopedQuerysetMixin, DetailView):
    model = Job
    template_name = "jobs/job_progress.html"

    def get_object(self, queryset: object = None) -> Job:
        return access_object_from(self.get_queryset(), self.kwargs["pk"])

    def render_to_response(self, context: dict[str, object], **kwargs: object) -> HttpResponse:
        job = self.object
        url = _result_url(job)
        context["result_url"] = url
        context["result_is_file"] = is_file = _result_is_file(job)
        response = super().render_to_response(context, **kwargs)
        if job.is_finished:
            # htmx stops polling on 286; a page to open is opened, a file is offered (opening it would not stop it)
            response.status_code = 286 if url is None or is_file else 200
            if url and not is_file and getattr(self.request, "htmx", False):
                response["HX-Redirect"] = url
        return response


class ExportStartView(View):
    """The export button of a big list: starts the export job (jobs/exports.py) and shows its progress page."""

    def post(self, request: HttpRequest) -> HttpResponseBase:
        try:
            job = export_start(url=request.POST.get("url", ""), actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            back = request.headers.get("Referer", "")
            safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
            return HttpResponseRedirect(back if safe and back else reverse("home"))
        return HttpResponseRedirect(job.get_absolute_url())


class JobDownloadView(View):
    """The file an export job wrote, for the person who started it."""

    def get(self, request: HttpRequest, pk: Any) -> HttpResponseBase:
        return export_file(job_id=pk, user=request.user)
