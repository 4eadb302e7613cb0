"""Formula injection (issue 11, point 2): every workbook the project writes keeps text as text."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

from core.excel import neutralise, open_workbook

INJECTION = '=HYPERLINK("http://x","点击")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (INJECTION, "'" + INJECTION),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("海宁项目", "海宁项目"),
        ("A=B", "A=B"),
        ("-3.5", "-3.5"),  # a signed number written as text runs nothing
        ("+2%", "+2%"),
        (-3.5, -3.5),  # numbers stay numbers
        (7, 7),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_every_way_of_writing_text_stays_text():
    buffer = io.BytesIO()
    book = open_workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet("s")
    ws.write(0, 0, INJECTION)
    ws.write_string(1, 0, "@SUM(1+1)")
    ws.write_row(2, 0, ["-1+2", -1.5, "http://x.example/"])
    ws.merge_range(3, 0, 3, 2, "=1+1")
    book.close()
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    cells = [sheet["A1"], sheet["A2"], sheet["A3"], sheet["B3"], sheet["C3"], sheet["A4"]]
    assert [c.data_type for c in cells] == ["s", "s", "s", "n", "s", "s"]
    assert [c.value for c in cells] == ["'" + INJECTION, "'@SUM(1+1)", "'-1+2", -1.5, "http://x.example/", "'=1+1"]
    assert not sheet._hyperlinks and sheet["C3"].hyperlink is None


def project_sources(root: Path) -> list[Path]:
    """The project's own modules: every top-level package but the tests, benchmarks and this one module."""
    found = []
    for package in sorted(p for p in root.iterdir() if (p / "__init__.py").exists()):
        found += [p for p in package.rglob("*.py") if "tests" not in p.parts and p != root / "core" / "excel.py"]
    return found


def test_no_module_opens_a_workbook_except_through_core_excel():
    """The mechanism is one place: any `xlsxwriter.Workbook(...)` elsewhere in the project would bypass it."""
    root = Path(settings.BASE_DIR)
    offenders = []
    sources = project_sources(root)
    assert root / "core" / "views.py" in sources and len(sources) > 50
    for path in sources:
        relative = path.relative_to(root)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "Workbook":
                offenders.append(f"{relative}:{node.lineno}")
            if isinstance(node, ast.ImportFrom) and node.module == "xlsxwriter":
                offenders.append(f"{relative}:{node.lineno}")
    assert not offenders, f"open workbooks with core.excel.open_workbook: {offenders}"


def test_an_export_tells_how_many_rows_it_has_written(tmp_path, monkeypatch):
    """A job that runs an export (jobs/exports.py) listens for the rows written, so its page shows progress."""
    from core import excel

    monkeypatch.setattr(excel, "PROGRESS_ROWS", 2)
    told: list[int] = []
    token = excel.rows_written.set(told.append)
    try:
        excel.write_xlsx(
            str(tmp_path / "a.xlsx"), sheet="s", title=None, columns=[excel.Column("n", lambda r: r)], rows=range(5)
        )
    finally:
        excel.rows_written.reset(token)
    assert told == [2, 4]
