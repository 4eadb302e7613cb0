"""Pages of the 亩均 evaluation: declarative subclasses of core/views.py, and small action views calling one service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.excel import Column, xlsx_response
from core.scope import access_object, access_object_from
from core.views import (
    ModelPermissionMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectExportView,
    ObjectListView,
    ScopedQuerysetMixin,
)
from jobs.choices import JobStatus
from jobs.models import Job

from . import forms, selectors, services
from .choices import KLASS_ORDER, IndicatorCode, ObjectionStatus, RunStatus
from .filtersets import (
    EnterpriseYearDataFilterSet,
    EvaluationResultFilterSet,
    EvaluationRunFilterSet,
    ListEntryFilterSet,
    ObjectionFilterSet,
    PriceRuleFilterSet,
    RectificationFilterSet,
    RuleSetFilterSet,
)
from .jobs import APPLY, PREVIEW, RUN
from .models import (
    EnterpriseYearData,
    EvaluationResult,
    EvaluationRun,
    IndustryOverride,
    ListEntry,
    Objection,
    PriceRule,
    Rectification,
    RectificationMilestone,
    RectificationProgress,
    RuleIndicator,
    RuleItem,
    RuleSet,
)
from .tables import (
    EnterpriseYearDataTable,
    EvaluationResultTable,
    EvaluationRunTable,
    ListEntryTable,
    ObjectionTable,
    PriceRuleTable,
    RectificationTable,
    RuleSetTable,
)


class _RuleChildEditView(ObjectEditView):
    """A part of a rule set: a new one starts with the rule set named in `?rule_set=`."""

    def get_form(self, obj: models.Model | None, data: Any = None, files: Any = None) -> Any:
        form = super().get_form(obj, data, files)
        if obj is None and data is None and self.request.GET.get("rule_set", "").isdigit():
            form.initial["rule_set"] = int(self.request.GET["rule_set"])
        return form


def _edit(model: type[models.Model], form: Any) -> type[ObjectEditView]:
    create, update, _delete = services.crud(model)
    base = _RuleChildEditView if "rule_set" in form.base_fields else ObjectEditView
    return type(
        f"{model.__name__}EditView",
        (base,),
        {
            "model": model,
            "form_class": form,
            "create_service": staticmethod(create),
            "update_service": staticmethod(update),
        },
    )


def _delete(model: type[models.Model]) -> type[ObjectDeleteView]:
    _c, _u, delete = services.crud(model)
    return type(
        f"{model.__name__}DeleteView", (ObjectDeleteView,), {"model": model, "delete_service": staticmethod(delete)}
    )


# --- rules and prices ---------------------------------------------------------------------------------


class RuleSetListView(ObjectListView):
    model = RuleSet
    table_class = RuleSetTable
    filterset_class = RuleSetFilterSet


class RuleSetDetailView(ObjectDetailView):
    model = RuleSet
    template_name = "mujun/ruleset_detail.html"
    fields = ("name", "year", "group", "version", "status", "based_on", "cut_a", "cut_b", "cut_c",
              "ties_share_better", "rectify_tax_per_mu", "rectify_land_mu", "note")  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        rs = self.object
        ctx["indicators"] = rs.indicators.all()
        ctx["overrides"] = rs.overrides.select_related("industry")
        ctx["items"] = rs.items.all()
        ctx["can_change"] = self.request.user.has_perm("mujun.change_ruleset")
        return ctx


RuleSetEditView = _edit(RuleSet, forms.RuleSetForm)
RuleSetDeleteView = _delete(RuleSet)
RuleIndicatorEditView = _edit(RuleIndicator, forms.RuleIndicatorForm)
RuleIndicatorDeleteView = _delete(RuleIndicator)
IndustryOverrideEditView = _edit(IndustryOverride, forms.IndustryOverrideForm)
IndustryOverrideDeleteView = _delete(IndustryOverride)
RuleItemEditView = _edit(RuleItem, forms.RuleItemForm)
RuleItemDeleteView = _delete(RuleItem)


class ActionView(PermissionRequiredMixin, View):
    """POST: one object from the user's scope, one form, one service; errors come back as messages."""

    raise_exception = True
    model: ClassVar[type[models.Model]]
    form_class: ClassVar[Any] = None

    def act(self, obj: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = access_object(self.model, request.user, pk)
        data: dict[str, Any] = {}
        if self.form_class is not None:
            form = self.form_class(request.POST, request.FILES)
            if not form.is_valid():
                messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
                return HttpResponseRedirect(obj.get_absolute_url())  # type: ignore[attr-defined]
            data = form.cleaned_data
        try:
            target = self.act(obj, data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return HttpResponseRedirect(obj.get_absolute_url())  # type: ignore[attr-defined]
        messages.success(request, _("操作已完成。"))
        return HttpResponseRedirect(target if isinstance(target, str) else obj.get_absolute_url())  # type: ignore[attr-defined]


class RuleSetReviseView(ActionView):
    permission_required = "mujun.add_ruleset"
    model = RuleSet

    def act(self, obj: Any, data: dict[str, Any]) -> Any:
        return services.rule_set_revise(rule_set=obj, actor=self.request.user).get_absolute_url()


class PriceRuleListView(ObjectListView):
    model = PriceRule
    table_class = PriceRuleTable
    filterset_class = PriceRuleFilterSet


class PriceRuleDetailView(ObjectDetailView):
    model = PriceRule
    fields = ("year", "klass", "resource", "surcharge", "consecutive_years", "consecutive_surcharge")


PriceRuleEditView = _edit(PriceRule, forms.PriceRuleForm)
PriceRuleDeleteView = _delete(PriceRule)


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


ListEntryEditView = _edit(ListEntry, forms.ListEntryForm)
ListEntryDeleteView = _delete(ListEntry)


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
        from .importing import COLUMNS

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


EnterpriseYearDataEditView = _edit(EnterpriseYearData, forms.EnterpriseYearDataForm)
EnterpriseYearDataDeleteView = _delete(EnterpriseYearData)


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
    from .importing import COLUMNS

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


# --- runs and results -----------------------------------------------------------------------------------


class EvaluationRunListView(ObjectListView):
    model = EvaluationRun
    table_class = EvaluationRunTable
    filterset_class = EvaluationRunFilterSet


class EvaluationRunDetailView(ObjectDetailView):
    model = EvaluationRun
    template_name = "mujun/evaluationrun_detail.html"
    fields = (
        "name",
        "year",
        "status",
        "result_count",
        "computed_at",
        "publish_start",
        "publish_end",
        "finalised_at",
        "job",
    )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        run, user = self.object, self.request.user
        results = EvaluationResult.objects.visible_to(user).filter(run=run)
        ctx["by_unit"] = selectors.class_counts_by_unit(results)
        ctx["by_industry"] = selectors.class_counts_by_industry(results)
        ctx["chart"] = {"rows": ctx["by_unit"], "classes": KLASS_ORDER}
        ctx["industry_chart"] = {"rows": ctx["by_industry"], "classes": KLASS_ORDER}
        ctx["rule_sets"] = run.rule_sets.all()
        ctx["can_publish"] = user.has_perm("mujun.publish_evaluationrun")
        ctx["can_run"] = user.has_perm("mujun.run_evaluation") and run.status == RunStatus.COMPUTED
        ctx["publish_form"] = forms.PublishForm()
        ctx["today"] = timezone.localdate()
        return ctx


class EvaluationRunStartView(PermissionRequiredMixin, View):
    """Create a run with one rule set per group and compute it as a background job with a progress bar."""

    permission_required = "mujun.run_evaluation"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        ctx = {
            "form": forms.RunStartForm(),
            "title": _("发起亩均评价"),
            "cancel_url": reverse("mujun:evaluationrun_list"),
            "confirm": self.confirmation(),
        }
        return render(request, "generic/object_form.html", ctx)

    @staticmethod
    def confirmation() -> str:
        """A run in 公示 is not replaced by a new one: say so before starting another."""
        open_run = EvaluationRun.objects.filter(status=RunStatus.PUBLISHED).order_by("-pk").first()
        if open_run is None:
            return ""
        return _(
            "评价批次「%(name)s」正在公示中。再发起一次评价会新建一个批次并重新计算，公示中的批次及其异议不受影响。确定发起？"
        ) % {"name": open_run.name}

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.RunStartForm(request.POST)
        if form.is_valid():
            try:
                run = services.evaluation_run_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return HttpResponseRedirect(
                    services.evaluation_run_start(run=run, actor=request.user).get_absolute_url()
                )
        ctx = {
            "form": form,
            "title": _("发起亩均评价"),
            "cancel_url": reverse("mujun:evaluationrun_list"),
            "confirm": self.confirmation(),
        }
        return render(request, "generic/object_form.html", ctx)


class EvaluationRunComputeView(ActionView):
    permission_required = "mujun.run_evaluation"
    model = EvaluationRun

    def act(self, obj: Any, data: dict[str, Any]) -> Any:
        return services.evaluation_run_start(run=obj, actor=self.request.user).get_absolute_url()


class EvaluationRunJobView(PermissionRequiredMixin, View):
    """Where the run job's progress page leads when it has finished: the run."""

    permission_required = "mujun.view_evaluationrun"
    raise_exception = True

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        job = access_object(Job, request.user, pk)
        run = EvaluationRun.objects.filter(pk=job.params.get("run")).first()
        if job.kind != RUN or run is None:
            raise Http404
        return HttpResponseRedirect(run.get_absolute_url())


class EvaluationRunPublishView(ActionView):
    permission_required = "mujun.publish_evaluationrun"
    model = EvaluationRun
    form_class = forms.PublishForm

    def act(self, obj: Any, data: dict[str, Any]) -> Any:
        return services.evaluation_run_publish(run=obj, start=data["start"], end=data["end"], actor=self.request.user)


class EvaluationRunFinaliseView(ActionView):
    permission_required = "mujun.publish_evaluationrun"
    model = EvaluationRun

    def act(self, obj: Any, data: dict[str, Any]) -> Any:
        return services.evaluation_run_finalise(run=obj, actor=self.request.user)


class RectificationIdentifyView(ActionView):
    permission_required = "mujun.add_rectification"
    model = EvaluationRun

    def act(self, obj: Any, data: dict[str, Any]) -> Any:
        found = services.rectification_identify(run=obj, actor=self.request.user)
        messages.info(self.request, _("新纳入 %s 家高耗低效企业。") % len(found))
        return reverse("mujun:rectification_list") + f"?year={obj.year}"


class EvaluationResultListView(ObjectListView):
    model = EvaluationResult
    table_class = EvaluationResultTable
    filterset_class = EvaluationResultFilterSet
    # fetched for the page's rows only: a join would make PostgreSQL join every result of a million-row run
    # to its enterprise before sorting by group and rank (docs/benchmarks.md)
    prefetch = ("enterprise__region",)


RESULT_COLUMNS = [
    Column(_("评价年度"), lambda r: r.run.year, 8),
    Column(_("统一社会信用代码"), lambda r: r.enterprise.uscc, 22),
    Column(_("企业名称"), lambda r: r.enterprise.name, 36),
    Column(_("属地"), lambda r: r.enterprise.region.name, 16),
    Column(_("行业"), lambda r: r.enterprise.industry.code if r.enterprise.industry_id else None, 8),
    Column(_("评价组别"), lambda r: r.get_group_display(), 18),
    Column(_("综合得分"), lambda r: r.score, 12, "0.0000"),
    Column(_("组内排名"), lambda r: r.rank, 10),
    Column(_("组内企业数"), lambda r: r.group_size, 10),
    Column(_("计算类别"), lambda r: r.computed_class, 8),
    Column(_("最终类别"), lambda r: r.final_class, 8),
]


class EvaluationResultExportView(ObjectExportView):
    model = EvaluationResult
    filterset_class = EvaluationResultFilterSet
    related = ("run", "enterprise", "enterprise__region", "enterprise__industry")
    columns = RESULT_COLUMNS
    ordering = ("run", "group", "rank")

    def get_columns(self, queryset: Any) -> list[Column]:
        """The result columns, then each indicator's value (亩均税收 …) as the runs computed it: the indicators
        of the runs in the file, in the order of the indicator list."""
        run_ids = [v for v in self.request.GET.getlist("run") if v.isdigit()]
        runs = EvaluationRun.objects.filter(pk__in=run_ids) if run_ids else EvaluationRun.objects.all()
        used = {code for codes in runs.values_list("codes", flat=True) for code in codes or []}
        return [
            *RESULT_COLUMNS,
            *(
                Column(str(label), (lambda c: lambda r: r.values.get(c))(code), 12, "0.0000")
                for code, label in IndicatorCode.choices
                if code in used
            ),
        ]


class EvaluationResultDetailView(ObjectDetailView):
    model = EvaluationResult
    template_name = "mujun/evaluationresult_detail.html"
    related = ("run", "enterprise", "enterprise__industry")
    fields = ("run", "enterprise", "group", "parcel", "score", "rank", "group_size", "computed_class", "final_class",
              "vetoed", "protected")  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        result, user = self.object, self.request.user
        ctx["explanation"] = selectors.result_explanation(result)
        ctx["adjustments"] = result.adjustments.select_related("actor")
        ctx["objections"] = Objection.objects.visible_to(user).filter(result=result)
        ctx["can_adjust"] = user.has_perm("mujun.add_adjustment") and result.run.status != RunStatus.FINAL
        ctx["can_object"] = user.has_perm("mujun.add_objection") and result.run.status == RunStatus.PUBLISHED
        ctx["adjust_form"] = forms.AdjustForm()
        ctx["objection_form"] = forms.ObjectionForm()
        return ctx


class ResultAdjustView(ActionView):
    permission_required = "mujun.add_adjustment"
    model = EvaluationResult
    form_class = forms.AdjustForm

    def act(self, obj: Any, data: dict[str, Any]) -> Any:
        return services.result_adjust(result=obj, klass=data["klass"], reason=data["reason"], actor=self.request.user)


class ObjectionCreateView(ActionView):
    permission_required = "mujun.add_objection"
    model = EvaluationResult
    form_class = forms.ObjectionForm

    def act(self, obj: Any, data: dict[str, Any]) -> Any:
        return services.objection_create(
            result=obj, text=data["text"], evidence=data.get("evidence"), requested_class=data.get("requested_class", ""),
            actor=self.request.user,
        ).get_absolute_url()  # fmt: skip


# --- evidence files (objections, 销号) ----------------------------------------------------------------------


@dataclass(frozen=True)
class DownloadLink:
    """A stored file as a page shows it: its name, linking to the scoped download view. The media path itself is
    never served: evidence is for those who may see the objection or the rectification."""

    name: str
    url: str

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.url


def evidence_link(obj: Objection | Rectification, url_name: str) -> DownloadLink | None:
    if not obj.evidence:
        return None
    return DownloadLink(Path(obj.evidence.name or "").name, reverse(url_name, args=[obj.pk]))


def evidence_response(obj: Objection | Rectification) -> FileResponse:
    """The evidence file of an object already fetched through the user's scope (page and API); 404 without one."""
    if not obj.evidence:
        raise Http404(_("未上传材料"))
    try:
        fh = obj.evidence.open("rb")
    except FileNotFoundError:
        raise Http404(_("材料文件不存在")) from None
    return FileResponse(fh, as_attachment=True, filename=Path(obj.evidence.name or "").name)


class EvidenceDownloadView(ModelPermissionMixin, ScopedQuerysetMixin, View):
    """The evidence of an object the user may see (its view permission, else 403; out of scope 404, as for a
    missing one): an enterprise user gets only their own, a unit only its region's."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        return evidence_response(access_object_from(self.get_queryset(), pk))


class ObjectionEvidenceView(EvidenceDownloadView):
    model = Objection


class RectificationEvidenceView(EvidenceDownloadView):
    model = Rectification


class _EvidenceFieldMixin:
    """A detail page whose `evidence` field shows the file's name linking to its download view, not the path."""

    evidence_url_name: ClassVar[str]
    object: Any
    fields: ClassVar[Any]

    def get_fields(self) -> list[tuple[str, Any]]:
        rows: list[tuple[str, Any]] = super().get_fields()  # type: ignore[misc]
        at = list(self.fields).index("evidence")
        rows[at] = (rows[at][0], evidence_link(self.object, self.evidence_url_name))
        return rows

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        ctx["evidence"] = evidence_link(self.object, self.evidence_url_name)
        return ctx


class ObjectionListView(ObjectListView):
    model = Objection
    table_class = ObjectionTable
    filterset_class = ObjectionFilterSet
    related = ("result__enterprise",)


class ObjectionDetailView(_EvidenceFieldMixin, ObjectDetailView):
    model = Objection
    evidence_url_name = "mujun:objection_evidence"
    template_name = "mujun/objection_detail.html"
    fields = ("result", "text", "evidence", "requested_class", "status", "decision", "decided_by", "decided_at")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["can_decide"] = (
            self.request.user.has_perm("mujun.change_objection") and self.object.status == ObjectionStatus.OPEN
        )
        ctx["decide_form"] = forms.DecideForm()
        return ctx


class ObjectionDecideView(ActionView):
    permission_required = "mujun.change_objection"
    model = Objection
    form_class = forms.DecideForm

    def act(self, obj: Any, data: dict[str, Any]) -> Any:
        return services.objection_decide(
            objection=obj, upheld=data["upheld"], decision=data["decision"], klass=data.get("klass", ""),
            actor=self.request.user,
        )  # fmt: skip


# --- prices per enterprise ------------------------------------------------------------------------------


class SurchargeView(PermissionRequiredMixin, View):
    """The differentiated-price table applied to a run: each enterprise's surcharge per resource (.xlsx too)."""

    permission_required = "mujun.view_pricerule"
    raise_exception = True

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        if not request.user.has_perm("mujun.view_evaluationresult"):
            raise PermissionDenied
        run = access_object(EvaluationRun, request.user, pk)
        try:
            rows = selectors.surcharges(run, EvaluationResult.objects.visible_to(request.user).filter(run=run))
        except ValidationError as exc:
            ctx = {"run": run, "error": "；".join(exc.messages), "title": _("差别化价格")}
            return render(request, "mujun/surcharges.html", ctx, status=409)
        if request.GET.get("format") == "xlsx":
            columns = [
                Column(_("统一社会信用代码"), lambda r: r["uscc"], 22),
                Column(_("企业名称"), lambda r: r["enterprise"], 36),
                Column(_("评价类别"), lambda r: r["klass"], 8),
                Column(_("资源"), lambda r: r["resource_label"], 18),
                Column(_("加价（元）"), lambda r: r["surcharge"], 12, "0.0000"),
                Column(_("连续年数"), lambda r: r["consecutive_years"], 10),
            ]
            name = _("差别化价格")
            return xlsx_response(
                filename=f"{name}-{run.year}.xlsx", sheet=name, title=f"{run} {name}", columns=columns, rows=rows
            )
        return render(
            request,
            "mujun/surcharges.html",
            {"run": run, "rows": rows[:500], "total": len(rows), "title": _("差别化价格")},
        )


# --- rectification --------------------------------------------------------------------------------------


class RectificationListView(ObjectListView):
    model = Rectification
    table_class = RectificationTable
    filterset_class = RectificationFilterSet
    related = ("enterprise", "enterprise__region")
    template_name = "mujun/rectification_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["figures"] = selectors.rectification_figures(self.filterset.qs)
        return ctx


class RectificationExportView(ObjectExportView):
    model = Rectification
    filterset_class = RectificationFilterSet
    related = ("enterprise", "enterprise__region")
    columns = [
        Column(_("年度"), lambda o: o.year, 8),
        Column(_("企业名称"), lambda o: o.enterprise.name, 36),
        Column(_("属地"), lambda o: o.enterprise.region.name, 16),
        Column(_("纳入原因"), lambda o: o.reasons, 30),
        Column(_("整治路径"), lambda o: o.get_path_display(), 12),
        Column(_("状态"), lambda o: o.get_status_display(), 10),
        Column(_("腾出用地（亩）"), lambda o: o.land_freed_mu, 14, "0.00"),
        Column(_("腾出用能（吨标准煤）"), lambda o: o.energy_freed_tce, 14, "0.00"),
    ]


FIGURE_COLUMNS = [
    Column(_("属地"), lambda f: f["unit"], 24),
    Column(_("查找企业"), lambda f: f["identified"], 12),
    Column(_("已销号"), lambda f: f["rectified"], 12),
    Column(_("腾出用地（亩）"), lambda f: f["land"], 16, "0.00"),
    Column(_("腾出用能（吨标准煤）"), lambda f: f["energy"], 18, "0.00"),
]


class RectificationFiguresExportView(ModelPermissionMixin, ScopedQuerysetMixin, View):
    """The list page's figures per unit (same filters, same scope) as .xlsx, with the total as the last row."""

    model = Rectification

    def get(self, request: HttpRequest) -> HttpResponseBase:
        qs = RectificationFilterSet(request.GET, queryset=self.get_queryset(), request=request).qs
        rows = selectors.rectification_figures(qs)
        total = {
            "unit": _("合计"),
            **{key: sum(row[key] for row in rows) for key in ("identified", "rectified", "land", "energy")},
        }
        name = _("高耗低效整治情况")
        stamp_ = timezone.localtime().strftime("%Y%m%d-%H%M")
        return xlsx_response(
            filename=f"{name}-{stamp_}.xlsx", sheet=name, title=name, columns=FIGURE_COLUMNS, rows=[*rows, total]
        )


class RectificationDetailView(_EvidenceFieldMixin, ObjectDetailView):
    model = Rectification
    evidence_url_name = "mujun:rectification_evidence"
    template_name = "mujun/rectification_detail.html"
    fields = ("enterprise", "year", "run", "reasons", "path", "status", "plan", "land_freed_mu", "energy_freed_tce",
              "evidence", "reviewer", "closed_at")  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["milestones"] = self.object.milestones.all()
        ctx["progress"] = self.object.progress.all()
        ctx["can_change"] = user.has_perm("mujun.change_rectification")
        ctx["can_close"] = user.has_perm("mujun.close_rectification")
        ctx["can_plan"] = user.has_perm("mujun.add_rectificationmilestone")
        ctx["can_edit_milestone"] = user.has_perm("mujun.change_rectificationmilestone")
        ctx.update(
            confirm_form=forms.ConfirmForm(), close_form=forms.CloseForm(),
            milestone_form=forms.RectificationMilestoneForm(user=user),
            progress_form=forms.RectificationProgressForm(user=user),
        )  # fmt: skip
        return ctx


class RectificationConfirmView(ActionView):
    permission_required = "mujun.change_rectification"
    model = Rectification
    form_class = forms.ConfirmForm

    def act(self, obj: Any, data: dict[str, Any]) -> Any:
        return services.rectification_confirm(
            rectification=obj, path=data["path"], plan=data["plan"], actor=self.request.user
        )


class RectificationStartView(ActionView):
    permission_required = "mujun.change_rectification"
    model = Rectification

    def act(self, obj: Any, data: dict[str, Any]) -> Any:
        return services.rectification_start(rectification=obj, actor=self.request.user)


class RectificationCloseView(ActionView):
    permission_required = "mujun.close_rectification"
    model = Rectification
    form_class = forms.CloseForm

    def act(self, obj: Any, data: dict[str, Any]) -> Any:
        return services.rectification_close(rectification=obj, actor=self.request.user, **data)


class _ChildAddView(ActionView):
    """Add a milestone or a month's progress to a rectification in the user's scope."""

    model = Rectification
    child: ClassVar[type[models.Model]]
    child_form: ClassVar[Callable[..., Any]]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = access_object(Rectification, request.user, pk)
        form = type(self).child_form(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
            return HttpResponseRedirect(obj.get_absolute_url())
        create, _u, _d = services.crud(self.child)
        try:
            create(data={**form.cleaned_data, "rectification": obj}, actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return HttpResponseRedirect(obj.get_absolute_url())


class MilestoneAddView(_ChildAddView):
    permission_required = "mujun.add_rectificationmilestone"
    child = RectificationMilestone
    child_form = forms.RectificationMilestoneForm


class ProgressAddView(_ChildAddView):
    permission_required = "mujun.add_rectificationprogress"
    child = RectificationProgress
    child_form = forms.RectificationProgressForm


# A milestone's title, due date and the date it was done, edited from the rectification page (only the edit
# route exists: milestones are added on that page, to the plan).
RectificationMilestoneEditView = _edit(RectificationMilestone, forms.RectificationMilestoneForm)
