"""Pages of the key-project library: the project list (filters, sort, export in the bureau's layout), the
project page (node timeline, stars with reasons, approval days, 标准地, monthly chart, problems), edit and
node formset, the five stage lists with counts per unit, the star summary per unit, and the reference
data (categories, lists, star gates). Declarative on core/views.py.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core import clock
from core.keyset import KeysetListMixin
from core.pipeline import ImportPreviewView, ImportView
from core.views import (
    ModelPermissionMixin,
    ObjectDetailView,
    ObjectExportView,
    ObjectListView,
    ObjectSearchView,
    ObjectViews,
    ScopedQuerysetMixin,
    access_object_from,
)

from .. import exports, jobs, selectors, services
from ..choices import NODE_ORDER, Stage
from ..filtersets.projects import ProjectCategoryFilterSet, ProjectFilterSet, ProjectListFilterSet, StarGateFilterSet
from ..forms.projects import (
    ApprovalStepForm,
    NodeFormSet,
    ProjectCategoryForm,
    ProjectForm,
    ProjectImportForm,
    ProjectListForm,
    ProjectYearPlanForm,
    StandardLandContractForm,
    StarGateForm,
)
from ..models import (
    ApprovalStep,
    Project,
    ProjectCategory,
    ProjectList,
    ProjectYearPlan,
    StandardLandContract,
    StarGate,
)
from ..tables.projects import ProjectCategoryTable, ProjectListTable, ProjectTable, StarGateTable

# --- projects ---------------------------------------------------------------------------------------


class ProjectListView(KeysetListMixin, ObjectListView):
    """All projects in the user's scope, filtered and sorted on stored, indexed columns. In its default order (the
    largest first) the next page starts after the last project shown (`?after=`, core/keyset.py), so the 200th
    page costs what the first does; a sorted column or `?page=` pages by number."""

    model = Project
    keyset = ("-total_investment", "-id")
    table_class = ProjectTable
    filterset_class = ProjectFilterSet
    related = ("region", "enterprise")
    template_name = "projects/project_list.html"


class ProjectExportView(ObjectExportView):
    """The filtered list as the bureau's 重点项目清单 (.xlsx), every node planned/actual included."""

    model = Project
    filterset_class = ProjectFilterSet
    as_job = True  # thousands of rows: a job with progress (jobs/exports.py)

    def get(self, request: HttpRequest) -> HttpResponseBase:
        qs = ProjectFilterSet(request.GET, queryset=self.get_queryset(), request=request).qs
        return exports.library_response(qs, year=int(request.GET.get("year") or clock.today().year))


class ProjectDetailView(ObjectDetailView):
    related = ("region", "enterprise", "industry")
    template_name = "projects/project_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        page = selectors.project_page(self.object, user)
        ctx["page"] = page
        ctx["chart"] = page.chart.as_chart()
        can_change = user.has_perm("projects.change_project")
        ctx["nodes_url"] = self.object.get_absolute_url() + "nodes/" if can_change else None
        ctx["can_add_plan"] = user.has_perm("projects.add_projectyearplan")
        ctx["can_add_step"] = user.has_perm("projects.add_approvalstep")
        ctx["can_add_contract"] = user.has_perm("projects.add_standardlandcontract") and page.contract is None
        ctx["can_change_plan"] = user.has_perm("projects.change_projectyearplan")
        ctx["can_change_step"] = user.has_perm("projects.change_approvalstep")
        ctx["can_change_contract"] = user.has_perm("projects.change_standardlandcontract")
        return ctx


class ProjectViews(ObjectViews):
    model = Project
    form_class = ProjectForm
    services = (services.project_create, services.project_update, services.project_delete)
    related = ("region",)  # the edit and delete pages'; the list and the project page name their own
    fields = (
        "name",
        "code",
        "enterprise",
        "region",
        "industry",
        "project_type",
        "total_investment",
        "equipment_investment",
        "land_mu",
        "categories",
        "lists",
        "stage",
        "stars",
        "description",
        "contact",
        "active",
    )
    list_view = ProjectListView
    detail_view = ProjectDetailView


