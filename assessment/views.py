"""Pages of the assessment: schemes with their rules and bonus/penalty items, the year's ranking with each
unit's explanation, duties, quarterly progress and the quarter's laggards. Declarative on core/views.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core import clock
from core.excel import Column, xlsx_response
from core.pipeline import ImportPreviewView, ImportTemplateView, ImportView
from core.views import (
    AttachmentDownloadView,
    ModelPermissionMixin,
    ObjectActionView,
    ObjectDetailView,
    ObjectExportView,
    ObjectViews,
    ScopedQuerysetMixin,
    access_object_from,
)
from targets.models import Plan

from . import services
from .choices import QUARTERS
from .filtersets import (
    AssessmentResultFilterSet,
    DutyFilterSet,
    DutyProgressFilterSet,
    ScoringSchemeFilterSet,
)
from .forms import (
    DutyForm,
    DutyProgressForm,
    DutyUploadForm,
    ScoreAdjustmentForm,
    ScoringRuleForm,
    ScoringSchemeForm,
)
from .importing import TEMPLATE as DUTY_TEMPLATE
from .jobs import DUTY_IMPORT
from .models import AssessmentResult, Duty, DutyAttachment, DutyProgress, ScoreAdjustment, ScoringRule, ScoringScheme
from .selectors import laggard_list
from .tables import AssessmentResultTable, DutyProgressTable, DutyTable, ScoringSchemeTable

# --- schemes -----------------------------------------------------------------------------------------


class ScoringSchemeDetailView(ObjectDetailView):
    """The scheme, its rules and bonus/penalty items, and the ranking with each unit's explanation."""

    related = ("plan", "published_by")
    template_name = "assessment/scoringscheme_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        scheme = self.object
        user = self.request.user
        ctx["rules"] = list(scheme.rules.select_related("indicator").order_by("order", "pk"))
        ctx["adjustments"] = list(
            ScoreAdjustment.objects.visible_to(user).filter(scheme=scheme).select_related("region")  # type: ignore[attr-defined]
        )
        ctx["results"] = list(
            AssessmentResult.objects.visible_to(user)  # type: ignore[attr-defined]
            .filter(scheme=scheme)
            .select_related("region")
            .order_by("rank", "region__path")
        )
        open_ = not scheme.is_published
        ctx["can_change"] = open_ and user.has_perm("assessment.change_scoringscheme")
        ctx["can_add_rule"] = open_ and user.has_perm("assessment.add_scoringrule")
        ctx["can_add_adjustment"] = open_ and user.has_perm("assessment.add_scoreadjustment")
        ctx["can_publish"] = open_ and bool(ctx["results"]) and user.has_perm("assessment.publish_scoringscheme")
        if not open_:
            ctx["edit_url"] = ctx["delete_url"] = None
        return ctx


class ScoringSchemeViews(ObjectViews):
    model = ScoringScheme
    table_class = ScoringSchemeTable
    filterset_class = ScoringSchemeFilterSet
    form_class = ScoringSchemeForm
    services = (services.scoringscheme_create, services.scoringscheme_update, services.scoringscheme_delete)
    related = ("plan",)
    fields = ("plan", "name", "year", "total_points", "notes", "computed_at", "published_at", "published_by")
    detail_view = ScoringSchemeDetailView


class ScoringSchemeComputeView(ObjectActionView):
    permission_required = "assessment.change_scoringscheme"
    model = ScoringScheme
    service = services.scoringscheme_compute
    success_message = gettext_lazy("已根据市局确认的 12 月月报计算考核结果")


class ScoringSchemePublishView(ObjectActionView):
    permission_required = "assessment.publish_scoringscheme"
    model = ScoringScheme
    service = services.scoringscheme_publish
    success_message = gettext_lazy("考核结果已发布")


def result_columns() -> list[Column]:
    return [
        Column(_("排名"), lambda r: r.rank, 8),
        Column(_("单位"), lambda r: r.region.name, 24),
        Column(_("总分"), lambda r: r.total, 10),
        Column(_("应得分"), lambda r: r.max_points, 10),
        Column(_("考核方案"), lambda r: r.scheme.name, 30),
        Column(_("考核年度"), lambda r: r.scheme.year, 10),
        Column(_("得分说明"), lambda r: "\n".join(line["explanation"] for line in r.lines), 90),
    ]


