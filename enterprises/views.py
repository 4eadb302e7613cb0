from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from core.excel import Column, xlsx_response
from core.scope import access_object
from core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectExportView,
    ObjectListView,
    ObjectSearchView,
)
from jobs.choices import JobStatus
from jobs.models import Job
from jobs.services import job_apply_preview, job_start

from . import services
from .filtersets import EnterpriseFilterSet, IndustryFilterSet, TagFilterSet
from .forms import EnterpriseForm, ImportUploadForm, TagForm
from .importing import COLUMNS
from .jobs import APPLY, PREVIEW
from .models import Enterprise, Industry, Tag
from .tables import EnterpriseTable, IndustryTable, TagTable


class EnterpriseListView(ObjectListView):
    model = Enterprise
    table_class = EnterpriseTable
    filterset_class = EnterpriseFilterSet
    related = ("region", "industry")


ENTERPRISE_COLUMNS = [
    Column(COLUMNS["uscc"][0], lambda e: e.uscc, 22),
    Column(COLUMNS["name"][0], lambda e: e.name, 36),
    Column(COLUMNS["region"][0], lambda e: e.region.name, 18),
    Column(COLUMNS["industry"][0], lambda e: e.industry.code if e.industry else None, 10),
    Column("行业名称", lambda e: e.industry.name if e.industry else None, 28),
    Column(COLUMNS["size_class"][0], lambda e: e.get_size_class_display(), 8),
    Column(COLUMNS["land_mu"][0], lambda e: e.land_mu, 14, "#,##0.00"),
    Column(COLUMNS["employees"][0], lambda e: e.employees, 14, "#,##0"),
    Column(COLUMNS["listed"][0], lambda e: e.listed, 10),
    Column(COLUMNS["address"][0], lambda e: e.address, 30),
    Column(COLUMNS["tags"][0], lambda e: "；".join(t.name for t in e.tags.all()), 20),
]


class EnterpriseExportView(ObjectExportView):
    model = Enterprise
    filterset_class = EnterpriseFilterSet
    related = ("region", "industry")
    prefetch = ("tags",)
    columns = ENTERPRISE_COLUMNS
    ordering = ("region__path", "name")


class EnterpriseDetailView(ObjectDetailView):
    model = Enterprise
    related = ("region", "industry")
    fields = ("uscc", "name", "region", "industry", "size_class", "land_mu", "employees", "listed", "address", "tags")
    template_name = "enterprises/enterprise_detail.html"


class EnterpriseEditView(ObjectEditView):
    model = Enterprise
    form_class = EnterpriseForm
    create_service = services.enterprise_create
    update_service = services.enterprise_update


class EnterpriseDeleteView(ObjectDeleteView):
    model = Enterprise
    delete_service = services.enterprise_delete


class EnterpriseImportView(PermissionRequiredMixin, View):
    """Upload an Excel file; a background job validates it and the preview lists every problem."""

    permission_required = "enterprises.add_enterprise"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request, "enterprises/enterprise_import.html", {"form": ImportUploadForm(), "title": _("导入企业")}
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "enterprises/enterprise_import.html", {"form": form, "title": _("导入企业")})
        upload = form.cleaned_data["file"]
        job = job_start(
            kind=PREVIEW,
            title=_("企业导入校验：%s") % upload.name,
            actor=request.user,
            params={"filename": upload.name},
            input_file=upload,
        )
        return HttpResponseRedirect(job.get_absolute_url())


class EnterpriseImportPreviewView(PermissionRequiredMixin, View):
    """The preview of an import job: counts, every finding by sheet/row/column, and the confirm button."""

    permission_required = "enterprises.add_enterprise"
    raise_exception = True

    def get_job(self, request: HttpRequest, pk: int) -> Job:
        job = access_object(Job, request.user, pk)
        if job.kind not in (PREVIEW, APPLY):
            from django.http import Http404

            raise Http404
        return job

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_job(request, pk)
        if job.status != JobStatus.SUCCEEDED:
            # still running, or failed: the job page shows the progress or why it failed
            return HttpResponseRedirect(job.get_absolute_url())
        return render(
            request,
            "enterprises/enterprise_import_preview.html",
            {"job": job, "result": job.result or {}, "title": _("导入预览"), "applied": job.kind == APPLY},
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_job(request, pk)
        title = _("企业导入：%s") % job.params.get("filename", "")
        try:
            apply_job = job_apply_preview(
                preview=job, preview_kind=PREVIEW, apply_kind=APPLY, title=title, actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect(apply_job.get_absolute_url())


class EnterpriseImportTemplateView(PermissionRequiredMixin, View):
    """The empty import template: the export's columns and one example row."""

    permission_required = "enterprises.add_enterprise"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponseBase:
        columns = [Column(c.header, _getter(c.header), c.width) for c in ENTERPRISE_COLUMNS if c.header != "行业名称"]
        rows = [
            {
                "统一社会信用代码": "（18位代码）",
                "企业名称": "嘉兴示例制造有限公司",
                "属地": "南湖区",
                "行业代码": "C34",
                "规模": "规上",
                "用地面积（亩）": 35.5,
                "从业人员（人）": 210,
                "上市企业": "否",
                "地址": "",
                "标签": "专精特新；高新技术",
            }
        ]
        return xlsx_response(filename="企业导入模板.xlsx", sheet="企业", title=None, columns=columns, rows=rows)


def _getter(header: str) -> Callable[[dict[str, object]], object]:
    return lambda row: row.get(header)


class IndustryListView(ObjectListView):
    model = Industry
    table_class = IndustryTable
    filterset_class = IndustryFilterSet


class IndustryDetailView(ObjectDetailView):
    model = Industry
    fields = ("code", "name", "level", "parent")


class TagListView(ObjectListView):
    model = Tag
    table_class = TagTable
    filterset_class = TagFilterSet


class TagDetailView(ObjectDetailView):
    model = Tag
    fields = ("name",)


class TagEditView(ObjectEditView):
    model = Tag
    form_class = TagForm
    create_service = services.tag_create
    update_service = services.tag_update


class TagDeleteView(ObjectDeleteView):
    model = Tag
    delete_service = services.tag_delete


class EnterpriseSearchView(ObjectSearchView):
    """Enterprises for a search picker, by name, credit code or unit (the user's scope only)."""

    model = Enterprise
    related = ("region",)
    search_fields = ("name", "uscc", "region__name")
    ordering = ("name",)

    def row(self, obj: Enterprise) -> dict[str, str]:
        return {"value": str(obj.pk), "uscc": obj.uscc, "text": obj.name, "detail": f"{obj.uscc} · {obj.region.name}"}
