"""Pages of the bulletins: lists, a version's page with its figures and their sources, downloads,
generating (a background job), publishing, and the one-click tables. Views parse and call one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views import View

from core.files import stored_file_response
from core.scope import access_object, access_object_from
from core.views import ModelPermissionMixin, ObjectActionView, ObjectDetailView, ObjectListView, ObjectViews
from core.workflow import available_actions
from jobs.models import Job
from jobs.services import job_start
from regions.models import Region
from reporting.periods import month_label

from . import commentary, quick_tables, services
from .choices import CONTENT_TYPES, PUBLISH, DocumentFormat, VersionStatus
from .filtersets import BulletinFilterSet, BulletinVersionFilterSet
from .forms import GenerateForm, PlanForm, PlanMonthForm, RegenerateForm, YearMonthForm
from .jobs import GENERATE
from .models import Bulletin, BulletinVersion
from .selectors import bulletin_versions
from .tables import BulletinTable, BulletinVersionTable
from .word import title_of

XLSX = CONTENT_TYPES[DocumentFormat.XLSX]


class BulletinListView(ObjectListView):
    model = Bulletin
    table_class = BulletinTable
    filterset_class = BulletinFilterSet
    related = ("plan", "region")

    def get_queryset(self) -> QuerySet[Bulletin]:
        return (
            super()
            .get_queryset()
            .annotate(published_versions=Count("versions", filter=Q(versions__status=VersionStatus.PUBLISHED)))
        )


class BulletinDetailView(ObjectDetailView):
    model = Bulletin
    template_name = "bulletins/bulletin_detail.html"
    related = ("plan", "region")
    fields = ("title", "plan", "year", "month", "kind", "region")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["versions"] = list(bulletin_versions(bulletin=self.object, user=self.request.user))
        return ctx


def _optional_url(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def traced_rows(version: BulletinVersion) -> list[dict[str, Any]]:
    """The matrix rows with each figure's source: the unit's report of the month and its monitoring history."""
    data = version.data
    plan_id = data["plan"]["id"]
    rows = []
    for row in data["rows"]:
        report_url = _optional_url("reporting:monthlyreport_detail", row["report"]) if row.get("report") else None
        history_url = _optional_url("monitoring:unit_history", plan_id, row["region"]["id"])
        rows.append(
            {
                "name": row["region"]["name"],
                "code": row["region"]["code"],
                "report_url": report_url,
                "history_url": f"{history_url}?year={data['year']}" if history_url else None,
                "cells": row["cells"],
                "missing": row.get("missing", False),
            }
        )
    return rows


class BulletinVersionDetailView(ObjectDetailView):
    """A version: commentary, tables, charts, downloads, and where every figure came from."""

    template_name = "bulletins/bulletinversion_detail.html"
    related = ("bulletin", "bulletin__plan", "publication", "generated_by", "published_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        version: BulletinVersion = self.object
        data = version.data
        user = self.request.user
        index = data.get("headline")
        ctx["data"] = data
        ctx["document_title"] = title_of(data)
        ctx["rows"] = traced_rows(version)
        ctx["city_coverage"] = commentary.city_coverage(data)  # an incomplete month: the city row sums n of N
        ctx["formats"] = [(fmt.value, fmt.label) for fmt in DocumentFormat if version.file_of(fmt)]
        ctx["can_publish"] = any(t.action == PUBLISH for t in available_actions(version, user))
        ctx["can_regenerate"] = user.has_perm(services.PERM_GENERATE) and services.sees_whole_region(
            version.bulletin.plan, user
        )
        ctx["regenerate_form"] = RegenerateForm()
        ctx["publication_url"] = version.publication.get_absolute_url()
        ctx["edit_url"] = ctx["delete_url"] = None
        projects = data.get("projects")
        if projects:
            for item in [*projects["overdue_nodes"], *projects["open_problems"]]:
                item["url"] = _optional_url("projects:project_detail", item["project"])
        ctx["projects"] = projects
        ctx["chart_data"] = {
            "schedule": data["schedule"],
            "indicator": data["columns"][index]["name"] if index is not None else "",
            "units": [
                {
                    "name": r["region"]["name"],
                    "completion": (r["cells"][index] or {}).get("completion"),
                    "colour": (r["cells"][index] or {}).get("colour"),
                }
                for r in data["rows"]
            ]
            if index is not None
            else [],
            "ranking": [{"name": r["region"]["name"], "value": r["mean_rank"]} for r in data["overall"]],
        }
        return ctx


class BulletinVersionViews(ObjectViews):
    model = BulletinVersion
    table_class = BulletinVersionTable
    filterset_class = BulletinVersionFilterSet
    related = ("bulletin", "generated_by")
    fields = ("bulletin", "number", "status", "reason", "generated_at", "generated_by", "published_at", "published_by")
    detail_view = BulletinVersionDetailView
    edit_view = None
    delete_view = None


class BulletinVersionDownloadView(ModelPermissionMixin, View):
    """A version's Word, Excel or PDF file, for those who may see the version."""

    model = BulletinVersion

    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
        version = access_object_from(BulletinVersion.objects.visible_to(request.user).select_related("bulletin"), pk)
        try:
            file = version.file_of(fmt)
        except ValueError:
            raise Http404(_("对象不存在")) from None
        if not file:
            raise Http404(_("对象不存在"))
        name = f"{version.bulletin.title}-{_('第%s版') % version.number}.{fmt}"
        return stored_file_response(
            version, fmt, filename=name, content_type=CONTENT_TYPES[DocumentFormat(fmt)], as_attachment=True
        )


