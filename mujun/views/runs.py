"""亩均 evaluation runs (start, compute, publish, finalise), their results, adjustments and surcharges."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core import clock
from core.excel import Column, xlsx_response
from core.keyset import KeysetListMixin
from core.scope import access_object
from core.views import (
    ObjectDetailView,
    ObjectExportView,
    ObjectListView,
)
from core.workflow import available_actions
from jobs.models import Job

from .. import export, forms, selectors, services
from ..choices import KLASS_ORDER, RunStatus
from ..filtersets import (
    EvaluationResultFilterSet,
    EvaluationRunFilterSet,
)
from ..jobs import RUN
from ..models import (
    EvaluationResult,
    EvaluationRun,
    Objection,
)
from ..tables import (
    EvaluationResultTable,
    EvaluationRunTable,
)
from .base import ActionView

# --- runs and results -----------------------------------------------------------------------------------


class EvaluationRunListView(ObjectListView):
    model = EvaluationRun
    table_class = EvaluationRunTable
    filterset_class = EvaluationRunFilterSet
    add_permission = "mujun.run_evaluation"  # 新增 starts a computation (EvaluationRunStartView)


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
        ctx["actions"] = {t.action for t in available_actions(run, user)}
        final = run.status == RunStatus.FINAL  # prices are frozen and 高耗低效 firms found on the final result only
        ctx["can_identify"] = final and user.has_perm("mujun.add_rectification")
        ctx["surcharges_ready"] = final
        ctx["publish_form"] = forms.PublishForm()
        ctx["today"] = clock.today()
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
    service = services.evaluation_run_start
    service_kwarg = "run"


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
    service = services.evaluation_run_publish
    service_kwarg = "run"


class EvaluationRunFinaliseView(ActionView):
    permission_required = "mujun.publish_evaluationrun"
    model = EvaluationRun
    service = services.evaluation_run_finalise
    service_kwarg = "run"


class RectificationIdentifyView(ActionView):
    permission_required = "mujun.add_rectification"
    model = EvaluationRun
    service = services.rectification_identify
    service_kwarg = "run"

    def get_success_message(self, obj: Any, result: Any) -> str:
        messages.info(self.request, _("新纳入 %s 家高耗低效企业。") % result)
        return super().get_success_message(obj, result)

    def get_success_url(self, obj: Any, result: Any) -> str:
        return reverse("mujun:rectification_list") + f"?year={obj.year}"


class EvaluationResultListView(KeysetListMixin, ObjectListView):
    model = EvaluationResult
    table_class = EvaluationResultTable
    filterset_class = EvaluationResultFilterSet
    # a run's results page by keyset in the order of the index (run, group, rank, enterprise): no OFFSET
    keyset = ("run_id", "group", "rank", "enterprise_id")
    keyset_param = "run"
    # fetched for the page's rows only: a join would make PostgreSQL join every result of a million-row run
    # to its enterprise before sorting by group and rank (docs/benchmarks.md)
    prefetch = ("enterprise", "region")

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        """No run chosen (the menu's link): the newest run the user may see, chosen in the run filter, so the page
        is one run's keyset page instead of a sort of every run ever kept; an explicitly empty `?run=` still
        lists all runs."""
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = kwargs.get("data")
        if data is None or "run" not in data:
            run_id = selectors.latest_run_id(self.request.user)
            if run_id is not None:
                data = (data if data is not None else QueryDict()).copy()
                data["run"] = str(run_id)
                kwargs["data"] = data
        return kwargs


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
    """A run's results as .xlsx, or as CSV with `?format=csv`: streamed from the database (`mujun.export`), not
    built as ORM objects, so a million-row run exports as a job in seconds."""

    model = EvaluationResult
    filterset_class = EvaluationResultFilterSet
    columns = RESULT_COLUMNS  # the ORM way's columns (over results), kept as the reference of the file
    ordering = export.ORDER
    as_job = True  # thousands of rows: a job with progress (jobs/exports.py)

    def get(self, request: HttpRequest) -> HttpResponseBase:
        qs = self.filterset_class(request.GET, queryset=self.get_queryset(), request=request).qs
        run_ids = [v for v in request.GET.getlist("run") if v.isdigit()]
        runs = EvaluationRun.objects.filter(pk__in=run_ids) if run_ids else EvaluationRun.objects.all()
        codes = {pk: list(codes or []) for pk, codes in runs.values_list("pk", "codes")}
        name = str(self.model._meta.verbose_name_plural)
        stamp_ = timezone.localtime().strftime("%Y%m%d-%H%M")
        csv_format = request.GET.get("format") == "csv"
        return export.file_response(qs, runs=codes, name=name, stem=f"{name}-{stamp_}", csv_format=csv_format)


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
    service = services.result_adjust
    service_kwarg = "result"
    redirect_to_result = False  # back to the result, not to the adjustment


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
