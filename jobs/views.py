from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from django.views.generic import DetailView

from core.views import ModelPermissionMixin, ObjectListView, ScopedQuerysetMixin, access_object_from

from . import registry
from .choices import JobStatus
from .filtersets import JobFilterSet
from .models import Job
from .tables import JobTable


class JobListView(ObjectListView):
    model = Job
    table_class = JobTable
    filterset_class = JobFilterSet
    related = ("user",)


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
        response = super().render_to_response(context, **kwargs)
        if job.is_finished:
            response.status_code = 286 if url is None else 200  # htmx stops polling on 286
            if url and getattr(self.request, "htmx", False):
                response["HX-Redirect"] = url
        return response
