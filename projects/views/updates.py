"""Pages of monthly updates, problems, the rates and the month-end snapshots (P2's part of the projects app).

Every page starts from `visible_to(user)`; every write goes through one service (updates.py,
problems.py, snapshots.py), which checks the workflow table, the permission and the scope itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core import clock
from core.excel import Column, xlsx_response
from core.scope import access_object, access_object_from
from core.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectExportView,
    ObjectListView,
    ObjectViews,
    error_text,
)
from core.workflow import available_actions
from jobs.services import job_start
from regions.selectors import region_in_scope

from .. import problems as problem_services
from .. import updates as update_services
from ..filtersets.updates import (
    MonthSnapshotFilterSet,
    ProjectProblemFilterSet,
    ProjectUpdateFilterSet,
    SnapshotRowFilterSet,
    default_month,
)
from ..forms.updates import (
    CommentForm,
    PhotoForm,
    ProjectProblemForm,
    ProjectUpdateForm,
    RatesForm,
    ResolutionForm,
    SnapshotTakeForm,
)
from ..models import MonthSnapshot, ProjectPhoto, ProjectProblem, ProjectUpdate, SnapshotRow
from ..rates import rates_export_rows, rates_table
from ..snapshots import city_region, monthsnapshot_delete
from ..tables.updates import MonthSnapshotTable, ProjectProblemTable, ProjectUpdateTable, SnapshotRowTable

# --- monthly updates -------------------------------------------------------------------------------------

UPDATE_RELATED = ("project", "project__region", "submitted_by", "reviewed_by")


class ProjectUpdateListView(ObjectListView):
    filterset_class = ProjectUpdateFilterSet
    table_class = ProjectUpdateTable

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if self.request.user.has_perm("projects.add_projectupdate"):
            ctx["links"]["import"] = reverse("projects:projectupdate_upload")
        return ctx


class ProjectUpdateExportView(ObjectExportView):
    model = ProjectUpdate
    related = UPDATE_RELATED
    filterset_class = ProjectUpdateFilterSet
    ordering = ("-year", "-month", "project__region__path", "project_id")
    columns = [
        Column(_("年度"), lambda u: u.year, 8),
        Column(_("月份"), lambda u: u.month, 6),
        Column(_("项目代码"), lambda u: u.project.code, 26),
        Column(_("项目名称"), lambda u: u.project.name, 40),
        Column(_("所属单位"), lambda u: u.project.region.name, 14),
        Column(_("本月完成投资（万元）"), lambda u: u.investment_month, 16, "#,##0.00"),
        Column(_("本年累计完成投资（万元）"), lambda u: u.investment_ytd, 18, "#,##0.00"),
        Column(_("形象进度"), lambda u: u.progress_text, 50),
        Column(_("状态"), lambda u: u.get_status_display(), 10),
    ]


class ProjectUpdateDetailView(ObjectDetailView):
    template_name = "projects/projectupdate_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        update = self.object
        user = self.request.user
        ctx["photos"] = list(update.photos.all())
        ctx["actions"] = available_actions(update, user)
        editable = update.status in update_services.EDITABLE
        ctx["can_edit_photos"] = editable and user.has_perm(update_services.PERM_EDIT)
        ctx["photo_form"] = PhotoForm()
        ctx["comment_form"] = CommentForm()
        if not editable:
            ctx["edit_url"] = None
        return ctx


class ProjectUpdateViews(ObjectViews):
    model = ProjectUpdate
    form_class = ProjectUpdateForm
    services = (
        update_services.projectupdate_create,
        update_services.projectupdate_update,
        update_services.projectupdate_delete,
    )
    related = UPDATE_RELATED
    fields = (
        "project", "year", "month", "investment_month", "investment_ytd", "progress_text", "status",
        "submitted_at", "submitted_by", "reviewed_at", "reviewed_by", "comment",
    )  # fmt: skip
    list_view = ProjectUpdateListView
    detail_view = ProjectUpdateDetailView


_errors = error_text


class ProjectUpdateTransitionView(ObjectActionView):
    """POST a workflow move (submit / review / return with a comment); the service checks the table."""

    model = ProjectUpdate
    service = update_services.update_transition
    service_kwarg = "update"
    form_class = CommentForm
    action_kwarg = "action"


class ProjectPhotoAddView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        update = access_object(ProjectUpdate, request.user, pk)
        form = PhotoForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("请选择一张图片"))
        else:
            try:
                update_services.photo_add(
                    update=update,
                    image=form.cleaned_data["image"],
                    caption=form.cleaned_data["caption"],
                    actor=request.user,
                )
            except ValidationError as exc:
                messages.error(request, _errors(exc))
        return HttpResponseRedirect(update.get_absolute_url())


class ProjectPhotoRemoveView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        photo = access_object(ProjectPhoto, request.user, pk)
        try:
            update_services.photo_delete(photo=photo, actor=request.user)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        return HttpResponseRedirect(reverse("projects:projectupdate_detail", args=[photo.update_id]))


# --- problems -----------------------------------------------------------------------------------------------

PROBLEM_RELATED = ("project", "project__region", "department", "raised_by")


class ProjectProblemExportView(ObjectExportView):
    model = ProjectProblem
    related = PROBLEM_RELATED
    filterset_class = ProjectProblemFilterSet
    ordering = ("status", "deadline", "pk")
    columns = [
        Column(_("项目名称"), lambda p: p.project.name, 40),
        Column(_("所属单位"), lambda p: p.project.region.name, 14),
        Column(_("问题类型"), lambda p: p.get_kind_display(), 8),
        Column(_("问题描述"), lambda p: p.text, 50),
        Column(_("责任部门"), lambda p: p.department.name, 24),
        Column(_("办理时限"), lambda p: p.deadline, 12),
        Column(_("状态"), lambda p: p.get_status_display(), 8),
        Column(_("督办级别"), lambda p: p.escalation_level, 8),
        Column(_("办理结果"), lambda p: p.resolution, 50),
    ]


class ProjectProblemDetailView(ObjectDetailView):
    template_name = "projects/projectproblem_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        problem = self.object
        ctx["actions"] = available_actions(problem, self.request.user)
        ctx["overdue"] = problem_services.is_overdue(problem, clock.today())
        if problem_services.UNIT not in problem_services.acts_as(problem, self.request.user):
            ctx["edit_url"] = None
        return ctx


class ProjectProblemEditView(ObjectEditView):
    form_class = ProjectProblemForm
    create_service = problem_services.projectproblem_create
    update_service = problem_services.projectproblem_update
    denied_as_message = True

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> Any:
        form = super().get_form(obj, data, files)
        project = self.request.GET.get("project")
        if obj is None and data is None and project and project.isdigit():
            form.initial["project"] = int(project)
        return form


class ProjectProblemViews(ObjectViews):
    model = ProjectProblem
    table_class = ProjectProblemTable
    filterset_class = ProjectProblemFilterSet
    delete_service = problem_services.projectproblem_delete
    related = PROBLEM_RELATED
    fields = (
        "project", "kind", "text", "department", "deadline", "status", "resolution", "resolved_at",
        "escalation_level", "escalated_at", "raised_by",
    )  # fmt: skip
    detail_view = ProjectProblemDetailView
    edit_view = ProjectProblemEditView


class ProjectProblemTransitionView(ObjectActionView):
    """POST a move (accept / resolve with the resolution / close / reopen); the service checks who may."""

    model = ProjectProblem
    service = problem_services.problem_transition
    service_kwarg = "problem"
    form_class = ResolutionForm
    action_kwarg = "action"


# --- rates -----------------------------------------------------------------------------------------------------


def _cell(index: int) -> Callable[[list[Any]], Any]:
    return lambda row: row[index]


class RatesView(PermissionRequiredMixin, View):
    """开工率 / 竣工率 / 投产率 per unit (and per list) for a month, with numerator, denominator and basis."""

    permission_required = "projects.view_project"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponseBase:
        form = RatesForm(request.GET or None, user=request.user)
        region = None
        year, month = default_month()
        list_obj = None
        if form.is_bound and form.is_valid():
            region = form.cleaned_data["region"]
            year = form.cleaned_data["year"] or year
            month = form.cleaned_data["month"] or month
            list_obj = form.cleaned_data["list"]
        user: Any = request.user
        if region is None:
            region = user.region if not user.sees_everything else city_region()
        if region is None or not region_in_scope(user, region):
            raise PermissionDenied
        table = rates_table(region=region, year=year, month=month, list_id=list_obj.pk if list_obj else None)
        if request.GET.get("export"):
            rate_cols: list[Column] = [Column(_("单位"), _cell(0), 20)]
            for i, name in enumerate((_("开工率"), _("竣工率"), _("投产率"))):
                base = 1 + 3 * i
                rate_cols += [
                    Column(f"{name}·{_('分子')}", _cell(base), 10),
                    Column(f"{name}·{_('分母')}", _cell(base + 1), 10),
                    Column(f"{name}（%）", _cell(base + 2), 10, "0.0"),
                ]
            title = _("%(region)s %(year)s年%(month)s月开工率、竣工率、投产率") % {
                "region": region.name, "year": year, "month": month,
            }  # fmt: skip
            return xlsx_response(
                filename=f"rates-{region.code}-{year}{month:02d}.xlsx",
                sheet=_("开工率与投产率"),
                title=title,
                columns=rate_cols,
                rows=rates_export_rows(table),
            )
        return render(
            request,
            "projects/rates.html",
            {"form": form, "table": table, "title": _("开工率与投产率"), "querystring": request.GET.urlencode()},
        )


# --- month-end snapshots ---------------------------------------------------------------------------------------


class MonthSnapshotListView(ObjectListView):
    related = ("region", "taken_by")
    filterset_class = MonthSnapshotFilterSet
    table_class = MonthSnapshotTable

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if self.request.user.has_perm("projects.add_monthsnapshot"):
            ctx["links"]["add"] = reverse("projects:monthsnapshot_take")
        return ctx


class MonthSnapshotDetailView(ObjectDetailView):
    """A snapshot and its rows (filtered, paginated): the library as it stood at that month's end."""

    related = ("region", "taken_by")
    template_name = "projects/monthsnapshot_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from django_tables2 import RequestConfig

        from core.api.pagination import BoundedLazyPaginator
        from core.forms import style_widgets

        ctx = super().get_context_data(**kwargs)
        rows = SnapshotRow.objects.visible_to(self.request.user).filter(snapshot=self.object).select_related("region")
        filterset = SnapshotRowFilterSet(self.request.GET or None, queryset=rows, request=self.request)
        style_widgets(filterset.form)
        table = SnapshotRowTable(filterset.qs if filterset.is_bound else rows)
        RequestConfig(self.request, paginate={"per_page": 50, "paginator_class": BoundedLazyPaginator}).configure(table)
        ctx["filter"] = filterset
        ctx["table"] = table
        return ctx


