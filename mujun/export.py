"""The export of 亩均 results at a run's size (issue 16: a million rows ≤ 30 s as a job, CSV and xlsx).

On PostgreSQL the file is written by the database (`copy_csv`, `copy_xlsx`): one query over the filtered, scoped
results gives each cell's text as the Python path writes it (`core.copyexport`), streamed by COPY: CSV lines, or
the sheet's XML rows spliced into the workbook xlsxwriter writes without data (`core.excel.write_xlsx_xml`).

Elsewhere (SQLite), and as the reference of those files, the rows are streamed from the database, never built as ORM objects: the results through a server-side cursor
(`values_list(...).iterator()`) in the order of the list index (run, group, rank, enterprise), so PostgreSQL
neither joins nor sorts the run, and the enterprises' code, name, unit and industry fetched per chunk of rows by
their keys (one query a chunk). Each row is a tuple; the columns read it by position. The file is the one the
ORM way writes (`tests/test_export.py` compares them cell by cell).
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from operator import itemgetter
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext as _
from xlsxwriter.utility import xl_col_to_name

from core import copyexport as cx
from core.excel import (
    PROGRESS_ROWS,
    Column,
    _plain,
    neutralise,
    rows_expected,
    rows_written,
    write_xlsx,
    write_xlsx_xml,
)
from enterprises.models import Enterprise

from .choices import Group, IndicatorCode
from .models import EvaluationRun

CHUNK = 5000
_RESULT_FIELDS = ("run_id", "enterprise_id", "group", "score", "rank", "group_size", "computed_class", "final_class",
                  "value_list")  # fmt: skip
# newest run first (the runs' own order, by id within a year), then the list index's order
ORDER = ("-run_id", "group", "rank", "enterprise_id")


def columns(codes: Iterable[str]) -> list[Column]:
    """The file's columns over the rows `rows()` yields: the result, then each indicator the runs computed, in the
    order of the indicator list."""
    used = set(codes)
    fixed = [
        (_("评价年度"), 8, None), (_("统一社会信用代码"), 22, None), (_("企业名称"), 36, None), (_("属地"), 16, None),
        (_("行业"), 8, None), (_("评价组别"), 18, None), (_("综合得分"), 12, "0.0000"), (_("组内排名"), 10, None),
        (_("组内企业数"), 10, None), (_("计算类别"), 8, None), (_("最终类别"), 8, None),
    ]  # fmt: skip
    out = [Column(header, itemgetter(i), width, fmt) for i, (header, width, fmt) in enumerate(fixed)]
    out += [
        Column(str(label), (lambda c: lambda r: r[11].get(c))(code), 12, "0.0000")
        for code, label in IndicatorCode.choices
        if code in used
    ]
    return out


def rows(results: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """(year, credit code, name, unit, industry, group, score, rank, group size, computed class, final class,
    {indicator: value}) per result, in `ORDER`."""
    runs: dict[int, tuple[int, list[str]]] = {}
    groups = {value: str(label) for value, label in Group.choices}
    expect = rows_expected.get()
    if expect is not None:  # an export job: its progress is the share of this count written (an index-only count)
        expect(results.order_by().count())
    stream = results.order_by(*ORDER).values_list(*_RESULT_FIELDS).iterator(chunk_size=CHUNK)
    while chunk := list(islice(stream, CHUNK)):
        firms = {
            pk: rest
            for pk, *rest in Enterprise.objects.filter(pk__in={r[1] for r in chunk})
            .order_by()
            .values_list("pk", "uscc", "name", "region__name", "industry__code")
        }
        for run_id, firm, group, score, rank, size, computed, final, values in chunk:
            if run_id not in runs:
                run = EvaluationRun.objects.values_list("year", "codes").get(pk=run_id)
                runs[run_id] = (run[0], list(run[1] or []))
            year, codes = runs[run_id]
            uscc, name, unit, industry = firms.get(firm, (None, None, None, None))
            yield (year, uscc, name, unit, industry, groups.get(group, group), score, rank, size, computed, final,
                   dict(zip(codes, values, strict=False)))  # fmt: skip


def write_csv(path: str, columns: Sequence[Column], rows: Iterable[Any]) -> int:
    """The rows as UTF-8 CSV with a byte-order mark (Excel then reads the Chinese right), the same values as the
    xlsx (numbers as Python writes them, text neutralised against formula injection); returns the row count."""
    tell = rows_written.get()
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([c.header for c in columns])
        for count, obj in enumerate(rows, start=1):
            if tell is not None and count % PROGRESS_ROWS == 0:
                tell(count)
            writer.writerow(["" if (v := _plain(c.value(obj))) is None else neutralise(v) for c in columns])
    return count


def file_response(
    results: QuerySet[Any], *, runs: dict[int, list[str]], name: str, stem: str, csv_format: bool
) -> FileResponse:
    """The results (filtered and scoped) of `runs` (id → indicator codes) as `stem`.csv or .xlsx (sheet and title
    `name`): written by PostgreSQL there (`copy_csv`, `copy_xlsx`), from the streamed rows elsewhere."""
    columns_ = columns(code for codes in runs.values() for code in codes)
    postgres = connection.vendor == "postgresql"
    suffix = ".csv" if csv_format else ".xlsx"
    tmp = tempfile.NamedTemporaryFile(suffix=suffix)  # deleted when the response closes it
    if csv_format and postgres:
        copy_csv(tmp.name, results, runs)
    elif csv_format:
        write_csv(tmp.name, columns_, rows(results))
    elif postgres:
        copy_xlsx(tmp.name, sheet=name, title=name, results=results, runs=runs)
    else:
        write_xlsx(tmp.name, sheet=name, title=name, columns=columns_, rows=rows(results))
    tmp.seek(0)
    content_type = (
        "text/csv; charset=utf-8" if csv_format else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return FileResponse(tmp, as_attachment=True, filename=stem + suffix, content_type=content_type)


# --- written by PostgreSQL ---------------------------------------------------------------------------------------

# the query's columns, named in the outer query by `_ALIASES` (the unit and industry as `rows()` reads them)
_SQL_FIELDS = ("run_id", "run__year", "enterprise__uscc", "enterprise__name", "enterprise__region__name",
               "enterprise__industry__code", "group", "score", "rank", "group_size", "computed_class", "final_class",
               "value_list")  # fmt: skip
_ALIASES = "run, year, uscc, name, unit, industry, grp, score, rank, size, computed, final, vals"


def _cells(results: QuerySet[Any], runs: dict[int, list[str]], used: list[str]) -> tuple[str, list[Any], list[Any]]:
    """The results query (filters, scope and `ORDER` of `results`) as the source `t` of an outer query, and the
    cells of `columns(used)` in order over it as (kind, SQL): "text" (the cell's text, neutralised), "integer",
    "decimal" (a numeric column) or "double" (PostgreSQL's text of a double); NULL for no value."""
    inner, params = results.order_by(*ORDER).values_list(*_SQL_FIELDS).query.sql_with_params()
    source = f"({inner}) AS t({_ALIASES})"
    groups = " ".join(f"WHEN '{value}' THEN {_literal(neutralise(str(label)))}" for value, label in Group.choices)

    def text(expr: str) -> tuple[str, str]:
        return ("text", cx.neutral_text(f"NULLIF({expr}, '')"))

    cells: list[tuple[str, str]] = [
        ("integer", "t.year::text"), text("t.uscc"), text("t.name"), text("t.unit"), text("t.industry"),
        ("text", f"CASE t.grp {groups} ELSE {text('t.grp')[1]} END"),
        ("decimal", "t.score"), ("integer", "t.rank::text"), ("integer", "t.size::text"), text("t.computed"),
        text("t.final"),
    ]  # fmt: skip
    for code, _label in IndicatorCode.choices:
        if code not in used:
            continue
        whens = " ".join(
            f"WHEN {int(run)} THEN split_part(btrim(t.vals, '[]'), ',', {codes.index(code) + 1})"
            for run, codes in runs.items()
            if code in codes
        )
        item = f"NULLIF(NULLIF(btrim(CASE t.run {whens} END), 'null'), '')" if whens else "NULL"
        cells.append(("double", f"({item})::float8::text"))
    return source, list(params), cells


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''").replace("%", "%%") + "'"


def copy_csv(path: str, results: QuerySet[Any], runs: dict[int, list[str]]) -> int:
    """The file `write_csv(path, columns(…), rows(results))` writes, written by PostgreSQL; `runs`: the indicator
    codes of each run the results may belong to. Returns the row count."""
    used = [code for codes in runs.values() for code in codes]
    count = results.order_by().count()  # an index-only count (a line feed inside a quoted name is not a row)
    expect = rows_expected.get()
    if expect is not None:
        expect(count)
    source, params, cells = _cells(results, runs, used)
    exprs, lateral = [], []
    for i, (kind, expr) in enumerate(cells):
        if kind in ("decimal", "double"):  # as Python writes the float: the double's text computed once, below
            lateral.append(f"{expr}::float8::text AS f{i}" if kind == "decimal" else f"{expr} AS f{i}")
            exprs.append(cx.float_text(f"f.f{i}"))
        else:
            exprs.append(expr)
    sql = f"SELECT {', '.join(exprs)} FROM {source}"  # noqa: S608  (no user input: Django's query, our own text)
    if lateral:  # OFFSET 0 keeps the subquery from being flattened into a copy of each expression per use
        sql += f" CROSS JOIN LATERAL (SELECT {', '.join(lateral)} OFFSET 0) AS f"
    blocks = cx.copy_out(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params)
    with open(path, "wb") as out:
        out.write("\ufeff".encode())
        writer = csv.writer(_Lines(out))
        writer.writerow([c.header for c in columns(used)])
        tell = rows_written.get()
        for block in cx.counted(cx.crlf_lines(_in_transaction(blocks)), tell, PROGRESS_ROWS):
            out.write(block)
    return count


class _Lines:
    """A binary file as the text file `csv.writer` writes to (the header line)."""

    def __init__(self, out: Any) -> None:
        self.out = out

    def write(self, text: str) -> int:
        return self.out.write(text.encode())


def _in_transaction(blocks: Iterator[bytes]) -> Iterator[bytes]:
    """The COPY's blocks read inside a transaction with a larger sort and hash memory for this export only."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute("SET LOCAL jit = off")
        yield from blocks


def copy_xlsx(path: str, *, sheet: str, title: str | None, results: QuerySet[Any], runs: dict[int, list[str]]) -> int:
    """The workbook `write_xlsx` writes of `rows(results)` (`copy_csv`'s columns), its rows written by PostgreSQL as
    the sheet's XML; returns the row count."""
    used = [code for codes in runs.values() for code in codes]
    count = results.order_by().count()
    expect = rows_expected.get()
    if expect is not None:
        expect(count)
    source, params, cells = _cells(results, runs, used)
    tell = rows_written.get()
    written = [0]

    def rows_xml(start: int, styles: list[int | None]) -> Iterator[bytes]:
        parts = []
        for i, ((kind, expr), style) in enumerate(zip(cells, styles, strict=True)):
            ref = f"'<c r=\"{xl_col_to_name(i)}' || t.r || '\"" + (f' s="{style}"' if style is not None else "")
            if kind == "text":
                parts.append(
                    f'{ref} t="inlineStr"><is><t xml:space="preserve">\' || {cx.xml_text(expr)} || \'</t></is></c>\''
                )
            else:  # the number as PostgreSQL writes it: the same value as xlsxwriter's
                parts.append(f"{ref}><v>' || {expr}{'::text' if kind == 'decimal' else ''} || '</v></c>'")
        row = f"'<row r=\"' || t.r || '\">' || concat({', '.join(parts)}) || '</row>'"
        numbered = f"(SELECT t.*, (row_number() OVER () + {int(start) - 1})::text AS r FROM {source}) AS t"  # noqa: S608
        blocks = cx.copy_out(f"COPY (SELECT {row} FROM {numbered}) TO STDOUT", params)  # noqa: S608  (as above)
        for block in cx.counted(_in_transaction(blocks), tell, PROGRESS_ROWS):
            written[0] += block.count(b"\n")
            yield block

    write_xlsx_xml(path, sheet=sheet, title=title, columns=columns(used), count=count, rows_xml=rows_xml)
    if written[0] != count:  # the rows changed between the count and the COPY (a run re-computed meanwhile)
        raise RuntimeError(f"export: {written[0]} rows written, {count} counted")
    return count
