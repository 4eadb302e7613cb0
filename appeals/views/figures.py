"""The figures page (table by month / category / unit / department, trend chart, heat map, oldest open) and its Excel."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_
from django.views import View

from core import clock
from core.excel import Column, xlsx_response

from ..figures import DIMENSIONS, Col, figure_table, heat_map, month_label, oldest_open
from ..models import Appeal


def figures_query(params: Any, user: Any) -> tuple[Any, str, int]:
    """The requests of the figures (the user's scope, filed in the year), the grouping and the year, from the page's
    or the API's query parameters (a grouping or year that is not one falls back to months of this year)."""
    today = clock.today()
    by = params.get("by", "month")
    by = by if by in DIMENSIONS else "month"
    try:
        year = int(params.get("year") or today.year)
    except ValueError:
        year = today.year
    qs = Appeal.objects.visible_to(user).filter(filed_on__year=year)
    return qs, by, year


def _query(request: HttpRequest) -> tuple[Any, str, int]:
    return figures_query(request.GET, request.user)


class AppealFiguresView(PermissionRequiredMixin, View):
    permission_required = "appeals.view_appeal"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        qs, by, year = _query(request)
        today = clock.today()
        rows = figure_table(qs, by=by, today=today)
        monthly = figure_table(qs, by="month", today=today)[:-1]
        trend = {
            "months": [month_label(r.key) for r in monthly],
            "received": [r.received for r in monthly],
            "answered": [r.answered for r in monthly],
            "satisfaction": [float(r.satisfaction_rate) if r.satisfaction_rate is not None else None for r in monthly],
        }
        return render(
            request,
            "appeals/figures.html",
            {
                "title": _("诉求办理统计"),
                "rows": rows,
                "by": by,
                "by_label": DIMENSIONS[by][1],
                "dimensions": [(k, v[1]) for k, v in DIMENSIONS.items()],
                "year": year,
                "trend": trend,
                "heat": heat_map(qs),
                "oldest": oldest_open(qs),
            },
        )


COLUMNS = [
    Col(N_("受理量（件）"), lambda r: r.received, 10),
    Col(N_("已答复（件）"), lambda r: r.answered, 10),
    Col(N_("按期答复（件）"), lambda r: r.on_time, 10),
    Col(N_("超期（件）"), lambda r: r.overdue, 10),
    Col(N_("按期答复率（%）"), lambda r: r.on_time_rate, 12, "0.0"),
    Col(N_("平均办理用时（工作日）"), lambda r: r.mean_workdays, 14, "0.0"),
    Col(N_("已评价（件）"), lambda r: r.rated, 10),
    Col(N_("反馈率（%）"), lambda r: r.feedback_rate, 10, "0.0"),
    Col(N_("满意率（%）"), lambda r: r.satisfaction_rate, 10, "0.0"),
]


class AppealFiguresExportView(PermissionRequiredMixin, View):
    """The table as Excel in the bureau's layout: a title row, one row per group, the total last."""

    permission_required = "appeals.view_appeal"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponseBase:
        qs, by, year = _query(request)
        return figures_xlsx(qs, by=by, year=year)


def figures_xlsx(qs: Any, *, by: str, year: int) -> HttpResponseBase:
    """The figures of one grouping as Excel in the bureau's layout (the page's export and the API's)."""
    rows = figure_table(qs, by=by, today=clock.today())
    label = str(DIMENSIONS[by][1])
    title = gettext("%(year)s年企业诉求办理情况统计表（按%(by)s）") % {"year": year, "by": label}
    return xlsx_response(
        filename=f"{title}.xlsx",
        sheet=label,
        title=title,
        columns=[
            Column(str(label), lambda r: month_label(r.key) if by == "month" and isinstance(r.key, int) else r.key, 20),
            *(c.column() for c in COLUMNS),
        ],
        rows=rows,
    )
