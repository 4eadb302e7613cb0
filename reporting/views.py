"""Pages of monthly reporting: the month overview, the report grid, workflow buttons, Excel, publishing.

Views parse input, call one service and render; every rule is in reporting/services.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core import clock
from core.excel import Column
from core.pipeline import ImportPreviewView, ImportView
from core.templatetags.numbers import plain_decimal
from core.views import ObjectDetailView, ObjectExportView, ObjectViews, access_object_from
from core.workflow import available_actions
from regions.models import Region
from targets.models import Plan

from . import services, workflow
from .changes import report_figure_log
from .choices import EDITABLE, ReportStatus
from .filtersets import MonthlyReportFilterSet
from .forms import DeadlineForm, ReportUploadForm, ReturnForm
from .jobs import UPLOAD
from .models import MonthlyReport, ReportRevision
from .periods import REPORT_MONTHS, due_month, month_label
from .selectors import GridLine, city_of, home_city, month_overview, report_grid
from .spreadsheet import template_bytes
from .tables import MonthlyReportTable
from .validation import FIELD_LABELS, FIELDS, NIL

REPORT_RELATED = ("region", "submitted_by", "approved_by", "accepted_by")


def _error_text(exc: ValidationError) -> str:
    return "；".join(str(m) for m in exc.messages)


class MonthlyReportExportView(ObjectExportView):
    model = MonthlyReport
    filterset_class = MonthlyReportFilterSet
    related = ("region",)
    ordering = ("-year", "-month", "region__code")
    columns = [
        Column(_("单位"), lambda r: r.region.name, 24),
        Column(_("单位代码"), lambda r: r.region.code, 14),
        Column(_("报告期"), lambda r: r.period_label, 16),
        Column(_("状态"), lambda r: r.get_status_display(), 12),
        Column(_("报送截止日"), lambda r: r.deadline, 12, "yyyy-mm-dd"),
        Column(_("上报时间"), lambda r: r.submitted_at, 18),
        Column(_("迟报"), lambda r: r.is_late, 8),
        Column(_("修订次数"), lambda r: r.revision, 8),
    ]


# --- the grid ----------------------------------------------------------------------------------


def _grid_rows(grid: list[GridLine], raw: dict[int, dict[str, Any]] | None, editable: bool) -> list[dict[str, Any]]:
    """The grid as the template draws it: per indicator the cells of every figure, entered or stored."""
    rows = []
    for line in grid:
        pk = line.indicator.pk
        cells = []
        nil = line.is_nil
        for name in FIELDS:
            applies = name in line.fields
            value = raw[pk].get(name, "") if raw is not None and pk in raw else line.current(name)
            if nil and raw is None and name == "value" and "value" in line.fields:
                value = NIL  # marked 无 (with its note): shown as typed, so saving again keeps the mark
            cells.append(
                {
                    "name": name,
                    "input": f"v-{pk}-{name}",
                    "value": "" if value is None else plain_decimal(value),
                    "applies": applies,
                    "editable": editable and applies and not (line.is_computed and name == "value"),
                }
            )
        rows.append({"line": line, "cells": cells, "target": line.target_in_row_unit})
    return rows


def entries_from_post(data: Any, grid: list[GridLine]) -> dict[int, dict[str, Any]]:
    """The grid's inputs `v-<indicator>-<field>` as entries per indicator."""
    entries: dict[int, dict[str, Any]] = {}
    for line in grid:
        pk = line.indicator.pk
        fields = {name: data.get(f"v-{pk}-{name}", "") for name in line.fields if f"v-{pk}-{name}" in data}
        if fields:
            entries[pk] = fields
    return entries


REPORT_FIELDS = (
    "region",
    "status",
    "deadline",
    "submitted_at",
    "submitted_by",
    "approved_at",
    "approved_by",
    "accepted_at",
    "accepted_by",
    "locked_at",
    "revision",
    "comment",
)


def report_fields(report: MonthlyReport) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [(_("报告期"), report.period_label)]
    for name in REPORT_FIELDS:
        field = MonthlyReport._meta.get_field(name)
        value = report.get_status_display() if name == "status" else getattr(report, name)
        rows.append((str(getattr(field, "verbose_name", name)), value))
    if report.is_late:
        rows.append((_("迟报"), _("是（晚于截止日上报）")))
    return rows


