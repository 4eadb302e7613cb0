"""Pages of the tier libraries: declarative subclasses of core/views.py and small views calling one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.excel import Column, xlsx_response
from core.scope import access_object
from core.views import (
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectExportView,
    ObjectListView,
)
from core.workflow import available_actions
from enterprises.models import Enterprise
from jobs.choices import JobStatus
from jobs.models import Job

from . import forms, selectors, services
from .choices import EntryStatus
from .filtersets import TierEntryFilterSet, TitleFilterSet
from .importing import COLUMNS
from .jobs import APPLY, PREVIEW
from .models import TierEntry, Title
from .tables import TierEntryTable, TitleTable

# --- titles -------------------------------------------------------------------------------------------


class TitleListView(ObjectListView):
    model = Title
    table_class = TitleTable
    filterset_class = TitleFilterSet


class TitleDetailView(ObjectDetailView):
    model = Title
    fields = ("code", "name", "ladder", "validity_years", "aliases", "active", "description")

    def get_fields(self) -> list[tuple[str, Any]]:
        return [*super().get_fields(), (_("认定层级"), self.object.level_labels())]


class TitleEditView(ObjectEditView):
    model = Title
    form_class = forms.TitleForm
    create_service = staticmethod(services.title_create)
    update_service = staticmethod(services.title_update)


class TitleDeleteView(ObjectDeleteView):
    model = Title
    delete_service = staticmethod(services.title_delete)


# --- entries ------------------------------------------------------------------------------------------


class TierEntryListView(ObjectListView):
    model = TierEntry
    table_class = TierEntryTable
    filterset_class = TierEntryFilterSet
    related = ("enterprise", "title")


class TierEntryDetailView(ObjectDetailView):
    model = TierEntry
    template_name = "tiers/tierentry_detail.html"
    related = ("enterprise", "title")
    fields = ("enterprise", "title", "year", "status", "level", "recognised_on", "document_no", "ended_on", "note")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        entry, user = self.object, self.request.user
        ctx["actions"] = available_actions(entry, user)
        ctx["form"] = forms.TransitionForm()
        ctx["valid_until"] = entry.valid_until
        return ctx


class TierEntryEditView(ObjectEditView):
    model = TierEntry
    form_class = forms.TierEntryForm
    create_service = staticmethod(services.tierentry_create)
    update_service = staticmethod(services.tierentry_update)


class TierEntryDeleteView(ObjectDeleteView):
    model = TierEntry
    delete_service = staticmethod(services.tierentry_delete)


class TierEntryExportView(ObjectExportView):
    model = TierEntry
    filterset_class = TierEntryFilterSet
    related = ("enterprise", "title")
    ordering = ("-year", "title__ladder", "enterprise__name")
    columns = [
        Column(_("年度"), lambda o: o.year, 8),
        Column(_("称号"), lambda o: o.title.name, 18),
        Column(_("统一社会信用代码"), lambda o: o.enterprise.uscc, 22),
        Column(_("企业名称"), lambda o: o.enterprise.name, 36),
        Column(_("状态"), lambda o: o.get_status_display(), 10),
        Column(_("认定层级"), lambda o: o.get_level_display(), 10),
        Column(_("认定日期"), lambda o: o.recognised_on, 12),
        Column(_("认定文号"), lambda o: o.document_no, 24),
    ]


class TierEntryTransitionView(ObjectActionView):
    """POST one workflow action (the transition table decides, in the service)."""

    permission_required = "tiers.change_tierentry"
    model = TierEntry
    service = staticmethod(services.tierentry_transition)
    form_class = forms.TransitionForm
    action_kwarg = "action"
    success_message = gettext_lazy("操作已完成。")


# --- the recognition-list import ----------------------------------------------------------------------------


class RecognitionImportView(PermissionRequiredMixin, View):
    """Upload → a job checks every row (findings by sheet/row/column) → preview → confirm → atomic write."""

    permission_required = "tiers.add_tierentry"
    raise_exception = True
    title = _("导入认定名单")

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "tiers/import.html", {"form": forms.UploadForm(), "title": self.title})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "tiers/import.html", {"form": form, "title": self.title})
        job = services.recognition_import_start(upload=form.cleaned_data["file"], actor=request.user)
        return HttpResponseRedirect(job.get_absolute_url())


class RecognitionTemplateView(PermissionRequiredMixin, View):
    permission_required = "tiers.add_tierentry"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponseBase:
        return recognition_template()


def _reader(key: str) -> Any:
    return lambda row: row[key]


def recognition_template() -> HttpResponseBase:
    """The recognition-list template: the importer's headers in order and one example row."""
    example = {"title": '专精特新"小巨人"', "level": "国家级", "year": timezone.localdate().year,
               "uscc": "", "name": "嘉兴某某科技有限公司", "recognised_on": timezone.localdate(),
               "document_no": "工信部企业函〔2021〕197号"}  # fmt: skip
    columns = [Column(h, _reader(k), 24 if k in ("name", "document_no") else 14) for k, h in COLUMNS.items()]
    title = _("认定名单导入模板：每行一家企业；填统一社会信用代码或企业名称（名称允许括号、空格和“有限公司”的写法差异）；"
              "认定层级填国家级、省级或市级。")  # fmt: skip
    return xlsx_response(filename=_("认定名单导入模板") + ".xlsx", sheet=_("认定名单"), title=title, columns=columns,
                         rows=[example])  # fmt: skip


