from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from .forms import OperationLogFilterForm
from .selectors import operation_log

PAGE = 50


class OperationLogView(PermissionRequiredMixin, View):
    """Every change to domain data: who, when, what, before and after (the city admin's page)."""

    permission_required = "accounts.view_operation_log"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        form = OperationLogFilterForm(request.GET or None)
        filters: dict[str, Any] = {}
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            filters = {
                "user_id": data["user"].pk if data.get("user") else None,
                "model": data.get("model") or None,
                "object_id": data.get("object_id") or None,
                "date_from": data.get("date_from"),
                "date_to": data.get("date_to"),
            }
        try:
            page = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            page = 1
        entries, has_more = operation_log(**filters, offset=(page - 1) * PAGE, limit=PAGE)
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "audit/operation_log.html",
            {
                "title": _("操作日志"),
                "form": form,
                "entries": entries,
                "page": page,
                "has_more": has_more,
                "query": query.urlencode(),
            },
        )
