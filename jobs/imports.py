"""The imports that run as two jobs (the one import pipeline): a preview job checks the uploaded file and writes
nothing; confirming an error-free preview starts an apply job that checks the same file again and writes it in
one audited transaction. One `JobImport` per import registers both job kinds and serves its pages
(`core.pipeline`, as their `ImportPipeline`) and its API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.module_loading import import_string

from core.scope import access_object
from core.services import require_perm

from . import registry
from .choices import JobStatus
from .models import Job
from .services import job_apply_preview, job_start


@dataclass(frozen=True)
class JobImport:
    """One import's two job kinds, their titles, and the planner that checks (and applies) a file.

    `plan` and `apply` are dotted paths (read when a job runs, so an app's job kinds register without
    importing its models): `plan(source, *, actor, progress, **params)` and `apply(source, *, actor, reason,
    progress, **params)` return the import's `core.imports.ImportResult`; `params` names the job parameters
    (besides the file name) handed to both.
    """

    preview_kind: str
    apply_kind: str
    result_url_name: str  # the preview page, a URL name taking the job's pk
    check_title: Any  # the preview job's title, "%s" the file's name
    apply_title: Any  # the apply job's title, "%s" the file's name
    plan: str
    apply: str
    reason: Any = None  # the history's reason ("%(job)s", "%(file)s"); None: the apply writes its own
    params: tuple[str, ...] = ()
    preview_label: Any = ""  # what the job list calls the kinds
    apply_label: Any = ""
    permission: str | None = None  # checked by start and confirm themselves, for the API as for the page

    @classmethod
    def of_app(
        cls,
        app: str,
        *,
        result_url_name: str,
        titles: tuple[Any, Any],
        reason: Any,
        permission: str | None = None,
        labels: tuple[Any, Any] = ("", ""),
        params: tuple[str, ...] = (),
        module: str = "importing",
        kind: str = "import",
    ) -> JobImport:
        """An app's import, registered, by the conventions: kinds `<app>.<kind>_preview` and `<app>.<kind>_apply`,
        planner `<app>.<module>.plan_import` / `apply_import`; `titles` are the preview's and the apply's job
        titles, `labels` what the job list calls the two kinds."""
        return cls(
            preview_kind=f"{app}.{kind}_preview",
            apply_kind=f"{app}.{kind}_apply",
            result_url_name=result_url_name,
            check_title=titles[0],
            apply_title=titles[1],
            reason=reason,
            plan=f"{app}.{module}.plan_import",
            apply=f"{app}.{module}.apply_import",
            params=params,
            preview_label=labels[0],
            apply_label=labels[1],
            permission=permission,
        ).register()

    def register(self) -> JobImport:
        registry.register(self.preview_kind, result_url_name=self.result_url_name, label=self.preview_label)(
            self.run_preview
        )
        registry.register(self.apply_kind, result_url_name=self.result_url_name, label=self.apply_label)(self.run_apply)
        return self

    def _params(self, job: Job) -> dict[str, Any]:
        return {key: job.params.get(key) for key in self.params}

    def run_preview(self, job: Job, report: registry.Report) -> dict[str, Any]:
        with job.input_file.open("rb") as fh:
            plan = import_string(self.plan)(fh, actor=job.user, progress=report, **self._params(job))
        summary: dict[str, Any] = plan.summary()
        return summary

    def run_apply(self, job: Job, report: registry.Report) -> dict[str, Any]:
        kwargs = self._params(job)
        if self.reason is not None:
            kwargs["reason"] = str(self.reason) % {"job": job.pk, "file": job.params.get("filename", "")}
        with job.input_file.open("rb") as fh:
            plan = import_string(self.apply)(fh, actor=job.user, progress=report, **kwargs)
        return {**plan.summary(), "applied": plan.ok}

    def start(self, *, upload: Any, actor: Any, params: dict[str, Any] | None = None) -> Job:
        """Step one: a preview job checks every row of the upload and writes nothing."""
        if self.permission:
            require_perm(actor, self.permission)
        return job_start(
            kind=self.preview_kind,
            title=str(self.check_title) % upload.name,
            actor=actor,
            params={"filename": upload.name, **(params or {})},
            input_file=upload,
        )

    def confirm(self, *, preview: Job, actor: Any) -> Job:
        """Step two: only a finished preview without errors is applied (`job_apply_preview`)."""
        if self.permission:
            require_perm(actor, self.permission)
        title = str(self.apply_title) % preview.params.get("filename", "")
        return job_apply_preview(
            preview=preview, preview_kind=self.preview_kind, apply_kind=self.apply_kind, title=title, actor=actor
        )

    def preview_of(self, *, user: Any, pk: int) -> Job:
        """The user's own preview or apply job of this import; the same 404 for anything else."""
        job = access_object(Job, user, pk)
        if job.kind not in (self.preview_kind, self.apply_kind):
            raise Http404
        return job

    def result_of(self, preview: Job) -> dict[str, Any] | None:
        return (preview.result or {}) if preview.status == JobStatus.SUCCEEDED else None

    def is_applied(self, preview: Job) -> bool:
        return preview.kind == self.apply_kind
