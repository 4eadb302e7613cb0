"""The bulletin as an Excel workbook (xlsxwriter): the notices' multi-level headers, number formats,
warning colours as monitoring judged them, and native Excel charts.

Numbers are written as numbers (亿元 with two decimals '#,##0.00', rates and 个百分点 with one
decimal '0.0'), from the frozen bulletin data only.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from core.excel import open_workbook
from monitoring.display import COLOUR_FILLS, COLOUR_LABELS
from reporting.validation import NIL

from .commentary import city_coverage
from .word import title_of

VALUE_FORMAT = "#,##0.00"
RATE_FORMAT = "0.0"
SUBCOLUMNS = ("value", "completion", "deviation", "growth", "rank")


def _sub_labels() -> list[str]:
    return [_("完成值"), _("完成率（%）"), _("快慢序时（个百分点）"), _("同比（%）"), _("排名")]


class Formats:
    """The workbook's cell formats, made once."""

    def __init__(self, book: Any) -> None:
        base = {"border": 1, "font_name": "宋体", "font_size": 10, "valign": "vcenter"}
        self.title = book.add_format(
            {"bold": True, "font_size": 16, "font_name": "宋体", "align": "center", "valign": "vcenter"}
        )
        self.note = book.add_format({"font_name": "宋体", "font_size": 10, "italic": True})
        self.head = book.add_format({**base, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#DDEBF7"})
        self.text = book.add_format({**base})
        self.center = book.add_format({**base, "align": "center"})
        self.value = book.add_format({**base, "num_format": VALUE_FORMAT})
        self.rate = book.add_format({**base, "num_format": RATE_FORMAT})
        self.total_text = book.add_format({**base, "bold": True})
        self.wrap = book.add_format({"font_name": "宋体", "font_size": 12, "text_wrap": True, "valign": "top"})
        self.colour = {
            c: book.add_format({**base, "num_format": RATE_FORMAT, "bg_color": fill})
            for c, fill in COLOUR_FILLS.items()
        }
        self.colour_text = {
            c: book.add_format({**base, "align": "center", "bg_color": fill}) for c, fill in COLOUR_FILLS.items()
        }


def number(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    """A figure as a number cell (blank when there is none)."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_number(row, col, float(Decimal(str(value))), fmt)


def matrix_sheet(book: Any, f: Formats, data: dict[str, Any]) -> None:
    ws = book.add_worksheet(_("目标完成情况"))
    columns = data["columns"]
    width = 1 + len(columns) * len(SUBCOLUMNS)
    ws.merge_range(0, 0, 0, max(width - 1, 1), title_of(data), f.title)
    ws.set_row(0, 30)
    source = data.get("source_note") or _("%s 发布的月报") % data["publication"]["published_at"]
    ws.write(
        1,
        0,
        _("序时进度：%(schedule)s%%；数据来源：%(source)s") % {"schedule": data["schedule"], "source": source},
        f.note,
    )
    ws.merge_range(2, 0, 3, 0, _("单位"), f.head)
    for i, column in enumerate(columns):
        first = 1 + i * len(SUBCOLUMNS)
        ws.merge_range(2, first, 2, first + len(SUBCOLUMNS) - 1, f"{column['name']}（{column['value_unit']}）", f.head)
        for j, label in enumerate(_sub_labels()):
            ws.write(3, first + j, label, f.head)
    ws.set_row(3, 42)
    rows = [(row["region"]["name"], row["cells"], f.text, row.get("missing", False)) for row in data["rows"]]
    city_name = _("全市")
    if covered := city_coverage(data):  # an incomplete month: the city row sums the units with a figure
        city_name = _("全市（%(n)d/%(total)d个单位已报）") % {"n": covered[0], "total": covered[1]}
    rows.append((city_name, data["city"]["cells"], f.total_text, False))
    for r, (name, cells, name_fmt, missing) in enumerate(rows, start=4):
        ws.write(r, 0, name, name_fmt)
        for i, cell in enumerate(cells):
            first = 1 + i * len(SUBCOLUMNS)
            if missing and cell is None:
                ws.write(r, first, _("未报"), f.text)  # never a blank read as zero
                continue
            cell = cell or {}
            if cell.get("nil"):
                ws.write(r, first, NIL, f.text)  # marked 无 by the unit: not a zero, not 未报
                continue
            number(ws, r, first, cell.get("value"), f.value)
            number(ws, r, first + 1, cell.get("completion"), f.rate)
            number(ws, r, first + 2, cell.get("deviation"), f.colour.get(cell.get("colour") or "", f.rate))
            number(ws, r, first + 3, cell.get("growth"), f.rate)
            number(ws, r, first + 4, cell.get("rank"), f.center)
    ws.set_column(0, 0, 16)
    ws.set_column(1, width, 10)
    ws.freeze_panes(4, 1)
    legend = 4 + len(rows) + 1
    ws.write(legend, 0, _("预警："), f.note)
    for k, colour in enumerate(("green", "yellow", "red")):
        ws.write(legend, 1 + k, str(COLOUR_LABELS[colour]), f.colour_text[colour])


def headline_sheet(book: Any, f: Formats, data: dict[str, Any]) -> None:
    index = data.get("headline")
    if index is None:
        return
    column = data["columns"][index]
    ws = book.add_worksheet(_("完成率与序时"))
    ws.merge_range(
        0,
        0,
        0,
        7,
        _("%(name)s分地区完成情况（%(period)s）") % {"name": column["name"], "period": data["period"]},
        f.title,
    )
    heads = [
        _("单位"),
        _("完成值（%s）") % column["value_unit"],
        _("年度目标"),
        _("完成率（%）"),
        _("序时进度（%）"),
        _("快慢序时（个百分点）"),
        _("排名"),
        _("预警"),
    ]
    for j, label in enumerate(heads):
        ws.write(1, j, label, f.head)
    rows = data["rows"]
    for r, row in enumerate(rows, start=2):
        cell = row["cells"][index] or {}
        colour = cell.get("colour")
        ws.write(r, 0, row["region"]["name"], f.text)
        if cell.get("nil") or (row.get("missing") and not cell):  # 无 or 未报: never a blank read as zero
            ws.write(r, 1, NIL if cell.get("nil") else _("未报"), f.text)
        else:
            number(ws, r, 1, cell.get("value"), f.value)
        number(ws, r, 2, cell.get("target"), f.value)
        number(ws, r, 3, cell.get("completion"), f.rate)
        number(ws, r, 4, data["schedule"], f.rate)
        number(ws, r, 5, cell.get("deviation"), f.colour.get(colour or "", f.rate))
        number(ws, r, 6, cell.get("rank"), f.center)
        ws.write(r, 7, str(COLOUR_LABELS[colour]) if colour else "", f.colour_text.get(colour or "", f.center))
    ws.set_column(0, 0, 16)
    ws.set_column(1, 7, 13)
    last = 1 + len(rows)
    if rows:
        sheet = ws.get_name()
        chart = book.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": _("完成率（%）"),
                "categories": [sheet, 2, 0, last, 0],
                "values": [sheet, 2, 3, last, 3],
                "data_labels": {"value": True, "num_format": RATE_FORMAT},
            }
        )
        line = book.add_chart({"type": "line"})
        line.add_series(
            {
                "name": _("序时进度（%）"),
                "categories": [sheet, 2, 0, last, 0],
                "values": [sheet, 2, 4, last, 4],
                "line": {"color": "#C00000", "dash_type": "dash"},
                "marker": {"type": "none"},
            }
        )
        chart.combine(line)
        chart.set_title({"name": _("%s完成率与序时进度") % column["name"]})
        chart.set_y_axis({"name": "%", "num_format": "0"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 720, "height": 360})
        ws.insert_chart(last + 2, 0, chart)


def overall_sheet(book: Any, f: Formats, data: dict[str, Any]) -> None:
    ws = book.add_worksheet(_("综合排名"))
    ws.merge_range(0, 0, 0, 3, _("各地综合排名（%s）") % data["period"], f.title)
    for j, label in enumerate([_("排名"), _("单位"), _("平均名次"), _("较上月")]):
        ws.write(1, j, label, f.head)
    rows = data["overall"]
    for r, row in enumerate(rows, start=2):
        number(ws, r, 0, row["rank"], f.center)
        ws.write(r, 1, row["region"]["name"], f.text)
        number(ws, r, 2, row["mean_rank"], f.value)
        number(ws, r, 3, row["rank_change"], f.center)
    ws.set_column(1, 1, 18)
    ws.set_column(2, 3, 12)
    if rows:
        sheet = ws.get_name()
        chart = book.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": _("平均名次"),
                "categories": [sheet, 2, 1, 1 + len(rows), 1],
                "values": [sheet, 2, 2, 1 + len(rows), 2],
                "data_labels": {"value": True},
            }
        )
        chart.set_title({"name": _("综合排名（平均名次，越小越好）")})
        chart.set_y_axis({"reverse": True})
        chart.set_legend({"none": True})
        ws.insert_chart(len(rows) + 4, 0, chart)


def projects_sheet(book: Any, f: Formats, projects: dict[str, Any], period: str) -> None:
    ws = book.add_worksheet(_("重点项目"))
    stages = projects["stages"]
    last_col = 7 + len(stages)
    ws.merge_range(0, 0, 0, last_col, _("重点项目分地区推进情况（%s）") % period, f.title)
    ws.merge_range(1, 0, 2, 0, _("单位"), f.head)
    ws.merge_range(1, 1, 1, 3, _("项目数（个）"), f.head)
    for j, label in enumerate([_("签约"), _("开工"), _("投产")], start=1):
        ws.write(2, j, label, f.head)
    ws.merge_range(1, 4, 1, 5, _("进度（%）"), f.head)
    ws.write(2, 4, _("开工率"), f.head)
    ws.write(2, 5, _("投产率"), f.head)
    ws.merge_range(1, 6, 2, 6, _("平均星级"), f.head)
    ws.merge_range(1, 7, 2, 7, _("本年完成投资（亿元）"), f.head)
    if stages:
        if len(stages) > 1:
            ws.merge_range(1, 8, 1, last_col, _("按阶段（个）"), f.head)
        else:
            ws.write(1, 8, _("按阶段（个）"), f.head)
        for k, stage in enumerate(stages):
            ws.write(2, 8 + k, stage["label"], f.head)
    units = [*projects["units"], projects["total"]]
    for r, u in enumerate(units, start=3):
        ws.write(r, 0, u["region"]["name"] if u is not projects["total"] else _("全市"), f.text)
        for j, key in enumerate(("signed", "started", "producing"), start=1):
            number(ws, r, j, u[key], f.center)
        number(ws, r, 4, u["start_rate"], f.rate)
        number(ws, r, 5, u["production_rate"], f.rate)
        number(ws, r, 6, u["average_stars"], f.rate)
        number(ws, r, 7, u["investment_ytd"], f.value)
        for k, stage in enumerate(stages):
            number(ws, r, 8 + k, u["stage_counts"].get(stage["code"], 0), f.center)
    ws.set_column(0, 0, 16)
    ws.set_column(1, last_col, 11)

    ws = book.add_worksheet(_("逾期节点"))
    for j, label in enumerate([_("地区"), _("项目"), _("节点"), _("计划完成"), _("逾期天数")]):
        ws.write(0, j, label, f.head)
    for r, n in enumerate(projects["overdue_nodes"], start=1):
        ws.write_row(r, 0, [n["region"], n["project_name"], n["node"], n["planned"]], f.text)
        ws.write_number(r, 4, n["days_overdue"], f.center)
    ws.set_column(0, 3, 20)
    ws = book.add_worksheet(_("待解决问题"))
    for j, label in enumerate([_("地区"), _("项目"), _("类型"), _("问题"), _("责任部门"), _("期限"), _("是否逾期")]):
        ws.write(0, j, label, f.head)
    for r, q in enumerate(projects["open_problems"], start=1):
        ws.write_row(
            r,
            0,
            [
                q["region"],
                q["project_name"],
                q["kind"],
                q["text"],
                q["department"],
                q["deadline"] or "",
                _("是") if q["overdue"] else _("否"),
            ],
            f.text,
        )
    ws.set_column(0, 6, 18)


def bulletin_xlsx(data: dict[str, Any]) -> bytes:
    """The workbook of one bulletin version."""
    buffer = io.BytesIO()
    book = open_workbook(buffer, {"in_memory": True})
    book.set_properties({"title": title_of(data), "author": data["region"]["name"]})
    f = Formats(book)
    matrix_sheet(book, f, data)
    headline_sheet(book, f, data)
    overall_sheet(book, f, data)
    if data.get("projects"):
        projects_sheet(book, f, data["projects"], data["period"])
    ws = book.add_worksheet(_("通报要点"))
    ws.set_column(0, 0, 100)
    for r, text in enumerate(data["commentary"]):
        ws.write(r, 0, text, f.wrap)
    book.close()
    return buffer.getvalue()
