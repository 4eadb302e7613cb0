"""The matrix cell as HTML, built in Python: a province-sized dashboard has 4,000 cells, and one
template include per cell cost more than computing the whole matrix (benchmarks/bench_monitoring.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reporting.validation import NIL

register = template.Library()


@register.simple_tag
def matrix_cell(cell: dict[str, Any]) -> SafeString:
    """One unit × indicator cell (monitoring.views.cell_view): value, completion, deviation, growth, rank."""
    if cell.get("nil"):
        return format_html(
            '<td class="text-secondary text-center" data-nil="1" title="{}">{}</td>', cell.get("note", ""), NIL
        )
    if cell.get("missing"):
        return format_html('<td class="text-secondary text-center" data-missing="1">{}</td>', _("未报"))
    if cell.get("empty", True):
        return mark_safe('<td class="text-secondary text-center">—</td>')
    lines: list[tuple[str, tuple[Any, ...]]] = []
    if cell.get("coverage"):
        lines.append(('<div class="small text-warning" data-coverage="1">{}</div>', (cell["coverage"],)))
    if cell["completion"]:
        lines.append(('<div class="small">{} {}</div>', (_("完成"), cell["completion"])))
    if cell["deviation"] is not None:
        lines.append(('<div class="small">{}</div>', (cell["deviation_text"],)))
    if cell["growth"]:
        two_year = f" · {_('两年平均')} {cell['two_year']}" if cell["two_year"] else ""
        lines.append(('<div class="small text-secondary">{} {}{}</div>', (_("同比"), cell["growth"], two_year)))
    if cell["rank"]:
        lines.append(
            ('<div class="small text-secondary">{}{}{} {}</div>', (_("第"), cell["rank"], _("名"), cell["rank_change"]))
        )
    if cell["forecast_warning"]:
        lines.append(('<div class="small text-danger">{}</div>', (_("预计全年完不成"),)))
    badge = (
        format_html(' <span class="badge bg-secondary-lt" title="{}">{}</span>', _("未经市局确认"), _("暂"))
        if cell["provisional"]
        else ""
    )
    value = "" if cell["value"] is None else cell["value"]
    body = format_html_join("", "{}", ((format_html(fmt, *args),) for fmt, args in lines))
    return format_html(
        '<td class="{}" title="{}"><div class="fw-bold">{}{}</div>{}</td>',
        cell["css"],
        cell["deviation_text"],
        value,
        badge,
        body,
    )