class MonthlyReportDetailView(ObjectDetailView):
    """One unit's report for a month: the grid (editable while draft or returned), buttons, revisions, history."""

    related = REPORT_RELATED
    template_name = "reporting/report_detail.html"

    def get_fields(self) -> list[tuple[str, Any]]:
        return report_fields(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(grid_context(self.request, self.object))
        ctx["edit_url"] = ctx["delete_url"] = None
        return ctx


class MonthlyReportViews(ObjectViews):
    model = MonthlyReport
    table_class = MonthlyReportTable
    filterset_class = MonthlyReportFilterSet
    related = ("region",)
    detail_view = MonthlyReportDetailView
    edit_view = None
    delete_view = None


def grid_context(
    request: HttpRequest,
    report: MonthlyReport,
    *,
    raw: dict[int, dict[str, Any]] | None = None,
    findings: list[Any] | None = None,
) -> dict[str, Any]:
    user = request.user
    grid = report_grid(report)
    can_edit = report.status in EDITABLE and user.has_perm(workflow.PERM_EDIT)
    can_revise = report.status == ReportStatus.LOCKED and user.has_perm(workflow.PERM_REVISE)
    return {
        "title": _("%(unit)s %(period)s 月报") % {"unit": report.region.name, "period": report.period_label},
        "report": report,
        "rows": _grid_rows(grid, raw, can_edit or can_revise),
        "field_labels": [FIELD_LABELS[name] for name in FIELDS],
        "can_edit": can_edit,
        "can_revise": can_revise,
        "actions": available_actions(report, user),
        "action_labels": workflow.ACTION_LABELS,
        "return_form": ReturnForm(),
        "findings": findings or [],
        "revisions": list(ReportRevision.objects.filter(report=report).select_related("created_by")),
        "figure_log": report_figure_log(report, {line.indicator.pk: line.indicator for line in grid}),
        "overview_url": reverse("reporting:month_overview") + f"?year={report.year}&month={report.month}",
    }


class ReportMixin(PermissionRequiredMixin):
    """A report the user may see (404 otherwise), for views that act on one report."""

    permission_required = "reporting.view_monthlyreport"
    raise_exception = True
    request: HttpRequest

    def get_report(self, pk: int) -> MonthlyReport:
        queryset = MonthlyReport.objects.visible_to(self.request.user).select_related(*REPORT_RELATED)
        return access_object_from(queryset, pk)

    def render_grid(
        self, report: MonthlyReport, raw: dict[int, dict[str, Any]], findings: list[Any], status: int = 200
    ) -> HttpResponse:
        from audit.selectors import object_history

        ctx = grid_context(self.request, report, raw=raw, findings=findings)
        ctx.update({"object": report, "opts": MonthlyReport._meta, "history": object_history(report, limit=20)})
        ctx["fields"] = report_fields(report)
        ctx["list_url"] = reverse("reporting:monthlyreport_list")
        return render(self.request, "reporting/report_detail.html", ctx, status=status)


class ReportSaveView(ReportMixin, View):
    """Save the grid (draft or returned) or, for a locked report, revise it with a reason."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.get_report(pk)
        grid = report_grid(report)
        raw = entries_from_post(request.POST, grid)
        try:
            if report.status == ReportStatus.LOCKED:
                services.report_revise(
                    report=report, entries=raw, reason=request.POST.get("reason", ""), actor=request.user
                )
                messages.success(request, _("已修订；已发布的月度数据保持不变"))
            else:
                warnings = services.report_save_values(report=report, entries=raw, actor=request.user)
                messages.success(request, _("已保存"))
                for finding in warnings:
                    messages.warning(request, f"{finding.column}：{finding.message}")
        except services.ReportInvalid as exc:
            return self.render_grid(report, raw, exc.findings, status=400)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return self.render_grid(report, raw, [], status=400)
        except PermissionDenied:
            raise
        return HttpResponseRedirect(report.get_absolute_url())


class ReportTransitionView(ReportMixin, View):
    """A workflow button: submit, approve, accept or return (with a comment)."""

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        report = self.get_report(pk)
        try:
            if action == workflow.RETURN:
                services.report_return(report=report, comment=request.POST.get("comment", ""), actor=request.user)
            elif action in services.TRANSITION_SERVICES:
                services.TRANSITION_SERVICES[action](report=report, actor=request.user)
            else:
                raise Http404
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("已%s") % _(workflow.ACTION_LABELS[action]))
        return HttpResponseRedirect(report.get_absolute_url())


class ReportOpenView(PermissionRequiredMixin, View):
    """Open (create if needed) a unit's report for a month, then go to its grid."""

    permission_required = "reporting.add_monthlyreport"
    raise_exception = True

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            region = Region.objects.get(pk=int(request.POST.get("region", "")))
            year, month = int(request.POST.get("year", "")), int(request.POST.get("month", ""))
        except (ValueError, Region.DoesNotExist):
            raise Http404 from None
        try:
            report = services.report_open(region=region, year=year, month=month, actor=request.user)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return HttpResponseRedirect(reverse("reporting:month_overview") + f"?year={year}&month={month}")
        return HttpResponseRedirect(report.get_absolute_url())


# --- Excel -------------------------------------------------------------------------------------


class ReportTemplateView(ReportMixin, View):
    """The report's Excel template, with the figures entered so far."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        report = self.get_report(pk)
        city = city_of(report.region)
        content = template_bytes(report, report_grid(report), city_name=city.name if city != report.region else "")
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        filename = f"{report.region.name}-{report.year}-{report.month:02d}-月报.xlsx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
        return response


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


class MonthlyReportImportView(ImportView):
    """Upload a filled-in template of any report the user fills: the file names its unit and month (issue #18)."""

    permission_required = workflow.PERM_EDIT
    form_class = ReportUploadForm
    pipeline = UPLOAD
    title = gettext_lazy("上传月报 Excel")
    help_text = gettext_lazy(
        "上传从月报页面下载并填好的 Excel 模板：模板第二行的单位代码和报告期决定写入哪一份月报。"
        "系统逐格校验，预览列出每个问题（工作表、行、列）和将要修改的数据，确认后才写入。"
    )
    submit_label = gettext_lazy("上传并预览")


class ReportUploadView(ReportMixin, MonthlyReportImportView):
    """Upload the template from a report's page: the file must be this report's (another unit's or month's is a
    finding on the cell that names it); a preview job checks it, nothing is written before confirming."""

    permission_required = workflow.PERM_EDIT
    report: MonthlyReport

    def get_context_data(self, form: Any, **extra: Any) -> dict[str, Any]:
        ctx = super().get_context_data(form, **extra)
        ctx["title"] = _("上传月报 Excel：%s") % self.report
        ctx["template_url"] = reverse("reporting:monthlyreport_template", args=[self.report.pk])
        ctx["template_label"] = _("下载本月报模板")
        return ctx

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:  # type: ignore[override]
        self.report = self.get_report(pk)
        return super().get(request)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:  # type: ignore[override]
        self.report = self.get_report(pk)
        return super().post(request)

    def params(self, form: Any) -> dict[str, Any]:
        return {"report": self.report.pk}


class ReportUploadPreviewView(ImportPreviewView):
    """The upload's preview (the report, every finding by cell, the figures it changes) and the confirm button."""

    permission_required = workflow.PERM_EDIT
    pipeline = UPLOAD
    title = gettext_lazy("月报 Excel 导入预览")
    import_url_name = "reporting:monthlyreport_import"
    list_url_name = "reporting:monthlyreport_list"
    list_label = gettext_lazy("查看月报")
    summary_fields = (
        ("unit", gettext_lazy("单位")),
        ("period", gettext_lazy("报告期")),
        ("rows_total", gettext_lazy("指标行")),
        ("updates", gettext_lazy("将修改的数据")),
    )
    sample_fields = (
        ("indicator", gettext_lazy("指标")),
        ("field", gettext_lazy("栏目")),
        ("before", gettext_lazy("原值")),
        ("after", gettext_lazy("新值")),
    )

    def get_context_data(self, preview: Any, result: dict[str, Any]) -> dict[str, Any]:
        ctx = super().get_context_data(preview, result)
        if result.get("report"):  # back to the report the file belongs to
            ctx["import_url"] = reverse("reporting:monthlyreport_upload", args=[result["report"]])
            ctx["list_url"] = reverse("reporting:monthlyreport_detail", args=[result["report"]])
            ctx["list_label"] = _("返回月报")
        return ctx


# --- the month ---------------------------------------------------------------------------------


def _year_month(request: HttpRequest) -> tuple[int, int]:
    """The month asked for; by default the month now due, or, when no plan covers that year (a
    system holding only past years, like the demo), the latest month anyone in scope reported."""
    today = clock.today()
    default = due_month(today) or (today.year, 2)
    if not Plan.objects.filter(year_start__lte=default[0], year_end__gte=default[0]).exists():
        latest = (
            MonthlyReport.objects.visible_to(request.user)
            .order_by("-year", "-month")
            .values_list("year", "month")
            .first()
        )
        default = latest or default
    try:
        year = int(request.GET.get("year") or default[0])
        month = int(request.GET.get("month") or default[1])
    except ValueError:
        year, month = default
    if month not in REPORT_MONTHS:
        month = 2 if month < 2 else 12
    return year, month


class MonthOverviewView(PermissionRequiredMixin, View):
    """Units × status for a month: who has reported, who is missing or late; deadline, reminders, publishing."""

    permission_required = "reporting.view_monthlyreport"
    raise_exception = True
    template_name = "reporting/month_overview.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        year, month = _year_month(request)
        city = home_city(request.user)
        if city is None:
            raise Http404
        overview = month_overview(city=city, year=year, month=month, user=request.user)
        user = request.user
        return render(
            request,
            self.template_name,
            {
                "title": _("%(period)s 月报报送情况") % {"period": month_label(year, month)},
                "overview": overview,
                "year": year,
                "month": month,
                "months": REPORT_MONTHS,
                "years": range(clock.today().year + 1, 2015, -1),
                "can_open": user.has_perm("reporting.add_monthlyreport"),
                "can_publish": user.has_perm(workflow.PERM_PUBLISH) and overview.publication is None,
                "can_set_deadline": user.has_perm("reporting.change_reportingdeadline"),
                "can_remind": user.has_perm("reporting.add_reminder"),
                "deadline_form": DeadlineForm(initial={"deadline": overview.deadline}),
            },
        )


class MonthActionView(PermissionRequiredMixin, View):
    raise_exception = True

    def city(self, request: HttpRequest) -> Region:
        city = home_city(request.user)
        if city is None:
            raise Http404
        return city

    def back(self, year: int, month: int) -> HttpResponse:
        return HttpResponseRedirect(reverse("reporting:month_overview") + f"?year={year}&month={month}")


class MonthPublishView(MonthActionView):
    permission_required = workflow.PERM_PUBLISH

    def post(self, request: HttpRequest, year: int, month: int) -> HttpResponse:
        try:
            services.month_publish(
                region=self.city(request),
                year=year,
                month=month,
                actor=request.user,
                incomplete_reason=request.POST.get("incomplete_reason", "")
                if request.POST.get("confirm_incomplete")
                else "",
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("已发布 %s，各单位月报已锁定") % month_label(year, month))
        return self.back(year, month)


class MonthDeadlineView(MonthActionView):
    permission_required = "reporting.change_reportingdeadline"

    def post(self, request: HttpRequest, year: int, month: int) -> HttpResponse:
        form = DeadlineForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请填写有效的日期"))
            return self.back(year, month)
        try:
            services.deadline_set(
                region=self.city(request),
                year=year,
                month=month,
                deadline=form.cleaned_data["deadline"],
                actor=request.user,
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("已设置报送截止日"))
        return self.back(year, month)


class MonthRemindView(MonthActionView):
    permission_required = "reporting.add_reminder"

    def post(self, request: HttpRequest, year: int, month: int) -> HttpResponse:
        created = services.reminders_record(today=clock.today(), year=year, month=month, actor=request.user)
        messages.success(request, _("已记录 %d 条催报提醒") % len(created))
        return self.back(year, month)
