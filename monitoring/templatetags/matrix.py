"""The matrix cell as HTML, built in Python: a province-sized dashboard has 4,000 cells, and one
template include per cell cost more than computing the whole matrix (benchmarks/bench_monitoring.py).
The fixed words are translated once per language, and the cell's parts escaped by `html.escape` (what
`format_html` does per argument, without its per-call overhead: 4,000 cells × 6 parts)."""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reporting.validation import NIL

register = template.Library()


@lru_cache(maxsize=8)
def _words(language: str | None) -> dict[str, str]:
    """The cell's fixed words in the active language (the argument keys the cache), escaped."""
    words = {
        "missing": _("未报"),
        "done": _("完成"),
        "two_year": _("两年平均"),
        "growth": _("同比"),
        "rank": _("第"),
        "rank_end": _("名"),
        "forecast": _("预计全年完不成"),
        "unconfirmed": _("未经市局确认"),
        "provisional": _("暂"),
    }
    return {key: escape(word, quote=True) for key, word in words.items()}


def _text(value: Any) -> str:
    return escape(str(value), quote=True)


def _safe(html: str) -> SafeString:
    """The cell's HTML: every value in it went through `_text`, every fixed word through `_words`' escape."""
    return mark_safe(html)  # noqa: S308 — built only from escaped parts (see the callers)


@register.simple_tag
def matrix_cell(cell: dict[str, Any]) -> SafeString:
    """One unit × indicator cell (monitoring.views.cell_view): value, completion, deviation, growth, rank."""
    words = _words(get_language())
    if cell.get("nil"):
        return _safe(
            f'<td class="text-secondary text-center" data-nil="1" title="{_text(cell.get("note", ""))}">{NIL}</td>'
        )
    if cell.get("missing"):
        return _safe(f'<td class="text-secondary text-center" data-missing="1">{words["missing"]}</td>')
    if cell.get("empty", True):
        return _safe('<td class="text-secondary text-center">—</td>')
    parts = []
    if cell.get("coverage"):
        parts.append(f'<div class="small text-warning" data-coverage="1">{_text(cell["coverage"])}</div>')
    if cell["completion"]:
        parts.append(f'<div class="small">{words["done"]} {_text(cell["completion"])}</div>')
    if cell["deviation"] is not None:
        parts.append(f'<div class="small">{_text(cell["deviation_text"])}</div>')
    if cell["growth"]:
        two_year = f" · {words['two_year']} {_text(cell['two_year'])}" if cell["two_year"] else ""
        parts.append(f'<div class="small text-secondary">{words["growth"]} {_text(cell["growth"])}{two_year}</div>')
    if cell["rank"]:
        parts.append(
            f'<div class="small text-secondary">{words["rank"]}{_text(cell["rank"])}{words["rank_end"]} '
            f"{_text(cell['rank_change'])}</div>"
        )
    if cell["forecast_warning"]:
        parts.append(f'<div class="small text-danger">{words["forecast"]}</div>')
    badge = (
        f' <span class="badge bg-secondary-lt" title="{words["unconfirmed"]}">{words["provisional"]}</span>'
        if cell["provisional"]
        else ""
    )
    value = "" if cell["value"] is None else _text(cell["value"])
    return _safe(
        f'<td class="{_text(cell["css"])}" title="{_text(cell["deviation_text"])}">'
        f'<div class="fw-bold">{value}{badge}</div>{"".join(parts)}</td>'
    )


@register.simple_tag
def matrix_cells(cells: list[dict[str, Any]]) -> SafeString:
    """A row's cells in one call (one template tag per cell cost a fifth of the page at 4,000 cells)."""
    return _safe("".join(matrix_cell(cell) for cell in cells))