class ScoringSchemeResultsExportView(ModelPermissionMixin, ScopedQuerysetMixin, View):
    """The scheme's ranking as .xlsx: rank, unit, total and every line's explanation (the user's units only)."""

    model = ScoringScheme

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        scheme = access_object_from(self.get_queryset(), pk)
        rows = (
            AssessmentResult.objects.visible_to(request.user)  # type: ignore[attr-defined]
            .filter(scheme=scheme)
            .select_related("region", "scheme")
            .order_by("rank", "region__path")
        )
        title = _("%(name)s 考核结果") % {"name": scheme.name}
        return xlsx_response(
            filename=f"{scheme.name[:60]}-{scheme.year}.xlsx",
            sheet=_("考核结果"),
            title=title,
            columns=result_columns(),
            rows=rows,
        )


# --- rules and bonus/penalty items ---------------------------------------------------------------------


class ScoringRuleViews(ObjectViews):
    model = ScoringRule
    form_class = ScoringRuleForm
    services = (services.scoringrule_create, services.scoringrule_update, services.scoringrule_delete)
    related = ("scheme", "indicator")
    initial_keys = ("scheme",)
    back_to_parent = True
    list_view = None
    detail_view = None


class ScoreAdjustmentViews(ObjectViews):
    model = ScoreAdjustment
    form_class = ScoreAdjustmentForm
    services = (services.scoreadjustment_create, services.scoreadjustment_update, services.scoreadjustment_delete)
    related = ("scheme", "region")
    initial_keys = ("scheme", "region")
    back_to_parent = True
    list_view = None
    detail_view = None


# --- results -----------------------------------------------------------------------------------------

RESULT_RELATED = ("scheme", "region")


class AssessmentResultDetailView(ObjectDetailView):
    """One unit's score: every line with its points and the sentence explaining them."""

    template_name = "assessment/assessmentresult_detail.html"


class AssessmentResultViews(ObjectViews):
    model = AssessmentResult
    table_class = AssessmentResultTable
    filterset_class = AssessmentResultFilterSet
    related = RESULT_RELATED
    fields = ("scheme", "region", "total", "max_points", "rank", "computed_at")
    detail_view = AssessmentResultDetailView
    edit_view = None
    delete_view = None


class AssessmentResultExportView(ObjectExportView):
    model = AssessmentResult
    filterset_class = AssessmentResultFilterSet
    related = RESULT_RELATED
    ordering = ("scheme", "rank", "region__path")
    columns = result_columns()


# --- duties ------------------------------------------------------------------------------------------

DUTY_RELATED = ("plan", "department")


class DutyDetailView(ObjectDetailView):
    template_name = "assessment/duty_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["progress"] = list(self.object.progress.order_by("-year", "-quarter"))
        ctx["can_add_progress"] = self.request.user.has_perm("assessment.add_dutyprogress")
        return ctx


class DutyImportView(ImportView):
    """The duty table (部门责任分解表): upload → a job checks every row → preview with findings → confirm."""

    permission_required = "assessment.add_duty"
    form_class = DutyUploadForm
    pipeline = DUTY_IMPORT
    title = gettext_lazy("导入部门责任分解表")
    help_text = gettext_lazy(
        "Excel 或 Word（.docx，读取其中的表格）；每行一项工作任务；列：计划（文号或标题；表中没有此列时在下方选择计划）、"
        "工作任务、牵头单位（或“责任单位”）、配合单位、相关指标。部门按全称或简称识别"
        "（“市经信局”为市级部门，“海宁市经信局”为县级部门），多个部门用顿号分隔；同一计划中同一部门的同一工作任务"
        "会被更新，其余新增。有问题的文件不会写入任何数据。"
    )
    template_url_name = "assessment:duty_import_template"

    def get_form(self, data: Any = None, files: Any = None) -> BaseForm:  # type: ignore[override]
        return DutyUploadForm(data, files, user=self.request.user)

    def params(self, form: Any) -> dict[str, Any]:
        plan = form.cleaned_data.get("plan")
        return {"plan_id": plan.pk} if plan is not None else {}


class DutyImportTemplateView(ImportTemplateView):
    permission_required = "assessment.add_duty"
    workbook = DUTY_TEMPLATE


class DutyImportPreviewView(ImportPreviewView):
    permission_required = "assessment.add_duty"
    pipeline = DUTY_IMPORT
    title = gettext_lazy("部门责任分解表导入预览")
    import_url_name = "assessment:duty_import"
    list_url_name = "assessment:duty_list"
    list_label = gettext_lazy("查看部门责任")


class DutyViews(ObjectViews):
    model = Duty
    table_class = DutyTable
    filterset_class = DutyFilterSet
    form_class = DutyForm
    services = (services.duty_create, services.duty_update, services.duty_delete)
    related = DUTY_RELATED
    fields = ("plan", "department", "role", "text", "indicators", "order")
    detail_view = DutyDetailView


