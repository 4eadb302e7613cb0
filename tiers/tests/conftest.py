from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tiers.importing import COLUMNS


def xlsx(rows: list[dict[str, Any]], headers: list[str] | None = None) -> SimpleUploadedFile:
    """A recognition list as the bureau receives it: a title row, the headers, the rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "认定名单"
    ws.append(["2021年专精特新“小巨人”企业名单"])
    keys = headers or list(COLUMNS)
    ws.append([COLUMNS[k] for k in keys])
    for row in rows:
        ws.append([row.get(k, "") for k in keys])
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("名单.xlsx", buf.getvalue())


@pytest.fixture
def make_xlsx():
    return xlsx
