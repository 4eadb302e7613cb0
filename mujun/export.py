"""The export of 亩均 results at a run's size (issue 16: a million rows ≤ 30 s as a job, CSV and xlsx).

The rows are streamed from the database, never built as ORM objects: the results through a server-side cursor
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

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext as _

from core.excel import PROGRESS_ROWS, Column, _plain, neutralise, rows_expected, rows_written
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


def csv_response(*, filename: str, columns: Sequence[Column], rows: Iterable[Any]) -> FileResponse:
    tmp = tempfile.NamedTemporaryFile(suffix=".csv")  # deleted when the response closes it
    write_csv(tmp.name, columns, rows)
    tmp.seek(0)
    return FileResponse(tmp, as_attachment=True, filename=filename, content_type="text/csv; charset=utf-8")
