"""Fixture files in the official layout, built from the seed notices' tables (targets/seeds.py).

- `xlsx(table)`: an Excel workbook with the merged title and merged cells, numbers as numbers.
- `xls(table)`: the same as an Excel 97–2003 workbook (.xls, written by xlwt), as older offices send.
- `docx(tables)`: a Word notice: 文号, title, issuer and date as paragraphs, each table with its
  merged cells (gridSpan, vMerge), and the 抄送 layout table the smart-transformation notice ends with.
- `OfficialTable.tsv()`: the table as Excel copies it to the clipboard.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import docx
import xlsxwriter
import xlwt

from targets.seeds import OfficialTable

_NUMBER = re.compile(r"^\d+(\.\d+)?$")


def with_cell(table: OfficialTable, row: int, column: int, text: str) -> OfficialTable:
    """A copy of the table with one cell changed (row and column of the printed grid, from 0)."""
    rows = [list(r) for r in table.rows]
    rows[row][column] = text
    return replace(table, rows=rows)


def xlsx(*tables: OfficialTable) -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "vcenter", "align": "center", "border": 1})
    for table in tables:
        ws = workbook.add_worksheet(table.name[:31])
        covered = set()
        for (r1, c1), (r2, c2) in table.merges:
            ws.merge_range(r1, c1, r2, c2, table.rows[r1][c1], wrap)
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for r, row in enumerate(table.rows):
            for c, text in enumerate(row):
                if (r, c) in covered or text == "":
                    continue
                if _NUMBER.match(text.strip()):
                    ws.write_number(r, c, float(text), wrap)
                else:
                    ws.write_string(r, c, text, wrap)
    workbook.close()
    return out.getvalue()


def xls(*tables: OfficialTable) -> bytes:
    workbook = xlwt.Workbook(encoding="utf-8")
    for table in tables:
        ws = workbook.add_sheet(table.name[:31])
        covered = set()
        for (r1, c1), (r2, c2) in table.merges:
            ws.write_merge(r1, r2, c1, c2, table.rows[r1][c1])
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for r, row in enumerate(table.rows):
            for c, text in enumerate(row):
                if (r, c) in covered or text == "":
                    continue
                ws.write(r, c, float(text) if _NUMBER.match(text.strip()) else text)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


NOTICE_HEAD = [
    "嘉经信投资〔2019〕15号",
    "关于印发2019年嘉兴市工业投资和",
    "技术改造工作要点的通知",
    "各县（市、区）经信（经商）局，嘉兴经济技术开发区（国际商务区）经商局、嘉兴港区经发局：",
    "嘉兴市经济和信息化局",
    "2019年2月15日",
]


def docx_bytes(*tables: OfficialTable, head: list[str] | None = None, footer_table: bool = True) -> bytes:
    document = docx.Document()
    for text in head if head is not None else NOTICE_HEAD:
        document.add_paragraph(text)
    for table in tables:
        document.add_paragraph("附件")
        add_table(document, table)
    if footer_table:
        # The notices end with a layout table (抄送 …, 印发日期): a table without any unit in it.
        footer = document.add_table(rows=2, cols=2)
        footer.cell(0, 0).text = "抄送：省经信厅，市府办。"
        footer.cell(1, 0).text = "嘉兴市经济和信息化局"
        footer.cell(1, 1).text = "2019年2月15日印发"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def add_table(document: docx.document.Document, table: OfficialTable) -> None:
    grid = table.plain()
    word = document.add_table(rows=len(grid), cols=len(grid[0]))
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for (r1, c1), (r2, c2) in table.merges:
        word.cell(r1, c1).merge(word.cell(r2, c2))
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                covered[(r, c)] = (r1, c1)
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if covered.get((r, c), (r, c)) != (r, c):
                continue
            word.cell(r, c).text = text
