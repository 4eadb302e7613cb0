"""An upload the importer cannot trust is a finding of the preview (issue #12, issue 11 points 2 and 7).

The targets importer reads Excel through core's `readable_sheets`, like every other import: an
unreadable file, text that would run as a formula and (in .xlsx) a formula without a stored result
are findings located by sheet, row and column, never a failed job or a target silently left blank.
The cases are the 2019 investment notice's own table (targets/seeds.py), written as the bureau would.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from targets.importing import preview_file
from targets.seeds import JIAXING_2019

from .notices import xlsx

pytestmark = pytest.mark.django_db


def rewritten(data: bytes, cell: str, value: str, *, as_text: bool = False) -> bytes:
    """The workbook saved again by openpyxl (which stores no formula results) with one cell changed."""
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    sheet[cell].value = value
    if as_text:
        sheet[cell].data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_seed_table_reads_clean(regions):
    preview = preview_file(xlsx(JIAXING_2019), "2019.xlsx")
    assert preview.ok and not preview.findings


def test_a_formula_without_a_stored_result_is_an_error_at_its_cell(regions):
    # Given the notice's table where 嘉兴市's investment target (B3) is a SUM saved without its result
    data = rewritten(xlsx(JIAXING_2019), "B3", "=SUM(B4:B10)")

    # When it is previewed
    preview = preview_file(data, "2019.xlsx")

    # Then the cell is named, the preview cannot be confirmed, and no blank target is proposed silently
    found = [f for f in preview.findings if "公式没有保存计算结果" in f.message]
    assert [(f.sheet, f.row, f.column, f.severity) for f in found] == [("2019年度分解表", 3, "B", "error")]
    assert not preview.ok


@pytest.mark.parametrize(
    ("text", "severity"),
    [('=HYPERLINK("http://x","点击")', "error"), ("@SUM(1)", "warning")],
)
def test_text_that_would_run_as_a_formula_is_a_finding(regions, text, severity):
    data = rewritten(xlsx(JIAXING_2019), "A4", text, as_text=True)

    preview = preview_file(data, "2019.xlsx")

    found = [f for f in preview.findings if "公式符号" in f.message]
    assert [(f.sheet, f.row, f.column, f.severity) for f in found] == [("2019年度分解表", 4, "A", severity)]
    if severity == "error":
        assert not preview.ok


def test_the_notices_dashes_are_not_formula_warnings(regions):
    # The seed table's 合计 row prints "--" where a target is not decomposed (C12, G12)
    preview = preview_file(xlsx(JIAXING_2019), "2019.xlsx")

    assert not [f for f in preview.findings if "公式符号" in f.message]


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00"])
@pytest.mark.parametrize("filename", ["notice.xlsx", "notice.xls"])
def test_an_unreadable_workbook_is_one_finding_without_internals(regions, content, filename):
    preview = preview_file(content, filename)

    assert [f.message[:6] for f in preview.findings] == ["无法读取文件"]
    assert "/" not in preview.findings[0].message and not preview.ok
