"""The dashboard's tables as one .xlsx: matrix, overall ranking, per-indicator rankings, forecasts.

Numbers are written as numbers in the units the bureau uses (values in the indicator's unit, e.g.
亿元; rates with one decimal; deviations in 个百分点) and warning cells are filled green, yellow or red.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from core.excel import open_workbook
from core.figures import excel_number_format
from reporting.validation import NIL

from .calculations import completion_rate
from .display import COLOUR_FILLS, judged_value, rounded, shown_value, value_format
from .selectors import Cell, Column, Matrix


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def matrix_workbook(matrix: Matrix) -> bytes:
    buffer = io.BytesIO()
    book = open_workbook(buffer, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center", "text_wrap": True})
    title = book.add_format({"bold": True, "font_size": 14})
    fmt_value = book.add_format({"num_format": "0.00", "border": 1})
    unit_formats: dict[str, Any] = {}

    def fmt_of(number_format: str) -> Any:
        """A cell format per number format of the one rule (core/figures.py): counts whole, amounts 2 decimals."""
        if number_format not in unit_formats:
            unit_formats[number_format] = book.add_format({"num_format": number_format, "border": 1})
        return unit_formats[number_format]

    fmt_rate = book.add_format({"num_format": "0.0", "border": 1})
    fills = {
        colour: book.add_format({"num_format": "0.0", "border": 1, "bg_color": fill})
        for colour, fill in COLOUR_FILLS.items()
    }
    plain = book.add_format({"border": 1})
    label = f"{matrix.plan.title} · {matrix.year}年1—{matrix.month}月"

    def write(ws: Any, row: int, col: int, value: Decimal | None, fmt: Any) -> None:
        if value is None:
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_number(row, col, float(value), fmt)

    # 1. The matrix: per indicator 完成值, 目标, 完成率, 偏差, 同比, 排名.
    ws = book.add_worksheet(_("监测矩阵"))
    ws.write(0, 0, label, title)
    ws.merge_range(1, 0, 2, 0, _("单位"), head)
    sub = [_("完成值"), _("目标"), _("完成率（%）"), _("偏差（个百分点）"), _("同比（%）"), _("排名")]
    for i, column in enumerate(matrix.columns):
        first = 1 + i * len(sub)
        ws.merge_range(1, first, 1, first + len(sub) - 1, str(column.indicator), head)
        for j, name in enumerate(sub):
            ws.write(2, first + j, name, head)
    ws.set_column(0, 0, 22)
    ws.set_column(1, len(matrix.columns) * len(sub), 11)
    rows: list[tuple[str, list[Cell | None]]] = [(u.name, cells) for u, cells in matrix.rows()]
    if matrix.complete:
        covered = [c for c in matrix.city.values() if c.incomplete]
        city_label = _("全市")
        if covered:  # an incomplete month: the sum covers the units that reported, and is not judged
            city_label = _("全市（%(n)d/%(total)d个单位已报，未与目标比较）") % {
                "n": min(c.covered or 0 for c in covered),
                "total": len(matrix.units),
            }
        rows.append((city_label, matrix.city_row()))
    for r, (name, cells) in enumerate(rows, start=3):
        ws.write(r, 0, name, plain)
        for i, (column, cell) in enumerate(zip(matrix.columns, cells, strict=True)):
            first = 1 + i * len(sub)
            if cell is not None and cell.nil:
                ws.write(r, first, NIL, plain)  # marked 无 by the unit: not a zero, not 未报
                for j in range(1, len(sub)):
                    ws.write_blank(r, first + j, None, plain)
                continue
            if (
                cell is not None
                and not cell.reported
                and cell.covered is None
                and column.indicator.kind != "qualitative"
            ):
                ws.write(r, first, _("未报"), plain)  # not a blank or a zero: the unit has not reported
                for j in range(1, len(sub)):
                    ws.write_blank(r, first + j, None, plain)
                continue
            ev = cell.evaluation if cell else None
            unit = column.indicator.unit
            write(ws, r, first, judged_value(ev, column.indicator), fmt_of(value_format(column.indicator)))
            write(
                ws, r, first + 1, shown_value(ev.target, unit) if ev else None, fmt_of(value_format(column.indicator))
            )
            write(ws, r, first + 2, rounded(ev.completion) if ev else None, fmt_rate)
            write(
                ws,
                r,
                first + 3,
                rounded(ev.deviation) if ev else None,
                fills.get(ev.colour or "", fmt_rate) if ev else fmt_rate,
            )
            write(ws, r, first + 4, rounded(ev.growth) if ev else None, fmt_rate)
            if cell is not None and cell.rank is not None:
                ws.write_number(r, first + 5, cell.rank, plain)
            else:
                ws.write_blank(r, first + 5, None, plain)
    ws.freeze_panes(3, 1)

    if matrix.complete:
        # 2. Overall ranking.
        ws = book.add_worksheet(_("总排名"))
        ws.write(0, 0, label, title)
        for j, name in enumerate([_("排名"), _("单位"), _("平均名次"), _("较上月")]):
            ws.write(1, j, name, head)
        for r, row in enumerate(matrix.overall, start=2):
            if row.rank is not None:
                ws.write_number(r, 0, row.rank, plain)
            ws.write(r, 1, row.region.name, plain)
            write(ws, r, 2, rounded(row.mean_rank, Decimal("0.01")), fmt_value)
            if row.rank_change is not None:
                ws.write_number(r, 3, row.rank_change, plain)
        ws.set_column(1, 1, 22)

        # 3. Rankings per indicator, one block under the other.
        ws = book.add_worksheet(_("分指标排名"))
        ws.write(0, 0, label, title)
        r = 1
        for column in matrix.columns:
            _ranking_block(ws, r, column, matrix, head, plain, fmt_rate, fills)
            r += len(matrix.units) + 3
        ws.set_column(1, 1, 22)

    # 4. Year-end forecasts of the flows.
    ws = book.add_worksheet(_("年末预测"))
    ws.write(0, 0, label, title)
    for j, name in enumerate(
        [
            _("单位"),
            _("指标"),
            _("计量单位"),
            _("本年累计"),
            _("全年目标"),
            _("预计全年"),
            _("预计完成率（%）"),
            _("预警"),
        ]
    ):
        ws.write(1, j, name, head)
    r = 2
    for unit, cells in matrix.rows():
        for column, cell in zip(matrix.columns, cells, strict=True):
            if cell is None or cell.evaluation.forecast is None:
                continue
            ev = cell.evaluation
            unit_name = column.indicator.unit
            ws.write(r, 0, unit.name, plain)
            ws.write(r, 1, column.indicator.name, plain)
            ws.write(r, 2, unit_name, plain)
            write(ws, r, 3, shown_value(ev.value, unit_name), fmt_of(excel_number_format(unit_name)))
            write(ws, r, 4, shown_value(ev.target, unit_name), fmt_of(excel_number_format(unit_name)))
            write(ws, r, 5, shown_value(ev.forecast, unit_name), fmt_of(excel_number_format(unit_name)))
            completion = completion_rate(ev.forecast, ev.target)
            write(ws, r, 6, rounded(completion), fills["red"] if ev.forecast_warning else fmt_rate)
            ws.write(r, 7, _("按往年进度预计完不成目标") if ev.forecast_warning else "", plain)
            r += 1
    ws.set_column(0, 1, 22)
    book.close()
    return buffer.getvalue()


def _ranking_block(
    ws: Any, r: int, column: Column, matrix: Matrix, head: Any, plain: Any, fmt_rate: Any, fills: dict[str, Any]
) -> None:
    ws.write(r, 0, str(column.indicator), head)
    for j, name in enumerate([_("排名"), _("单位"), _("排名依据"), _("较上月")]):
        ws.write(r + 1, j, name, head)
    for i, (unit, cell) in enumerate(matrix.ranking(column), start=r + 2):
        ws.write_number(i, 0, cell.rank or 0, plain)
        ws.write(i, 1, unit.name, plain)
        measure = rounded(cell.evaluation.measure)
        fmt = fills.get(cell.evaluation.colour or "", fmt_rate)
        if measure is not None:
            ws.write_number(i, 2, float(measure), fmt)
        if cell.rank_change is not None:
            ws.write_number(i, 3, cell.rank_change, plain)
