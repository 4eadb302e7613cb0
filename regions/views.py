from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.excel import Column
from core.pipeline import ImportView
from core.views import ObjectDetailView, ObjectEditView, ObjectExportView, ObjectListView, ObjectViews

from . import services
from .filtersets import DepartmentFilterSet, RegionFilterSet
from .forms import DepartmentForm, RegionForm, RegionUploadForm
from .models import Department, Region
from .tables import DepartmentTable, RegionTable


class RegionListView(ObjectListView):
    model = Region
    table_class = RegionTable
    filterset_class = RegionFilterSet
    template_name = "regions/region_list.html"


class RegionExportView(ObjectExportView):
    model = Region
    filterset_class = RegionFilterSet
    columns = [
        Column("code", lambda r: r.code, 16),
        Column("name", lambda r: r.name, 36),
        Column("kind", lambda r: r.kind, 12),
        Column("depth", lambda r: r.depth, 8),
        Column("aliases", lambda r: ";".join(r.aliases or []), 40),
    ]
    ordering = ("path",)


class RegionDetailView(ObjectDetailView):
    model = Region
    fields = ("code", "name", "kind", "aliases")


class RegionEditView(ObjectEditView):
    """Regions are edited (name, kind, aliases); new ones come by CSV so codes and parents stay consistent."""

    model = Region
    form_class = RegionForm
    update_service = services.region_update

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if "pk" not in kwargs:
            return HttpResponseRedirect(reverse("regions:region_import"))
        return super().dispatch(request, *args, **kwargs)


class RegionImportView(ImportView):
    """Upload the region CSV: a preview of creates, updates and problems on the same page, then confirm."""

    permission_required = ("regions.add_region", "regions.change_region")
    template_name = "regions/region_import.html"
    form_class = RegionUploadForm
    title = _("导入地区")
    help_text = _("CSV 列：code,name,kind,parent_code,aliases（别名用英文分号分隔）。再次导入时按代码更新，不会重复。")
    submit_label = _("上传并预览")

    def form_valid(self, form: forms.Form) -> HttpResponse:
        request = self.request
        upload = form.cleaned_data.get("file")
        if upload:
            try:
                content = services.csv_text(upload.read())  # the upload is read once
            except ValueError as exc:
                form.add_error("file", str(exc))
                return self.render_form(form)
        else:
            content = form.cleaned_data.get("content") or ""
        if "confirm" in request.POST and content:
            plan = services.regions_load_csv(data=content, actor=request.user)
            if plan.ok:
                messages.success(
                    request,
                    gettext("地区已导入：新增 %(c)d，更新 %(u)d，未变 %(n)d")
                    % {"c": len(plan.creates), "u": len(plan.updates), "n": len(plan.unchanged)},
                )
                return HttpResponseRedirect(reverse("regions:region_list"))
        else:
            plan = services.regions_plan_csv(content)
        return self.render_form(RegionUploadForm(initial={"content": content}), plan=plan, content=content)


class DepartmentExportView(ObjectExportView):
    model = Department
    filterset_class = DepartmentFilterSet
    related = ("region",)
    columns = [
        Column("名称", lambda d: d.name, 30),
        Column("简称", lambda d: d.short_name, 12),
        Column("层级", lambda d: d.get_level_display(), 10),
        Column("所属地区", lambda d: d.region.name, 20),
    ]


class DepartmentViews(ObjectViews):
    model = Department
    table_class = DepartmentTable
    filterset_class = DepartmentFilterSet
    form_class = DepartmentForm
    services = (services.department_create, services.department_update, services.department_delete)
    related = ("region",)
    fields = ("name", "short_name", "level", "region")
