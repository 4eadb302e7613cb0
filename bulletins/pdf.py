"""The bulletin as PDF, rendered here with WeasyPrint and the bundled font (no system font needed).

The font is Noto Serif SC cut down to GB2312 (static/fonts/, SIL OFL 1.1, made by
scripts/subset_font.py); WeasyPrint embeds the glyphs used, so the text stays extractable and the
file looks the same on every machine. The layout follows the Word version (A4, the official
margins, title, headings, tables, charts, page numbers "— 1 —").
"""

from __future__ import annotations

import base64
import logging
from typing import Any

from django.template.loader import render_to_string

from . import charts
from .word import (
    headline_rows,
    indicator_rows,
    list_note,
    listed_nodes,
    listed_problems,
    overall_rows,
    plan_subject,
    project_rows,
    projects_summary,
    title_of,
)

FONT_FAMILY = "NotoSerifSC"
# fontTools logs every glyph list of WeasyPrint's subsetting at INFO: noise, and slow to format.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _data_uri(png: bytes | None) -> str | None:
    return None if png is None else "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def bulletin_html(data: dict[str, Any], images: dict[str, bytes]) -> str:
    projects = data.get("projects")
    index = data.get("headline")
    headline = data["columns"][index] if index is not None else None
    return render_to_string(
        "bulletins/pdf/monthly.html",
        {
            "data": data,
            "title": title_of(data),
            "subject": plan_subject(data),
            "font_url": charts.FONT_PATH.as_uri(),
            "font_family": FONT_FAMILY,
            "headline": headline,
            "headline_rows": headline_rows(data),
            "indicator_rows": indicator_rows(data),
            "overall_rows": overall_rows(data),
            "chart_completion": _data_uri(images.get("completion")),
            "chart_ranking": _data_uri(images.get("ranking")),
            "projects": projects,
            "projects_summary": projects_summary(projects) if projects else "",
            "project_rows": project_rows(projects) if projects else [],
            "overdue_nodes": listed_nodes(projects) if projects else [],
            "open_problems": listed_problems(projects) if projects else [],
            "list_note": list_note(projects) if projects else "",
            "issuer": data["plan"].get("issuer") or f"{data['region']['name']}经济和信息化局",
        },
    )


def bulletin_pdf(data: dict[str, Any], *, images: dict[str, bytes] | None = None) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango on import

    html = bulletin_html(data, images if images is not None else charts.charts(data))
    return HTML(string=html, base_url=str(charts.FONT_PATH.parent)).write_pdf()