class BulletinVersionPublishView(ObjectActionView):
    permission_required = "bulletins.view_bulletinversion"
    model = BulletinVersion
    service = services.bulletinversion_publish
    service_kwarg = "version"

    def get_success_message(self, obj: Any, result: Any) -> str:
        return _("已发布：%s") % obj


def _start(request: HttpRequest, *, plan_id: int, year: int, month: int, reason: str, title: str) -> HttpResponse:
    job = job_start(
        kind=GENERATE,
        title=title,
        actor=request.user,
        params={"plan": plan_id, "year": year, "month": month, "reason": reason},
    )
    return HttpResponseRedirect(job.get_absolute_url())


class GenerateView(PermissionRequiredMixin, View):
    """Choose a plan and a published month; the bulletin is generated by a job with a progress bar."""

    permission_required = services.PERM_GENERATE
    raise_exception = True
    template_name = "bulletins/generate.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": GenerateForm(user=request.user), "title": _("生成通报")})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = GenerateForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "title": _("生成通报")})
        data = form.cleaned_data
        plan = data["plan"]
        return _start(
            request,
            plan_id=plan.pk,
            year=data["year"],
            month=data["month"],
            reason=data["reason"],
            title=_("生成通报：%(plan)s %(period)s")
            % {"plan": plan.title, "period": month_label(data["year"], data["month"])},
        )


class RegenerateView(PermissionRequiredMixin, View):
    """A new version of a bulletin from the current data of its month, with a reason."""

    permission_required = services.PERM_GENERATE
    raise_exception = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = access_object(BulletinVersion, request.user, pk)
        form = RegenerateForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("重新生成须说明原因"))
            return HttpResponseRedirect(version.get_absolute_url())
        bulletin = version.bulletin
        return _start(
            request,
            plan_id=bulletin.plan_id,
            year=bulletin.year,
            month=bulletin.month,
            reason=form.cleaned_data["reason"],
            title=_("重新生成通报：%s") % bulletin.title,
        )


class JobResultView(View):
    """Where the generation job leads when it has finished: the new version's page."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = access_object(Job, request.user, pk)
        version_id = (job.result or {}).get("version")
        if not version_id:
            raise Http404(_("对象不存在"))
        version = access_object(BulletinVersion, request.user, version_id)
        return HttpResponseRedirect(version.get_absolute_url())


# --- one-click tables -------------------------------------------------------------------------------


class QuickTablesView(PermissionRequiredMixin, View):
    """The page of the one-click tables: each form downloads one workbook."""

    permission_required = "targets.view_plan"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        return render(
            request,
            "bulletins/quick_tables.html",
            {
                "title": _("一键报表"),
                "decomposition_form": PlanForm(user=user, auto_id="decomposition_%s"),
                "progress_form": PlanMonthForm(user=user, auto_id="progress_%s"),
                "projects_form": YearMonthForm(
                    initial={"year": PlanMonthForm(user=user).initial["year"]}, auto_id="projects_%s"
                ),
            },
        )


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


class QuickTableView(PermissionRequiredMixin, View):
    """One table of the one-click page: the choices come in the query string (choices that do not validate, such as
    a plan outside the user's scope, are the same 404 as a missing plan) and the answer is the workbook."""

    raise_exception = True
    form_class: Any
    form_takes_user = True

    def table(self, data: dict[str, Any]) -> HttpResponseBase:
        raise NotImplementedError

    def get(self, request: HttpRequest) -> HttpResponseBase:
        form = self.form_class(request.GET, user=request.user) if self.form_takes_user else self.form_class(request.GET)
        if not form.is_valid():
            raise Http404(_("对象不存在"))
        return self.table(form.cleaned_data)


class DecompositionTableView(QuickTableView):
    permission_required = "targets.view_target"
    form_class = PlanForm

    def table(self, data: dict[str, Any]) -> HttpResponseBase:
        plan = data["plan"]
        return _xlsx(quick_tables.decomposition_xlsx(plan=plan, user=self.request.user), f"{plan.title}-分解表.xlsx")


class ProgressTableView(QuickTableView):
    permission_required = "monitoring.view_monitoring"
    form_class = PlanMonthForm

    def table(self, data: dict[str, Any]) -> HttpResponseBase:
        plan, year, month = data["plan"], data["year"], data["month"]
        content = quick_tables.progress_xlsx(plan=plan, year=year, month=month, user=self.request.user)
        return _xlsx(content, f"{plan.title}-{month_label(year, month)}进度表.xlsx")


class ProjectListsView(QuickTableView):
    permission_required = "targets.view_plan"
    form_class = YearMonthForm
    form_takes_user = False

    def table(self, data: dict[str, Any]) -> HttpResponseBase:
        region: Region | None = self.request.user.region  # type: ignore[union-attr]
        if region is None:
            raise PermissionDenied
        try:
            content = quick_tables.project_lists_xlsx(region=region, year=data["year"], month=data["month"])
        except ImportError:
            messages.error(self.request, _("重点项目模块尚未提供项目清单"))
            return HttpResponseRedirect(reverse("bulletins:quick_tables"))
        return _xlsx(content, f"{region.name}-{month_label(data['year'], data['month'])}重点项目清单.xlsx")
