"""Pages of the tier libraries: declarative subclasses of core/views.py and small views calling one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core import clock
from core.excel import Column
from core.pipeline import ImportPreviewView, ImportTemplateView, ImportView
from core.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectExportView,
    ObjectListView,
    ObjectViews,
)
from core.workflow import available_actions
from enterprises.models import Enterprise

from . import forms, selectors, services
from .choices import EntryStatus
from .filtersets import TierEntryFilterSet, TitleFilterSet
from .importing import TEMPLATE
from .jobs import IMPORT
from .models import TierEntry, Title
from .tables import TierEntryTable, TitleTable

# --- titles -------------------------------------------------------------------------------------------


class TitleDetailView(ObjectDetailView):
    def get_fields(self) -> list[tuple[str, Any]]:
        sources = "；".join(f"{label}（{key}）" for key, label in self.object.source_keys())
        return [*super().get_fields(), (_("认定层级"), self.object.level_labels()), (_("取数口径"), sources)]


class TitleViews(ObjectViews):
    model = Title
    table_class = TitleTable
    filterset_class = TitleFilterSet
    form_class = forms.TitleForm
    services = (services.title_create, services.title_update, services.title_delete)
    fields = ("code", "name", "ladder", "validity_years", "aliases", "target_label", "active", "description")
    detail_view = TitleDetailView


# --- entries ------------------------------------------------------------------------------------------


class TierEntryListView(ObjectListView):
    template_name = "tiers/tierentry_list.html"
    table_class = TierEntryTable
    filterset_class = TierEntryFilterSet
    related = ("enterprise", "title")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["can_expire"] = self.request.user.has_perm(services.EXPIRE_PERM)
        return ctx


class TierEntryDetailView(ObjectDetailView):
    template_name = "tiers/tierentry_detail.html"
    related = ("enterprise", "title")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        entry, user = self.object, self.request.user
        ctx["actions"] = available_actions(entry, user)
        ctx["form"] = forms.TransitionForm()
        ctx["valid_until"] = entry.valid_until
        return ctx


class TierEntryViews(ObjectViews):
    model = TierEntry
    form_class = forms.TierEntryForm
    services = (services.tierentry_create, services.tierentry_update, services.tierentry_delete)
    fields = ("enterprise", "title", "year", "status", "level", "recognised_on", "document_no", "ended_on", "note")
    list_view = TierEntryListView
    detail_view = TierEntryDetailView


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
        Column(_("认定有效至"), lambda o: o.valid_until, 10),
        Column(_("认定文号"), lambda o: o.document_no, 24),
    ]


class TierEntryTransitionView(ObjectActionView):
    """POST one workflow action (the transition table decides, in the service)."""

    permission_required = "tiers.change_tierentry"
    model = TierEntry
    service = services.tierentry_transition
    form_class = forms.TransitionForm
    action_kwarg = "action"
    success_message = gettext_lazy("操作已完成。")


class TierEntryExpireView(PermissionRequiredMixin, View):
    """处理到期认定: the daily job's work run now by city staff (services.tierentries_expire_due), back to the list."""

    permission_required = services.EXPIRE_PERM
    raise_exception = True
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        expired = services.tierentries_expire_due(today=clock.today(), actor=request.user)
        if expired:
            messages.success(request, _("已处理到期认定：%(n)s 条认定有效期届满，状态改为“已到期”。") % {"n": expired})
        else:
            messages.info(request, _("没有有效期届满的认定。"))
        return HttpResponseRedirect(reverse("tiers:tierentry_list") + "?status=" + EntryStatus.EXPIRED)


class EndingView(PermissionRequiredMixin, View):
    """即将到期: per title and unit, the recognitions whose validity ends this year or next, each count linking to
    the list of those entries (the unit prepares their re-recognition)."""

    permission_required = "tiers.view_tierentry"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        table = selectors.ending_counts(request.user, today=clock.today())
        list_url = reverse("tiers:tierentry_list")
        rows = [
            {"title": title, "unit": unit, "cells": [
                (n, f"{list_url}?title={title.pk}&valid_until={year}") for n, year in zip(counts, table.years, strict=True)
            ]}
            for title, unit, counts in table.rows()
        ]  # fmt: skip
        ctx = {"title": _("即将到期认定"), "years": table.years, "rows": rows,
               "expiring_url": f"{list_url}?expiring=true"}  # fmt: skip
        return render(request, "tiers/ending.html", ctx)


# --- the recognition-list import ----------------------------------------------------------------------------


class RecognitionImportView(ImportView):
    """Upload → a job checks every row (findings by sheet/row/column) → preview → confirm → atomic write."""

    permission_required = "tiers.add_tierentry"
    form_class = forms.UploadForm
    pipeline = IMPORT
    title = gettext_lazy("导入认定名单")
    help_text = gettext_lazy(
        "每行一家企业；列：称号、认定层级、年度、统一社会信用代码、企业名称、认定日期、认定文号。填统一社会信用代码或企业名称之一；"
        "名称中的括号（全角或半角）、空格和“有限公司”等写法差异可以识别，对应多家企业的名称会列为问题。有问题的文件不会写入任何数据。"
    )
    template_url_name = "tiers:recognition_template"


class RecognitionTemplateView(ImportTemplateView):
    permission_required = "tiers.add_tierentry"
    workbook = TEMPLATE


class RecognitionImportPreviewView(ImportPreviewView):
    permission_required = "tiers.add_tierentry"
    pipeline = IMPORT
    title = gettext_lazy("认定名单导入预览")
    import_url_name = "tiers:tierentry_import"
    list_url_name = "tiers:tierentry_list"
    list_label = gettext_lazy("查看培育库")


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
        form = forms.YearForm(request.GET or {"year": clock.today().year})
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
