"""The export written by PostgreSQL (`mujun.export.copy_csv`, `copy_xlsx`, `core.copyexport`) gives the Python
path's file: the same CSV bytes, and an xlsx with the same cells (python-calamine and openpyxl), layout and number
formats, on a run whose firms have awkward names, units, codes and figures."""

from __future__ import annotations

import csv
import io
import math
import struct
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from core import copyexport as cx
from core.excel import neutralise, write_xlsx
from enterprises.models import Enterprise
from mujun import export
from mujun.models import EvaluationResult
from mujun.services import evaluation_run_compute
from regions.models import Region

postgres_only = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="COPY: PostgreSQL only"
)

NAMES = [
    "=HYPERLINK(\"http://x\",\"点\")", "+1,000.5%", "-12", "-１２", "@SUM(A1)", "\tTab", "\rCR", "-", "=",
    'say "hi", then', "line\nbreak", "cr\r\nlf", "a & b < c > d", "_x0041_ literal", "ctrl\x01\x07\x1f",
    "  leading and trailing  ", "\u3000全角空格\u3000", "back\\slash", "'quoted'", "50%", "嘉兴市，南湖区", "\\.",
    "é ü 𠀋", "-3.5", "+2%", "1,2,3", "tab\tinside",
]  # fmt: skip
FLOATS = [
    0.0, -0.0, 1.0, 100.0, 12.34, -3.5, 1e-05, 0.0001, 1.5e-07, 123456789.1234, 1e15, 1.2345e15,
    9999999999999998.0, 1e16, 2.5e-22, 1 / 3,
]  # fmt: skip
# 17 significant digits: xlsxwriter writes a number to 16 (`%.16G`), so its cell is the nearest 16-digit number, where
# PostgreSQL's text keeps the double; the run stores 4 decimals (never 17 digits). Tested in the CSV only.
SEVENTEEN = [0.1 + 0.2, -1.2345678901234567e15]


def _awkward_run(bench: Any, city_staff: Any, floats: list[float]) -> Any:
    bench.seed(300, 0)
    run = bench.new_run(2019, city_staff)
    evaluation_run_compute(run=run, actor=city_staff)
    results = list(EvaluationResult.objects.filter(run=run).order_by("group", "rank", "enterprise_id"))
    for i, name in enumerate(NAMES):  # every name on a firm of the run, some codes awkward too
        changes: dict[str, Any] = {"name": name, "uscc": name[:18] if i % 4 == 0 else f"AW{i:016d}"}
        if i % 2:
            changes["industry"] = None
        Enterprise.objects.filter(pk=results[i * 3].enterprise_id).update(**changes)
    Region.objects.filter(code="330402").update(name='=cmd|" /C calc"!A0')
    Region.objects.filter(code="330411").update(name="")
    width = len(run.codes)
    for i, start in enumerate(range(0, len(floats), width)):
        values = (floats[start : start + width] + [None] * width)[:width]
        text = "[" + ",".join("null" if v is None else repr(v) for v in values) + "]"
        EvaluationResult.objects.filter(pk=results[i * 5 + 1].pk).update(value_list=text)
    EvaluationResult.objects.filter(pk=results[2].pk).update(value_list="[1.5]")  # shorter than the codes
    EvaluationResult.objects.filter(pk=results[4].pk).update(value_list="[ 2.5 , null ]")
    for pk, score in zip(
        [r.pk for r in results[10:16]],
        ["0", "-3.5", "99999999.9999", "0.0001", "100", "12.3400"],
        strict=True,
    ):
        EvaluationResult.objects.filter(pk=pk).update(score=Decimal(score))
    return run


@postgres_only
def test_float_text_is_pythons_repr(db):
    values = [*FLOATS, *SEVENTEEN, 5e-324, 1.7976931348623157e308, -1e-05, 1e14, 99999999999999.99, 123456789012345.67]
    values += [
        struct.unpack("d", struct.pack("Q", bits))[0] for bits in range(4607182418800017408, 4607182418800017408 + 50)
    ]
    values += [10.0**k * m for k in range(-8, 16) for m in (1, -1.5, 9.87654321, 2.5, 7.1)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {cx.float_text('x::text')} FROM unnest(%s::float8[]) WITH ORDINALITY AS v(x, i) ORDER BY i",
            [values],
        )
        got = [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT {cx.float_text('x')} FROM unnest(ARRAY['NaN', 'Infinity', '-Infinity']) AS v(x)")
        specials = [row[0] for row in cursor.fetchall()]
    assert got == [repr(v) for v in values]
    assert specials == [repr(math.nan), repr(math.inf), repr(-math.inf)]


@postgres_only
def test_float_text_above_2_53_is_the_same_number(db):
    """PostgreSQL 15's shortest text of some whole doubles above 2⁵³ (≈ 9.0e15) has 17 digits where Python's has
    fewer (2.5e+22: "2.4999999999999998e+22"): the same number, another text; no 亩均 figure is that large."""
    values = [2.5e22, 9.87654321e18, 1e16, 1e23]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {cx.float_text('x::text')} FROM unnest(%s::float8[]) WITH ORDINALITY AS v(x, i) ORDER BY i",
            [values],
        )
        got = [row[0] for row in cursor.fetchall()]
    assert [float(text) for text in got] == values
    assert got[0] == "2.4999999999999998e+22" != repr(2.5e22)