class DutyExportView(ObjectExportView):
    model = Duty
    filterset_class = DutyFilterSet
    related = DUTY_RELATED
    ordering = ("plan", "department__name", "order", "pk")
    columns = [
        Column(_("计划"), lambda d: d.plan.title, 36),
        Column(_("责任部门"), lambda d: d.department.name, 20),
        Column(_("责任类型"), lambda d: d.get_role_display(), 10),
        Column(_("工作任务"), lambda d: d.text, 80),
    ]


PROGRESS_RELATED = ("duty", "duty__department", "duty__plan", "submitted_by")


class DutyProgressDetailView(ObjectDetailView):
    template_name = "assessment/dutyprogress_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["attachments"] = list(self.object.attachments.order_by("pk"))
        return ctx


class DutyProgressViews(ObjectViews):
    model = DutyProgress
    table_class = DutyProgressTable
    filterset_class = DutyProgressFilterSet
    form_class = DutyProgressForm
    services = (services.dutyprogress_create, services.dutyprogress_update, services.dutyprogress_delete)
    related = PROGRESS_RELATED
    fields = ("duty", "year", "quarter", "status", "note", "submitted_by", "updated_at")
    initial_keys = ("duty", "year", "quarter")
    detail_view = DutyProgressDetailView


PROGRESS_COLUMNS = [
    Column(_("责任部门"), lambda p: p.duty.department.name, 20),
    Column(_("工作任务"), lambda p: p.duty.text, 60),
    Column(_("年度"), lambda p: p.year, 8),
    Column(_("季度"), lambda p: p.get_quarter_display(), 10),
    Column(_("推进状态"), lambda p: p.get_status_display(), 12),
    Column(_("进展情况"), lambda p: p.note, 80),
]


class DutyProgressExportView(ObjectExportView):
    model = DutyProgress
    filterset_class = DutyProgressFilterSet
    related = PROGRESS_RELATED
    ordering = ("-year", "-quarter", "duty__department__name", "pk")
    columns = PROGRESS_COLUMNS


class DutyAttachmentDownloadView(AttachmentDownloadView):
    """An attachment's file, for those who may see its duty (404 otherwise, as for a missing one)."""

    model = DutyAttachment


# --- the quarter's laggards --------------------------------------------------------------------------


def current_quarter(today: dt.date | None = None) -> tuple[int, int]:
    today = today or clock.today()
    return today.year, (today.month - 1) // 3 + 1


class LaggardMixin(PermissionRequiredMixin):
    permission_required = "assessment.view_dutyprogress"
    raise_exception = True
    request: HttpRequest

    def period(self) -> tuple[int, int, Plan | None]:
        year, quarter = current_quarter()
        try:
            year = int(self.request.GET.get("year") or year)
            quarter = int(self.request.GET.get("quarter") or quarter)
        except ValueError:
            pass
        quarter = min(max(quarter, 1), 4)
        plan = None
        if self.request.GET.get("plan", "").isdigit():
            plan = Plan.objects.visible_to(self.request.user).filter(pk=self.request.GET["plan"]).first()
        return year, quarter, plan

    def rows(self) -> tuple[int, int, Plan | None, list[dict[str, Any]]]:
        year, quarter, plan = self.period()
        return year, quarter, plan, laggard_list(user=self.request.user, year=year, quarter=quarter, plan=plan)


class LaggardListView(LaggardMixin, View):
    """The quarter's supervision list (季度督查): duties with no progress note, or lagging."""

    def get(self, request: HttpRequest) -> HttpResponse:
        year, quarter, plan, rows = self.rows()
        return render(
            request,
            "assessment/laggard_list.html",
            {
                "title": _("季度督查：滞后事项"),
                "rows": rows,
                "year": year,
                "quarter": quarter,
                "quarters": QUARTERS,
                "plan": plan,
                "plans": Plan.objects.visible_to(request.user).only("id", "title"),
                "querystring": request.GET.urlencode(),
            },
        )


class LaggardExportView(LaggardMixin, View):
    def get(self, request: HttpRequest) -> HttpResponseBase:
        year, quarter, _plan, rows = self.rows()
        reasons = {"missing": _("未填报进展"), "lagging": _("进展滞后")}
        columns = [
            Column(_("责任部门"), lambda r: r["duty"].department.name, 20),
            Column(_("工作任务"), lambda r: r["duty"].text, 60),
            Column(_("责任类型"), lambda r: r["duty"].get_role_display(), 10),
            Column(_("督查情况"), lambda r: reasons[r["reason"]], 14),
            Column(_("进展情况"), lambda r: r["progress"].note if r["progress"] else "", 60),
        ]
        title = _("%(year)s年第%(quarter)s季度滞后事项") % {"year": year, "quarter": quarter}
        return xlsx_response(filename=f"{title}.xlsx", sheet=_("滞后事项"), title=title, columns=columns, rows=rows)