class RecognitionImportPreviewView(PermissionRequiredMixin, View):
    permission_required = "tiers.add_tierentry"
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
        ctx = {"job": job, "result": job.result or {}, "title": _("认定名单导入预览"), "applied": job.kind == APPLY}
        return render(request, "tiers/import_preview.html", ctx)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_job(request, pk)
        try:
            apply_job = services.recognition_import_apply(preview=job, actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect(apply_job.get_absolute_url())


# --- figures ------------------------------------------------------------------------------------------------


class CountsView(PermissionRequiredMixin, View):
    """Per title: counts per unit and year, recognitions by level and the pipeline's conversion."""

    permission_required = "tiers.view_tierentry"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        year_text = request.GET.get("year", "")
        year = int(year_text) if year_text.isdigit() else None
        table = selectors.title_counts(request.user, year=year)
        rows = []
        for title in table.titles:
            for y in table.years:
                total = table.cell(title.pk, None, y)
                if not total.entries:
                    continue
                units = [(u, table.cell(title.pk, u.pk, y)) for u in table.units]
                rows.append({"title": title, "year": y, "total": total, "units": units})
        ctx = {"title": _("培育统计"), "rows": rows, "units": table.units, "year": year, "years": table.years,
               "statuses": list(EntryStatus)}  # fmt: skip
        return render(request, "tiers/counts.html", ctx)


class SmallToAboveView(PermissionRequiredMixin, View):
    """小升规 of a year found in the register's history; POST records them as recognised 小升规 entries."""

    permission_required = "tiers.add_tierentry"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        form = forms.YearForm(request.GET or {"year": timezone.localdate().year})
        events: list[tuple[Enterprise, Any]] = []
        if form.is_valid():
            found = selectors.small_to_above_events(year=form.cleaned_data["year"], user=request.user)
            names = Enterprise.objects.in_bulk(list(found))
            events = [(names[pk], when) for pk, when in sorted(found.items(), key=lambda kv: kv[1])]
        return render(request, "tiers/small_to_above.html", {"form": form, "events": events, "title": _("小升规识别")})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.YearForm(request.POST)
        if not form.is_valid():
            return HttpResponseRedirect(reverse("tiers:small_to_above"))
        year = form.cleaned_data["year"]
        result = services.small_to_above_recognise(year=year, actor=request.user)
        messages.success(
            request, _("识别到 %(events)s 家小升规企业：新增 %(created)s 条，认定 %(updated)s 条。") % result
        )
        return HttpResponseRedirect(reverse("tiers:tierentry_list") + f"?year={year}&title=" + str(
            Title.objects.get(code=services.SMALL_TO_ABOVE).pk))  # fmt: skip