class ProjectNodesView(ModelPermissionMixin, ScopedQuerysetMixin, View):
    """The nine nodes of a project as one formset (planned and actual dates, note)."""

    model = Project
    action = "change"
    template_name = "projects/project_nodes.html"

    def _initial(self, project: Project) -> list[dict[str, Any]]:
        rows = {n.node: n for n in project.nodes.all()}
        return [
            {
                "node": str(node),
                "planned_date": rows[node].planned_date if node in rows else None,
                "actual_date": rows[node].actual_date if node in rows else None,
                "note": rows[node].note if node in rows else "",
            }
            for node in NODE_ORDER
        ]

    def _render(self, request: HttpRequest, project: Project, formset: Any) -> HttpResponse:
        labels = [str(node.label) for node in NODE_ORDER]
        return render(
            request,
            self.template_name,
            {
                "object": project,
                "formset": formset,
                "rows": list(zip(labels, formset.forms, strict=False)),
                "title": _("项目节点：%s") % project,
            },
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = access_object_from(self.get_queryset(), pk)
        return self._render(request, project, NodeFormSet(initial=self._initial(project)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = access_object_from(self.get_queryset(), pk)
        formset = NodeFormSet(request.POST, initial=self._initial(project))
        if not formset.is_valid():
            return self._render(request, project, formset)
        nodes = {
            form.cleaned_data["node"]: {
                "planned_date": form.cleaned_data.get("planned_date"),
                "actual_date": form.cleaned_data.get("actual_date"),
                "note": form.cleaned_data.get("note") or "",
            }
            for form in formset.forms
            if form.has_changed()
        }
        try:
            services.project_nodes_set(project=project, nodes=nodes, actor=request.user)
        except ValidationError as exc:
            formset._non_form_errors = formset.error_class(exc.messages)  # type: ignore[attr-defined]
            return self._render(request, project, formset)
        messages.success(request, _("节点已保存"))
        return HttpResponseRedirect(project.get_absolute_url())


# --- stage lists and star summary ----------------------------------------------------------------------


class MonthMixin:
    """`?year=&month=`: the per-unit tables as they stood at the end of that month (its month-end snapshot)."""

    request: HttpRequest

    def month(self) -> tuple[int, int] | None:
        try:
            year, month = int(self.request.GET["year"]), int(self.request.GET["month"])
        except (KeyError, ValueError):
            return None
        return (year, month) if 1990 <= year <= 2100 and 1 <= month <= 12 else None

    def source(self, current: QuerySet[Any]) -> tuple[Any, dict[str, Any]]:
        """The rows to count (today's projects, or the month's snapshot rows) and what the page says about them."""
        month = self.month()
        if month is None:
            return current, {"month": None}
        rows = selectors.snapshot_rows_of_month(self.request.user, *month)
        return (rows if rows is not None else current.none()), {
            "month": {"year": month[0], "month": month[1]},
            "missing_snapshot": rows is None,
        }


class StageOverviewView(MonthMixin, ModelPermissionMixin, ScopedQuerysetMixin, View):
    """The five lists (签约服务 … 达产运营) with the number of projects per unit (the seed notice's lists);
    with ?year=&month= as they stood at the end of that month."""

    model = Project

    def get(self, request: HttpRequest) -> HttpResponse:
        source, info = self.source(self.get_queryset().filter(active=True))
        rows = selectors.stage_counts_by_unit(request.user, source)
        return render(
            request,
            "projects/stage_overview.html",
            {"rows": rows, "stages": Stage.choices, "title": _("五张清单"), "opts": Project._meta, **info},
        )


class StageListView(ProjectListView):
    """One of the five lists as a page: its projects (filters and sort as the list) and counts per unit."""

    template_name = "projects/stage_list.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if kwargs.get("stage") not in Stage.values:
            raise Http404
        self.stage = Stage(kwargs["stage"])
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().filter(stage=self.stage, active=True)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.stage.label
        ctx["stage"] = self.stage
        ctx["unit_rows"] = selectors.stage_counts_by_unit(self.request.user, self.get_queryset())
        ctx["links"] = {"export": None}
        return ctx


class StarSummaryView(MonthMixin, ModelPermissionMixin, ScopedQuerysetMixin, View):
    """Per unit: the 五星 average, the number and share of five-star projects, and the star histogram;
    with ?year=&month= as they stood at the end of that month."""

    model = Project

    def get(self, request: HttpRequest) -> HttpResponse:
        source, info = self.source(self.get_queryset().filter(active=True))
        rows = selectors.star_summary_by_unit(request.user, source)
        gates = list(StarGate.objects.filter(active=True).order_by("order", "pk"))  # type: ignore[attr-defined]
        return render(
            request,
            "projects/star_summary.html",
            {
                "rows": rows,
                "gates": gates,
                "star_levels": range(0, 6),
                "title": _("五星评价汇总"),
                "opts": Project._meta,
                **info,
            },
        )


# --- rows of a project: year plans, approval steps, 标准地 ------------------------------------------------


class ProjectRowViews(ObjectViews):
    """Add (?project=<id>), edit or delete a row shown on its project's page (no list or page of its own)."""

    related = ("project",)
    initial_keys = ("project",)
    back_to_parent = True
    list_view = None
    detail_view = None


class ProjectYearPlanViews(ProjectRowViews):
    model = ProjectYearPlan
    form_class = ProjectYearPlanForm
    services = (services.projectyearplan_create, services.projectyearplan_update, services.projectyearplan_delete)


class ApprovalStepViews(ProjectRowViews):
    model = ApprovalStep
    form_class = ApprovalStepForm
    services = (services.approvalstep_create, services.approvalstep_update, services.approvalstep_delete)


class StandardLandContractViews(ProjectRowViews):
    model = StandardLandContract
    form_class = StandardLandContractForm
    services = (
        services.standardlandcontract_create,
        services.standardlandcontract_update,
        services.standardlandcontract_delete,
    )


# --- reference data ------------------------------------------------------------------------------------------


class ProjectCategoryViews(ObjectViews):
    model = ProjectCategory
    table_class = ProjectCategoryTable
    filterset_class = ProjectCategoryFilterSet
    form_class = ProjectCategoryForm
    services = (services.projectcategory_create, services.projectcategory_update, services.projectcategory_delete)
    fields = ("code", "name", "order", "active")


class ProjectListViews(ObjectViews):
    model = ProjectList
    table_class = ProjectListTable
    filterset_class = ProjectListFilterSet
    form_class = ProjectListForm
    services = (services.projectlist_create, services.projectlist_update, services.projectlist_delete)
    fields = ("code", "name", "min_total_investment", "order", "active", "description")


class StarGateViews(ObjectViews):
    model = StarGate
    table_class = StarGateTable
    filterset_class = StarGateFilterSet
    form_class = StarGateForm
    services = (services.stargate_create, services.stargate_update, services.stargate_delete)
    fields = ("name", "node", "grace_days", "order", "active")


# --- Excel import of the library ----------------------------------------------------------------------------


class ProjectImportView(ImportView):
    """Upload the bureau's 重点项目清单; a background job validates it and the preview lists every problem."""

    permission_required = "projects.add_project"
    form_class = ProjectImportForm
    pipeline = jobs.IMPORT
    title = gettext_lazy("导入重点项目清单")
    help_text = gettext_lazy(
        "上传与导出格式相同的重点项目清单（序号、项目名称、项目代码、建设单位、所属单位、项目类型、总投资、其中设备投资、"
        "年度计划投资、用地、类别、所属清单、各节点计划/实际）。系统在后台逐行校验并给出预览：列出每个问题所在的工作表、"
        "行和列。存在错误的文件不会写入任何数据；没有错误时，确认后一次性导入。有项目代码的按代码识别已有项目，"
        "没有代码的按所属单位和项目名称识别；阶段和星级由节点自动计算。"
    )
    template_url_name = "projects:project_export"
    template_label = gettext_lazy("下载当前清单（可作导入模板）")

    def get_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return ProjectImportForm(data, files, initial={"year": clock.today().year})

    def params(self, form: forms.Form) -> dict[str, Any]:
        return {"year": form.cleaned_data.get("year")}


class ProjectImportPreviewView(ImportPreviewView):
    """The preview of an import job: counts, every finding by sheet/row/column, and the confirm button."""

    permission_required = "projects.add_project"
    pipeline = jobs.IMPORT
    import_url_name = "projects:project_import"
    list_url_name = "projects:project_list"
    list_label = gettext_lazy("查看项目库")
    summary_fields = (*ImportPreviewView.summary_fields, ("unchanged", gettext_lazy("无变化")))
    sample_fields = (("row", gettext_lazy("行")), ("name", gettext_lazy("项目名称")))


class ProjectSearchView(ObjectSearchView):
    """Projects for a search picker, by name, project code, unit or enterprise (the user's scope only)."""

    model = Project
    related = ("region", "enterprise")
    search_fields = ("name", "code", "region__name", "enterprise__name", "enterprise__uscc")
    ordering = ("name",)

    def row(self, obj: Project) -> dict[str, str]:
        detail = " · ".join(
            part for part in (obj.code, obj.region.name, obj.enterprise.name if obj.enterprise else "") if part
        )
        return {"value": str(obj.pk), "text": obj.name, "detail": detail}
