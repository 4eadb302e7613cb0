"""Benchmark: the export of a whole 亩均 run as a background job (issue 16: a million rows ≤ 30 s, CSV and xlsx,
with real progress).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jx_mujun_bench .venv/bin/python benchmarks/bench_mujun_export.py

On the database of `bench_mujun.py` (1,000,000 enterprises) and its newest run with results. Measured in the same
process and run:

- jingxin: the export job (`jobs.exports.export_run`, the worker's own call) of `?run=<run>` as CSV and as xlsx for
  city staff: the rows streamed from a server-side cursor in the index order, the enterprises fetched per chunk
  (`mujun/export.py`); wall and CPU time, the file's size, and the progress the job reported (asserted to climb
  from 5 % to 90 % through the share of rows written, not a fixed figure);
- naive: the ORM way it replaced (`RESULT_COLUMNS` over `select_related` result objects, written by the same
  xlsx writer) on the first `--naive` results, extrapolated per row to the run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_database import ensure_database, progress, setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--naive", type=int, default=20_000, help="results the naive way exports")
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--run", type=int, help="the run to export (default: the newest with results)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jx_mujun_bench")
    ensure_database(url)
    setup_django(url)
    from bench_mujun_list import make_user
    from django.urls import reverse

    from accounts.choices import Role
    from core.excel import write_xlsx
    from jobs import exports
    from jobs.models import Job
    from mujun.models import EvaluationResult, EvaluationRun
    from mujun.views.runs import RESULT_COLUMNS

    runs = EvaluationRun.objects.filter(result_count__gt=0).order_by("-year", "-id")
    run = runs.filter(pk=args.run).first() if args.run else runs.first()
    assert run is not None, "no run with results: run bench_mujun_write.py or bench_mujun.py first"
    city = make_user("bench_mujun_city", Role.CITY_STAFF, "330400")
    progress(f"run {run.pk}: {run.result_count:,} results; load {os.getloadavg()}")
    lines = []
    for fmt in args.formats.split(","):
        query = f"?run={run.pk}" + ("&format=csv" if fmt == "csv" else "")
        job = Job.objects.create(
            kind=exports.EXPORT, title="导出", user=city,
            params={"url": reverse("mujun:evaluationresult_export") + query, "language": "zh-hans"},
        )  # fmt: skip
        reports: list[tuple[float, int]] = []
        t0, c0 = time.perf_counter(), time.process_time()

        def report(percent: int, _message: str, t0: float = t0, reports: list[tuple[float, int]] = reports) -> None:
            reports.append((time.perf_counter() - t0, percent))

        result = exports.export_run(job, report)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        percents = [p for _t, p in reports]
        assert percents[0] == 5 and percents[-1] == 90 and percents == sorted(percents) and len(set(percents)) > 80
        halfway = next(t for t, p in reports if p >= 47)
        job.output_file.delete(save=False)
        job.delete()
        lines.append(
            f"jingxin {fmt}: {wall:.1f} s wall, {cpu:.1f} s CPU, {result['size'] / 1e6:.0f} MB, {len(reports)} progress "
            f"reports (5 % → 90 %; 47 % at {halfway:.1f} s)"
        )
        progress(lines[-1] + f"; load {os.getloadavg()}")

    results = (
        EvaluationResult.objects.filter(run=run)
        .select_related("run", "enterprise", "enterprise__region", "enterprise__industry")
        .order_by("group", "rank", "enterprise_id")[: args.naive]
    )
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        t0, c0 = time.perf_counter(), time.process_time()
        count = write_xlsx(tmp.name, sheet="naive", title=None, columns=RESULT_COLUMNS, rows=results.iterator(2000))
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    per_row = wall / count
    lines.append(
        f"naive (ORM objects, xlsx) on {count:,} rows: {wall:.1f} s wall, {cpu:.1f} s CPU "
        f"({cpu / count * 1000:.2f} ms CPU a row); extrapolated to {run.result_count:,}: {per_row * run.result_count:.0f} s"
    )
    print()
    print(f"load average at the end: {Path('/proc/loadavg').read_text().strip()}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