class MonthSnapshotViews(ObjectViews):
    model = MonthSnapshot
    delete_service = monthsnapshot_delete
    fields = ("region", "year", "month", "project_count", "taken_at", "taken_by")
    list_view = MonthSnapshotListView
    detail_view = MonthSnapshotDetailView
    edit_view = None


class MonthSnapshotTakeView(PermissionRequiredMixin, View):
    """Take a month-end snapshot now, as a job with a progress bar."""

    permission_required = "projects.add_monthsnapshot"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        form = SnapshotTakeForm(user=request.user)
        return self._render(request, form)

    def _render(self, request: HttpRequest, form: SnapshotTakeForm) -> HttpResponse:
        return render(
            request,
            "generic/object_form.html",
            {"form": form, "title": _("生成月末快照"), "cancel_url": reverse("projects:monthsnapshot_list")},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        from ..jobs import SNAPSHOT

        form = SnapshotTakeForm(request.POST, user=request.user)
        if not form.is_valid():
            return self._render(request, form)
        data = form.cleaned_data
        job = job_start(
            kind=SNAPSHOT,
            title=_("月末快照：%(region)s %(year)s年%(month)s月")
            % {"region": data["region"].name, "year": data["year"], "month": data["month"]},
            actor=request.user,
            params={
                "region": data["region"].pk,
                "year": data["year"],
                "month": data["month"],
                "replace": data["replace"],
            },
        )
        return HttpResponseRedirect(job.get_absolute_url())


def snapshot_of_job(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a finished snapshot job leads: the snapshot it took."""
    from jobs.models import Job

    job = access_object(Job, request.user, pk)
    snapshot_id = (job.result or {}).get("snapshot")
    if not snapshot_id:
        return HttpResponseRedirect(reverse("projects:monthsnapshot_list"))
    snapshot = access_object_from(MonthSnapshot.objects.visible_to(request.user), snapshot_id)
    return HttpResponseRedirect(snapshot.get_absolute_url())
