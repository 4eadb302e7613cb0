"""The policy figures as Excel in the bureau's layout (core/excel.py): a title row naming the year and the grouping,
one row per policy, department or unit, the total last; amounts in 万元 with two decimals."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _

from core import clock
from core.excel import Column, xlsx_response

from .models import Disbursement, PolicyGrant
from .selectors import FIGURE_GROUPS, PolicyFigures, figures, figures_total

AMOUNT = "#,##0.00"


def figures_year(params: Any) -> int:
    """The year asked for (`?year=`), this year otherwise."""
    text = str(params.get("year", ""))
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else clock.today().year


def figures_by(params: Any) -> str:
    by = params.get("by", "unit")
    return by if by in FIGURE_GROUPS else "unit"


def figure_rows(user: Any, *, by: str, year: int) -> tuple[list[PolicyFigures], PolicyFigures]:
    """The rows of one grouping and their total, over what the user may see (their region's subtree)."""
    grants = PolicyGrant.objects.visible_to(user)
    payments = Disbursement.objects.visible_to(user)
    return figures(grants, payments, by=by, year=year), figures_total(grants, payments, year=year)


def figure_columns(by: str) -> list[Column]:
    return [
        Column(str(FIGURE_GROUPS[by][2]), lambda r: r.key, 30 if by == "policy" else 20),
        Column(_("申报（件）"), lambda r: r.applications, 10),
        Column(_("批准（件）"), lambda r: r.approved, 10),
        Column(_("政策项数"), lambda r: r.policies, 10),
        Column(_("惠及企业（家）"), lambda r: r.enterprises, 12),
        Column(_("核定金额（万元）"), lambda r: r.granted, 16, AMOUNT),
        Column(_("兑付金额（万元）"), lambda r: r.paid, 16, AMOUNT),
    ]


def figures_xlsx(user: Any, *, by: str, year: int) -> FileResponse:
    rows, total = figure_rows(user, by=by, year=year)
    label = str(FIGURE_GROUPS[by][2])
    title = _("%(year)s年惠企政策兑现情况统计表（按%(by)s）") % {"year": year, "by": label}
    return xlsx_response(filename=f"{title}.xlsx", sheet=label, title=title, columns=figure_columns(by),
                         rows=[*rows, total])  # fmt: skip