@postgres_only
def test_neutral_text_is_neutralise(db):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {cx.neutral_text('x')} FROM unnest(%s::text[]) WITH ORDINALITY AS v(x, i) ORDER BY i", [NAMES]
        )
        assert [row[0] for row in cursor.fetchall()] == [neutralise(n) for n in NAMES]


def test_crlf_lines_only_outside_quotes():
    text = b'a,b\n"x\ny",z\n"q""\n",1\nlast\n'
    expected = b'a,b\r\n"x\ny",z\r\n"q""\n",1\r\nlast\r\n'
    for size in (1, 2, 3, 5, 7, len(text)):
        blocks = [text[i : i + size] for i in range(0, len(text), size)]
        assert b"".join(cx.crlf_lines(iter(blocks))) == expected


def test_counted_tells_each_multiple():
    told: list[int] = []
    blocks = [b"1\n2\n3\n", b"4\n", b"", b"5\n6\n7\n8\n9\n10\n"]
    assert list(cx.counted(iter(blocks), told.append, 3)) == blocks
    assert told == [3, 6, 9]


@postgres_only
def test_copy_csv_writes_the_python_paths_bytes(bench, regions, city_staff):
    run = _awkward_run(bench, city_staff, FLOATS + SEVENTEEN)
    runs = {run.pk: list(run.codes)}
    results = EvaluationResult.objects.filter(run=run)
    with tempfile.NamedTemporaryFile(suffix=".csv") as ours, tempfile.NamedTemporaryFile(suffix=".csv") as ref:
        count = export.copy_csv(ours.name, results, runs)
        assert export.write_csv(ref.name, export.columns(run.codes), export.rows(results)) == count
        assert count == run.result_count
        mine, reference = Path(ours.name).read_bytes(), Path(ref.name).read_bytes()
    lines = list(csv.reader(io.StringIO(reference.decode("utf-8-sig"), newline="")))
    assert any(line[2] == '\'=HYPERLINK("http://x","点")' for line in lines)  # the awkward rows are in it
    assert any("1234500000000000.0" in line for line in lines) and any("1e-05" in line for line in lines)
    assert mine == reference


@postgres_only
def test_copy_xlsx_gives_the_python_paths_cells(bench, regions, city_staff):
    run = _awkward_run(bench, city_staff, FLOATS)
    runs = {run.pk: list(run.codes)}
    results = EvaluationResult.objects.filter(run=run)
    columns = export.columns(run.codes)
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as ours, tempfile.NamedTemporaryFile(suffix=".xlsx") as ref:
        count = export.copy_xlsx(ours.name, sheet="评价结果", title="评价结果", results=results, runs=runs)
        assert (
            write_xlsx(ref.name, sheet="评价结果", title="评价结果", columns=columns, rows=export.rows(results))
            == count
        )
        mine, reference = Path(ours.name).read_bytes(), Path(ref.name).read_bytes()
    calamine = [
        CalamineWorkbook.from_filelike(io.BytesIO(f)).get_sheet_by_index(0).to_python() for f in (mine, reference)
    ]
    assert len(calamine[1]) == count + 2 and calamine[0] == calamine[1]
    books = [load_workbook(io.BytesIO(f)) for f in (mine, reference)]
    sheets = [book.active for book in books]
    cells = [[[(c.value, c.number_format) for c in row] for row in sheet.iter_rows()] for sheet in sheets]
    assert cells[0] == cells[1]
    assert any(value == '\'=HYPERLINK("http://x","点")' for row in cells[1] for value, _fmt in row)
    assert any(value == "a & b < c > d" for row in cells[1] for value, _fmt in row)
    assert any(value == "tab\tinside" for row in cells[1] for value, _fmt in row)
    for attribute in ("dimensions", "freeze_panes", "merged_cells"):
        assert str(getattr(sheets[0], attribute)) == str(getattr(sheets[1], attribute))
    assert sheets[0].auto_filter.ref == sheets[1].auto_filter.ref
    assert [sheets[0].column_dimensions[c].width for c in "ABCL"] == [
        sheets[1].column_dimensions[c].width for c in "ABCL"
    ]
    assert books[0].defined_names.keys() == books[1].defined_names.keys()
