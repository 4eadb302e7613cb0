from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.excel import Column
from core.pipeline import ImportView
from core.scope import access_object
from core.views import (
    ModelPermissionMixin,
    ObjectDetailView,
    ObjectExportView,
    ObjectViews,
    ScopedQuerysetMixin,
    access_object_from,
)
from jobs.models import Job
from jobs.services import job_start
from regions.models import Region

from . import services
from .exports import decomposition_response
from .filtersets import IndicatorFilterSet, PlanFilterSet, TargetFilterSet
from .forms import IndicatorForm, PlanConfirmForm, PlanForm, PlanImportForm, TargetForm
from .importing import as_result
from .jobs import PREVIEW, job_preview
from .models import Indicator, Plan, Target
from .selectors import plan_decomposition
from .tables import IndicatorTable, PlanTable, TargetTable

# --- plans ---------------------------------------------------------------------------------------


class PlanDetailView(ObjectDetailView):
    """The plan's fields and its decomposition table, as the notice shows it, limited to the user's units."""

    template_name = "targets/plan_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        table = plan_decomposition(plan=self.object, user=self.request.user)
        ctx["decomposition"] = table
        ctx["grid"] = table.grid() if not table.is_empty else []
        return ctx


class PlanViews(ObjectViews):
    """Plans come in by importing a notice's table (no add page)."""

    model = Plan
    table_class = PlanTable
    filterset_class = PlanFilterSet
    form_class = PlanForm
    update_service = services.plan_update
    delete_service = services.plan_delete
    related = ("scope_region",)
    fields = (
        "title",
        "document_number",
        "issuer",
        "issued_on",
        "year_start",
        "year_end",
        "scope_region",
        "source",
        "notes",
    )
    detail_view = PlanDetailView
    add_page = False


class PlanTableExportView(ModelPermissionMixin, ScopedQuerysetMixin, View):
    """The plan's decomposition table as .xlsx, with the user's units only."""

    model = Plan
    related = ("scope_region",)

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        plan = access_object_from(self.get_queryset(), pk)
        table = plan_decomposition(plan=plan, user=request.user)
        name = (plan.document_number or plan.title)[:60]
        return decomposition_response(table, filename=f"{name}-目标任务分解表.xlsx")


class PlanImportView(ImportView):
    """Upload a notice (Excel or Word) or paste its table; a job reads it and opens the preview."""

    permission_required = "targets.add_plan"
    form_class = PlanImportForm
    title = gettext_lazy("导入目标任务分解表")
    help_text = gettext_lazy(
        "上传通知的附件（Excel 或 Word，可包含多张表格），或从 Excel、Word 中复制分解表后粘贴在下面。"
        "系统识别单位、指标和每个目标值，并核对全市数与各单位之和；识别结果和发现的问题在预览中列出，确认后才写入。"
    )
    submit_label = gettext_lazy("上传并识别")

    def form_valid(self, form: BaseForm) -> HttpResponse:
        upload = form.cleaned_data.get("file")
        if upload is not None:
            params: dict[str, Any] = {"filename": upload.name, "table": form.cleaned_data.get("table")}
            content = upload
            label = upload.name
        else:
            params = {"filename": "pasted.txt", "pasted": True}
            content = ContentFile(form.cleaned_data["text"].encode("utf-8"), name="pasted.txt")
            label = _("粘贴的表格")
        job = job_start(
            kind=PREVIEW,
            title=_("目标任务分解表识别：%s") % label,
            actor=self.request.user,
            params=params,
            input_file=content,
        )
        return HttpResponseRedirect(job.get_absolute_url())


