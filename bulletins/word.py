"""The bulletin as a Word document, rendered with docxtpl from the editable template.

The template (bulletins/templates_docx/monthly.docx, built by bulletins/make_template.py) carries
the official layout; this module only turns the frozen bulletin data into the template's context.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from monitoring.display import COLOUR_FILLS, COLOUR_LABELS
from reporting.validation import NIL

from . import charts
from .commentary import city_coverage
from .make_template import TEMPLATE_PATH

DASH = "—"
# The Word and PDF documents list the longest-overdue nodes and the oldest open problems up to this
# number; the Excel workbook (and the version's page) lists all of them. A city of 2,000 projects has
# well over a thousand overdue nodes, which would be dozens of pages (and 30 s of PDF layout).
LISTED_IN_DOCUMENT = 50


def _v(value: Any) -> str:
    return DASH if value is None or value == "" else str(value)


def _change(change: int | None) -> str:
    if change is None:
        return DASH
    if change > 0:
        return f"↑{change}"
    if change < 0:
        return f"↓{-change}"
    return "—"


def headline_rows(data: dict[str, Any]) -> list[dict[str, str]]:
    index = data.get("headline")
    if index is None:
        return []
    rows = []
    city_name = _("全市")
    if covered := city_coverage(data):  # an incomplete month: the city row sums the units with a figure
        city_name = _("全市（%(n)d/%(total)d个单位已报）") % {"n": covered[0], "total": covered[1]}
    for row in [*data["rows"], data["city"]]:
        cell = row["cells"][index] or {}
        colour = cell.get("colour")
        rows.append(
            {
                "name": row["region"]["name"] if row is not data["city"] else city_name,
                "value": _("未报")
                if row.get("missing") and not cell
                else NIL
                if cell.get("nil")
                else _v(cell.get("value")),
                "target": _v(cell.get("target")),
                "completion": _v(cell.get("completion")),
                "deviation": _v(cell.get("deviation")),
                "growth": _v(cell.get("growth")),
                "rank": _v(cell.get("rank")),
                "colour": str(COLOUR_LABELS[colour]) if colour else DASH,
                "fill": COLOUR_FILLS[colour].lstrip("#") if colour else "FFFFFF",
            }
        )
    return rows


def indicator_rows(data: dict[str, Any]) -> list[dict[str, str]]:
    rows = []
    for i, column in enumerate(data["columns"]):
        cell = data["city"]["cells"][i] or {}
        red = [r["region"]["name"] for r in data["rows"] if (c := r["cells"][i]) is not None and c["colour"] == "red"]
        rows.append(
            {
                "no": str(i + 1),
                "label": column["label"],
                "value": _v(cell.get("value")),
                "target": _v(cell.get("target")),
                "completion": _v(cell.get("completion")),
                "deviation": _v(cell.get("deviation")),
                "red_units": "、".join(red) or _("无"),
            }
        )
    return rows


def overall_rows(data: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {
            "rank": _v(r["rank"]),
            "name": r["region"]["name"],
            "mean_rank": _v(r["mean_rank"]),
            "change": _change(r["rank_change"]),
        }
        for r in data["overall"]
    ]


def project_rows(projects: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {
            "name": u["region"]["name"] if u is not projects["total"] else _("全市"),
            "signed": _v(u["signed"]),
            "started": _v(u["started"]),
            "producing": _v(u["producing"]),
            "start_rate": _v(u["start_rate"]),
            "production_rate": _v(u["production_rate"]),
            "average_stars": _v(u["average_stars"]),
            "investment_ytd": _v(u["investment_ytd"]),
        }
        for u in [*projects["units"], projects["total"]]
    ]


def projects_summary(projects: dict[str, Any]) -> str:
    total = projects["total"]
    text = _("全市重点项目签约%(signed)d个，已开工%(started)d个，已投产%(producing)d个") % {
        "signed": total["signed"],
        "started": total["started"],
        "producing": total["producing"],
    }
    if total["start_rate"] is not None:
        text += _("，开工率%s%%") % total["start_rate"]
    if total["production_rate"] is not None:
        text += _("，投产率%s%%") % total["production_rate"]
    text += _("；逾期节点%(nodes)d个，待解决问题%(problems)d个。") % {
        "nodes": len(projects["overdue_nodes"]),
        "problems": len(projects["open_problems"]),
    }
    return text


def plan_subject(data: dict[str, Any]) -> str:
    """The plan's title without its leading year (the period already names it): 2019年全市工业投资目标任务 → 全市工业投资目标任务."""
    title = data["plan"]["title"]
    prefix = f"{data['year']}年"
    return title[len(prefix) :] if title.startswith(prefix) and len(title) > len(prefix) else title


