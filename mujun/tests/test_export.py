"""The export streamed from the database (`mujun.export`) writes the file the ORM way wrote: every cell of the
xlsx, and the CSV with the same values, on a small run with several groups, shared parcels and missing figures."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from core.excel import Column, _plain, neutralise
from mujun import export
from mujun.choices import IndicatorCode
from mujun.models import EvaluationResult
from mujun.services import evaluation_run_compute
from mujun.views.runs import RESULT_COLUMNS


def _orm_rows(run: Any) -> tuple[list[Column], list[list[Any]]]:
    """The slow way: ORM objects with their run, enterprise, unit and industry, the view's columns as before."""
    columns = [
        *RESULT_COLUMNS,
        *(
            Column(str(label), (lambda c: lambda r: r.values.get(c))(code), 12, "0.0000")
            for code, label in IndicatorCode.choices
            if code in run.codes
        ),
    ]
    results = (
        EvaluationResult.objects.filter(run=run)
        .select_related("run", "enterprise", "enterprise__region", "enterprise__industry")
        .order_by("run", "group", "rank")
    )
    return columns, [[_plain(c.value(r)) for c in columns] for r in results]


def test_the_streamed_export_equals_the_orm_way(bench, regions, city_staff, client):
    bench.seed(300, 0)
    run = bench.new_run(2019, city_staff)
    evaluation_run_compute(run=run, actor=city_staff)
    columns, expected = _orm_rows(run)
    assert len(expected) > 280 and len({row[5] for row in expected}) == 2  # both groups
    assert any(v is None for row in expected for v in row[11:])  # a missing figure
    client.force_login(city_staff)

    response = client.get(reverse("mujun:evaluationresult_export"), {"run": run.pk})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert cells[1] == [c.header for c in columns]
    assert cells[2:] == expected

    response = client.get(reverse("mujun:evaluationresult_export"), {"run": run.pk, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == [c.header for c in columns]
    assert lines[1:] == [["" if v is None else str(neutralise(v)) for v in row] for row in expected]


def test_the_export_keeps_the_scope(bench, regions, make_user, city_staff, client):
    from accounts.choices import Role

    bench.seed(120, 0)
    run = bench.new_run(2019, city_staff)
    evaluation_run_compute(run=run, actor=city_staff)
    county = make_user(Role.UNIT_REPORTER, "330481")
    client.force_login(county)
    response = client.get(reverse("mujun:evaluationresult_export"), {"run": run.pk, "format": "csv"})
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))[1:]
    mine = EvaluationResult.objects.filter(run=run, region__code="330481").count()
    assert 0 < mine < run.result_count and len(lines) == mine
    assert {line[3] for line in lines} == {"海宁市"}
    assert export.ORDER[0] == "-run_id"


def test_the_export_job_reports_the_share_of_rows_written(bench, regions, city_staff, monkeypatch):
    """An export job's progress is the share of the rows the 亩均 export announced, each percent once."""
    from core import excel
    from jobs import exports
    from jobs.models import Job

    bench.seed(300, 0)
    run = bench.new_run(2019, city_staff)
    evaluation_run_compute(run=run, actor=city_staff)
    monkeypatch.setattr(excel, "PROGRESS_ROWS", 10)
    monkeypatch.setattr(export, "PROGRESS_ROWS", 10)
    job = Job.objects.create(
        kind=exports.EXPORT, title="导出", user=city_staff,
        params={"url": reverse("mujun:evaluationresult_export") + f"?run={run.pk}&format=csv", "language": "zh-hans"},
    )  # fmt: skip
    reports: list[int] = []
    exports.export_run(job, lambda percent, _message: reports.append(percent))
    rows = run.results.count()
    expected = sorted({5 + 85 * count // rows for count in range(10, rows + 1, 10)})
    assert reports == [5, *expected, 90]
    assert reports[1] < 20 and reports[-2] >= 85  # not a fixed 50 %
