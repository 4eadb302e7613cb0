"""亩均 yearly enterprise data: list, detail, export, and the Excel import with its template and preview."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.excel import Column, xlsx_response
from core.scope import access_object
from core.views import (
    ObjectDetailView,
    ObjectExportView,
    ObjectListView,
)
from jobs.choices import JobStatus
from jobs.models import Job

from .. import forms, services
from ..filtersets import (
    EnterpriseYearDataFilterSet,
    ListEntryFilterSet,
)
from ..jobs import APPLY, PREVIEW
from ..models import (
    EnterpriseYearData,
    ListEntry,
)
from ..tables import (
    EnterpriseYearDataTable,
    ListEntryTable,
)
from .base import SimpleDeleteView, SimpleEditView

# --- lists and yearly data ------------------------------------------------------------------------------


class ListEntryListView(ObjectListView):
    model = ListEntry
    table_class = ListEntryTable
    filterset_class = ListEntryFilterSet
    related = ("enterprise",)


class ListEntryDetailView(ObjectDetailView):
    model = ListEntry
    fields = ("year", "enterprise", "kind", "reason")


class ListEntryExportView(ObjectExportView):
    model = ListEntry
    filterset_class = ListEntryFilterSet
    related = ("enterprise",)
    columns = [
        Column(_("年度"), lambda o: o.year, 8),
        Column(_("统一社会信用代码"), lambda o: o.enterprise.uscc, 22),
        Column(_("企业名称"), lambda o: o.enterprise.name, 36),
        Column(_("名单类型"), lambda o: o.get_kind_display(), 18),
        Column(_("原因"), lambda o: o.reason, 30),
    ]


class ListEntryEditView(SimpleEditView):
    model = ListEntry
    form_class = forms.ListEntryForm


class ListEntryDeleteView(SimpleDeleteView):
    model = ListEntry


class EnterpriseYearDataListView(ObjectListView):
    model = EnterpriseYearData
    table_class = EnterpriseYearDataTable
    filterset_class = EnterpriseYearDataFilterSet
    related = ("enterprise", "enterprise__region")


class EnterpriseYearDataDetailView(ObjectDetailView):
    model = EnterpriseYearData
    fields = ("enterprise", "year", "size_class", "tax", "value_added", "revenue", "land_mu", "energy_tce",
              "emission_t", "employees", "rd", "electricity", "parcel", "items", "not_graded")  # fmt: skip


class EnterpriseYearDataExportView(ObjectExportView):
    model = EnterpriseYearData
    filterset_class = EnterpriseYearDataFilterSet
    related = ("enterprise",)
    ordering = ("year", "enterprise__name")

    @property
    def columns(self) -> list[Column]:  # type: ignore[override]
        from ..importing import COLUMNS

        cols = [
            Column(COLUMNS["uscc"], lambda o: o.enterprise.uscc, 22),
            Column(_("企业名称"), lambda o: o.enterprise.name, 36),
        ]
        for key, header in COLUMNS.items():
            if key in ("uscc",):
                continue
            cols.append(Column(header, (lambda k: lambda o: _cell(o, k))(key), 14))
        return cols


def _cell(obj: EnterpriseYearData, key: str) -> Any:
    value = getattr(obj, key)
    if key == "items":
        return "；".join(value or [])
    if key == "size_class":
        return obj.get_size_class_display()
    return value


class EnterpriseYearDataEditView(SimpleEditView):
    model = EnterpriseYearData
    form_class = forms.EnterpriseYearDataForm


class EnterpriseYearDataDeleteView(SimpleDeleteView):
    model = EnterpriseYearData


class YearDataImportView(PermissionRequiredMixin, View):
    """Upload → a job checks every row (findings by sheet/row/column) → preview → confirm → atomic write."""

    permission_required = "mujun.add_enterpriseyeardata"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "mujun/import.html", {"form": forms.ImportUploadForm(), "title": _("导入亩均年度数据")})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "mujun/import.html", {"form": form, "title": _("导入亩均年度数据")})
        job = services.year_data_import_start(upload=form.cleaned_data["file"], actor=request.user)
        return HttpResponseRedirect(job.get_absolute_url())


class YearDataImportTemplateView(PermissionRequiredMixin, View):
    """The import template to fill in: the importer's headers in order and one example row."""

    permission_required = "mujun.add_enterpriseyeardata"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponseBase:
        return year_data_template()


def year_data_template() -> FileResponse:
    """The yearly-data import template (page and API): a title with the filling rules, the headers of
    importing.COLUMNS in their order, and a 规上 firm of last year as the example row (item codes joined by
    "；", one of the separators the importer splits on)."""
    from ..importing import COLUMNS

    example: dict[str, Any] = {
        "uscc": _("（18位统一社会信用代码）"),
        "year": timezone.localdate().year - 1,
        "size_class": "规上",  # a value the importer reads, so never translated
        "tax": Decimal("860.5"),
        "value_added": Decimal("4200"),
        "revenue": Decimal("18500"),
        "land_mu": Decimal("35.5"),
        "energy_tce": Decimal("2600"),
        "emission_t": Decimal("12.4"),
        "employees": 210,
        "rd": Decimal("560"),
        "electricity": Decimal("1450"),
        "parcel": "",
        "items": "hightech；rd_center",
        "not_graded": "否",  # read by the importer, so never translated
    }
    widths = {"uscc": 24, "parcel": 16, "items": 22}
    columns = [
        Column(header, (lambda k: lambda row: row[k])(key), widths.get(key, 14)) for key, header in COLUMNS.items()
    ]
    title = _(
        "亩均年度数据导入模板：每行一家企业一个年度；规模填“规上”或“规下”；"
        "加减分项代码为评价规则中的代码，多个用“；”分隔；不参评填“是”或“否”。示例行请替换为实际数据。"
    )
    return xlsx_response(
        filename=_("亩均年度数据导入模板") + ".xlsx", sheet=_("亩均年度数据"), title=title, columns=columns,
        rows=[example],
    )  # fmt: skip


class YearDataImportPreviewView(PermissionRequiredMixin, View):
    permission_required = "mujun.add_enterpriseyeardata"
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
        return render(request, "mujun/import_preview.html", ctx)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_job(request, pk)
        try:
            apply_job = services.year_data_import_apply(preview=job, actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect(apply_job.get_absolute_url())