def listed_nodes(projects: dict[str, Any]) -> list[dict[str, Any]]:
    """The overdue nodes a document lists: the longest overdue first."""
    nodes = sorted(projects["overdue_nodes"], key=lambda n: (-n["days_overdue"], n["project"]))
    return nodes[:LISTED_IN_DOCUMENT]


def listed_problems(projects: dict[str, Any]) -> list[dict[str, Any]]:
    """The open problems a document lists: overdue first, then by deadline, in the data's order otherwise."""
    problems = sorted(
        projects["open_problems"], key=lambda q: (not q["overdue"], q["deadline"] is None, q["deadline"] or "")
    )
    return [{**q, "department": q["department"] or DASH} for q in problems[:LISTED_IN_DOCUMENT]]


def list_note(projects: dict[str, Any]) -> str:
    """Says when a document lists only part of the nodes or problems (the Excel workbook has them all)."""
    nodes, problems = len(projects["overdue_nodes"]), len(projects["open_problems"])
    if nodes <= LISTED_IN_DOCUMENT and problems <= LISTED_IN_DOCUMENT:
        return ""
    return _("逾期节点共%(nodes)d个、待解决问题共%(problems)d个，本通报列出前%(n)d个，完整清单见Excel附表。") % {
        "nodes": nodes,
        "problems": problems,
        "n": LISTED_IN_DOCUMENT,
    }


def title_of(data: dict[str, Any]) -> str:
    return _("关于%(period)s%(plan)s完成情况的通报") % {"period": data["period"], "plan": plan_subject(data)}


def context(data: dict[str, Any], template: DocxTemplate, images: dict[str, bytes]) -> dict[str, Any]:
    headline = data["columns"][data["headline"]] if data.get("headline") is not None else None

    def image(name: str) -> Any:
        png = images.get(name)
        return InlineImage(template, io.BytesIO(png), width=Mm(150)) if png else ""

    projects = data.get("projects")
    return {
        "title": title_of(data),
        "period": data["period"],
        "addressee": _("各县（市、区）经信局，嘉兴经济技术开发区、嘉兴港区经发局："),
        "opening": _("现将%(period)s%(plan)s完成情况通报如下（数据截至%(period)s，依据%(published)s发布的月报数据）。")
        % {"period": data["period"], "plan": plan_subject(data), "published": data["publication"]["published_at"]},
        "commentary": data["commentary"],
        "headline_label": headline["name"] if headline else "",
        "headline_unit": headline["value_unit"] if headline else "",
        "headline_rows": headline_rows(data),
        "indicator_rows": indicator_rows(data),
        "overall_rows": overall_rows(data),
        "chart_completion": image("completion"),
        "chart_ranking": image("ranking"),
        "projects": bool(projects),
        "projects_summary": projects_summary(projects) if projects else "",
        "project_rows": project_rows(projects) if projects else [],
        "overdue_nodes": listed_nodes(projects) if projects else [],
        "list_note": list_note(projects) if projects else "",
        "open_problems": listed_problems(projects) if projects else [],
        "closing": _("请各地对照目标任务，查找差距，采取有力措施，确保完成全年目标任务。"),
        "issuer": data["plan"].get("issuer") or _("%s经济和信息化局") % data["region"]["name"],
        "issued_on": data.get("issued_on", ""),
    }


def bulletin_docx(
    data: dict[str, Any], *, images: dict[str, bytes] | None = None, template: Path = TEMPLATE_PATH
) -> bytes:
    """Render the bulletin data into the template; returns the .docx bytes."""
    document = DocxTemplate(str(template))
    document.render(context(data, document, images if images is not None else charts.charts(data)), autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
