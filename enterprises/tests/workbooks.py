"""Building enterprise import workbooks (the registry's own layout) for tests, with openpyxl."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from tests.factories import valid_uscc

HEADER = (
    "统一社会信用代码",
    "企业名称",
    "属地",
    "行业代码",
    "规模",
    "用地面积（亩）",
    "从业人员（人）",
    "上市企业",
    "地址",
    "标签",
)


def write_workbook(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    header: Sequence[str] = HEADER,
    sheet: str = "企业",
    title: str | None = None,
) -> Path:
    """Write one sheet: an optional title row, the header row, then the data rows."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    if title:
        ws.append([title])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def enterprise_row(
    name: str,
    region: str = "海宁市",
    *,
    uscc: str | None = None,
    area: str = "330481",
    industry: str = "C34",
    size: str = "规上",
    land: Any = 12.5,
    employees: Any = 80,
    listed: str = "否",
    address: str = "",
    tags: str = "",
) -> list[Any]:
    return [uscc or valid_uscc(area), name, region, industry, size, land, employees, listed, address, tags]


def wrong_check_char(code: str) -> tuple[str, str]:
    """The code with its 18th character replaced by a wrong one; returns (bad code, the right character)."""
    right = code[17]
    wrong = "0" if right != "0" else "1"
    return code[:17] + wrong, right
