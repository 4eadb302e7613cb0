"""The pages of the one import pipeline: upload → preview (every finding by sheet, row, column) → confirm.

Every import declares its pages with class attributes (permission, upload form, pipeline, labels, URL names)
over the three bases here: `ImportView` (the upload form and the template link), `ImportPreviewView` (the
preview; confirming is refused while the file has errors) and `ImportTemplateView` (the empty workbook).
The pipeline starts the preview, finds it again for its page and confirms it; core knows it only by the
`ImportPipeline` protocol (the imports that run as jobs use `jobs.imports.JobImport`), so core imports no app.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Protocol

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from .excel import ImportTemplate


class ImportPipeline(Protocol):
    """Where an upload goes: the preview it starts, and the confirmation that writes it."""

    def start(self, *, upload: Any, actor: Any, params: dict[str, Any] | None = None) -> Any:
        """Start the preview of an upload; the result's `get_absolute_url()` is where the user waits for it."""

    def preview_of(self, *, user: Any, pk: int) -> Any:
        """The preview `pk` if this user may see it and it belongs to this import; else Http404."""

    def result_of(self, preview: Any) -> dict[str, Any] | None:
        """The preview's summary (counts and findings); None while it runs or when it failed."""

    def is_applied(self, preview: Any) -> bool:
        """Whether this is the record of a confirmed import rather than of a preview."""

    def confirm(self, *, preview: Any, actor: Any) -> Any:
        """Write the previewed file (refusals are ValidationErrors: errors in the file, not finished, …)."""


class ImportView(PermissionRequiredMixin, View):
    """The upload page of an import: the form, the filling rules, a link to the empty template."""

    raise_exception = True
    template_name = "generic/import.html"
    form_class: ClassVar[type[forms.Form]]
    pipeline: ClassVar[ImportPipeline]
    title: ClassVar[Any] = ""
    help_text: ClassVar[Any] = ""  # the columns and rules, above the form
    submit_label: ClassVar[Any] = _("上传并校验")
    template_url_name: ClassVar[str | None] = None  # the template download, when the import has one
    template_label: ClassVar[Any] = _("下载导入模板")

    def get_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return self.form_class(data, files)

    def get_context_data(self, form: forms.Form, **extra: Any) -> dict[str, Any]:
        return {
            "form": form,
            "title": self.title,
            "help_text": self.help_text,
            "submit_label": self.submit_label,
            "template_url": reverse(self.template_url_name) if self.template_url_name else None,
            "template_label": self.template_label,
            **extra,
        }

    def render_form(self, form: forms.Form, **extra: Any) -> HttpResponse:
        return render(self.request, self.template_name, self.get_context_data(form, **extra))

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_form(self.get_form())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self.get_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form)
        return self.form_valid(form)

    def params(self, form: forms.Form) -> dict[str, Any]:
        """What the preview needs from the form besides the file (a year, say)."""
        return {}

    def form_valid(self, form: forms.Form) -> HttpResponse:
        started = self.pipeline.start(
            upload=form.cleaned_data["file"], actor=self.request.user, params=self.params(form)
        )
        return HttpResponseRedirect(started.get_absolute_url())


class ImportPreviewView(PermissionRequiredMixin, View):
    """The preview of an upload: its figures, every finding by sheet/row/column, and the confirm button,
    which only a clean file has; after confirming, the same page tells whether the write happened."""

    raise_exception = True
    template_name = "generic/import_preview.html"
    pipeline: ClassVar[ImportPipeline]
    title: ClassVar[Any] = _("导入预览")
    import_url_name: ClassVar[str]  # upload again / cancel
    list_url_name: ClassVar[str]  # where the imported rows are listed
    list_label: ClassVar[Any]
    # The figures above the findings (result key, label); the errors always come last.
    summary_fields: ClassVar[Sequence[tuple[str, Any]]] = (
        ("sheet", _("工作表")),
        ("rows_total", _("数据行")),
        ("creates", _("新增")),
        ("updates", _("更新")),
    )
    # Columns of the sample of changes (result key, label), when the preview keeps one.
    sample_fields: ClassVar[Sequence[tuple[str, Any]]] = ()

    def figure(self, key: str, result: dict[str, Any]) -> str:
        value = result.get(key)
        if isinstance(value, int):
            return str(intcomma(value))
        return str(value) if value else "—"

    def get_context_data(self, preview: Any, result: dict[str, Any]) -> dict[str, Any]:
        sample = [
            {"cells": [row.get(key) for key, _label in self.sample_fields], "action": row.get("action")}
            for row in ((result.get("sample") or []) if self.sample_fields else [])
        ]
        return {
            "job": preview,
            "result": result,
            "title": self.title,
            "applied": self.pipeline.is_applied(preview),
            "figures": [(label, self.figure(key, result), key.replace("_", "-")) for key, label in self.summary_fields],
            "sample_labels": [label for _key, label in self.sample_fields],
            "sample": sample,
            "import_url": reverse(self.import_url_name),
            "list_url": reverse(self.list_url_name),
            "list_label": self.list_label,
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        preview = self.pipeline.preview_of(user=request.user, pk=pk)
        result = self.pipeline.result_of(preview)
        if result is None:  # still running, or failed: its own page shows the progress or why
            return HttpResponseRedirect(preview.get_absolute_url())
        return render(request, self.template_name, self.get_context_data(preview, result))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        preview = self.pipeline.preview_of(user=request.user, pk=pk)
        try:
            applied = self.pipeline.confirm(preview=preview, actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect(applied.get_absolute_url())


class ImportTemplateView(PermissionRequiredMixin, View):
    """The empty workbook of an import (`core.excel.ImportTemplate`), to fill in and upload."""

    raise_exception = True
    workbook: ClassVar[ImportTemplate]

    def get(self, request: HttpRequest) -> HttpResponseBase:
        return self.workbook.response()
