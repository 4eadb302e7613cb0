"""Excel of a plan's decomposition table, laid out like the notice: title row, merged headers, units.

Numbers (targets of the form "reach 125") are written as Excel numbers in the indicator's unit;
every other target (≥ 8, ——, 比上年提升, text) is written as the notice says it.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal

from django.http import FileResponse

from core.excel import open_workbook

from .selectors import Decomposition


def write_decomposition(path: str, table: Decomposition) -> None:
    grid = table.grid()
    width = max((len(r) for r in grid), default=1)
    workbook = open_workbook(path)
    ws = workbook.add_worksheet("分解表")
    title_fmt = workbook.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
    head = workbook.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    body = workbook.add_format({"border": 1, "align": "center", "valign": "vcenter", "text_wrap": True})
    ws.set_column(0, 0, 22)
    ws.set_column(1, width - 1, 14)
    if width > 1:
        ws.merge_range(0, 0, 0, width - 1, table.plan.title, title_fmt)
    else:
        ws.write(0, 0, table.plan.title, title_fmt)
    offset = 1
    header_rows = 0
    for r, row in enumerate(grid):
        if all(c.header or c.hidden for c in row):
            header_rows = r + 1
        for c, cell in enumerate(row):
            if cell.hidden:
                continue
            fmt = head if cell.header else body
            value: object = float(cell.number) if isinstance(cell.number, Decimal) else cell.text
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_range(offset + r, c, offset + r + cell.rowspan - 1, c + cell.colspan - 1, value, fmt)  # type: ignore[arg-type]
            else:
                ws.write(offset + r, c, value, fmt)
    ws.freeze_panes(offset + header_rows, 1)
    workbook.close()


def decomposition_response(table: Decomposition, *, filename: str) -> FileResponse:
    tmp = tempfile.NamedTemporaryFile(suffix=".xlsx")  # deleted when the response closes it
    write_decomposition(tmp.name, table)
    tmp.seek(0)
    return FileResponse(
        tmp,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