class PlanImportPreviewView(PermissionRequiredMixin, View):
    """What was recognised, every finding, and the plan's metadata to confirm; confirming writes the plan."""

    permission_required = "targets.add_plan"
    raise_exception = True
    template_name = "targets/plan_import_preview.html"

    def get_job(self, request: HttpRequest, pk: int) -> Job:
        job = access_object(Job, request.user, pk)
        if job.kind != PREVIEW:
            raise Http404
        return job

    def form(self, request: HttpRequest, result: dict[str, Any], data: Any = None) -> PlanConfirmForm:
        meta = result.get("metadata", {})
        region = Region.objects.filter(code=meta.get("scope_region_code")).first()
        initial = {
            k: meta.get(k) for k in ("title", "document_number", "issuer", "issued_on", "year_start", "year_end")
        }
        initial["scope_region"] = region
        return PlanConfirmForm(
            data,
            initial=initial,
            user=request.user,
            indicators=result.get("indicators", []),
            warnings=result.get("warnings", 0),
        )

    def render_preview(
        self, request: HttpRequest, job: Job, result: dict[str, Any], form: PlanConfirmForm
    ) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {"job": job, "result": result, "form": form, "title": _("目标任务分解表导入预览")},
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_job(request, pk)
        if not job.is_finished:
            return HttpResponseRedirect(job.get_absolute_url())
        result = job.result or {}
        return self.render_preview(request, job, result, self.form(request, result))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_job(request, pk)
        stored = job.result or {}
        form = self.form(request, stored, request.POST)
        if not job.is_finished or not form.is_valid():
            return self.render_preview(request, job, stored, form)
        # Recognise again: the user's kind corrections change which checks apply, and regions may have changed.
        preview = job_preview(job, overrides=form.overrides())
        result = as_result(preview)
        if not preview.ok:
            messages.error(request, _("表格存在错误，不能导入；本次未写入任何数据。"))
            return self.render_preview(request, job, result, self.form(request, result, request.POST))
        try:
            plan = services.plan_import(
                data=form.plan_data(),
                tables=preview.tables,
                actor=request.user,
                source=job.params.get("filename", ""),
                reason=_("导入目标任务分解表（任务 #%(job)s，%(file)s）")
                % {"job": job.pk, "file": job.params.get("filename", "")},
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return self.render_preview(request, job, result, form)
        messages.success(request, _("已导入：%s") % plan)
        return HttpResponseRedirect(plan.get_absolute_url())


# --- indicators ------------------------------------------------------------------------------------


class IndicatorViews(ObjectViews):
    """A plan's indicators come with the plan: changed, never added or deleted on their own."""

    model = Indicator
    table_class = IndicatorTable
    filterset_class = IndicatorFilterSet
    form_class = IndicatorForm
    update_service = services.indicator_update
    related = ("plan",)
    fields = ("plan", "name", "unit", "kind", "direction", "order")
    add_page = False
    delete_view = None


# --- targets ---------------------------------------------------------------------------------------

TARGET_RELATED = ("indicator", "indicator__plan", "region")


class TargetDetailView(ObjectDetailView):
    def get_fields(self) -> list[tuple[str, Any]]:
        # The value in the notice's unit (780 亿元), and as stored (money in 万元, domain.md §13).
        target = self.object
        unit = target.indicator.unit
        return [
            *super().get_fields(),
            (_("目标值（%s）") % unit if unit else _("目标值"), target.display_value),
            (_("存储值（%s）") % target.indicator.storage_unit if unit else _("存储值"), target.value),
        ]


class TargetViews(ObjectViews):
    """A plan's targets come with the plan: changed, never added or deleted on their own."""

    model = Target
    table_class = TargetTable
    filterset_class = TargetFilterSet
    form_class = TargetForm
    update_service = services.target_update
    related = TARGET_RELATED
    fields = (
        "indicator",
        "region",
        "period_kind",
        "year_start",
        "year_end",
        "status",
        "comparator",
        "relative_kind",
        "relative_offset",
        "raw_text",
        "source",
    )
    detail_view = TargetDetailView
    add_page = False
    delete_view = None


class TargetExportView(ObjectExportView):
    model = Target
    filterset_class = TargetFilterSet
    related = TARGET_RELATED
    ordering = ("indicator__plan", "indicator__order", "year_start", "region__path")
    columns = [
        Column(_("计划"), lambda t: t.indicator.plan.title, 36),
        Column(_("指标"), lambda t: t.indicator.name, 30),
        Column(_("计量单位"), lambda t: t.indicator.unit, 10),
        Column(_("单位"), lambda t: t.region.name, 24),
        Column(_("期间"), lambda t: t.period_label, 16),
        Column(_("目标"), lambda t: t.display, 16),
        Column(_("目标值"), lambda t: t.display_value, 14),
        Column(_("目标类型"), lambda t: t.get_status_display(), 10),
        Column(_("原文"), lambda t: t.raw_text, 30),
    ]
