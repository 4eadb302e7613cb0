"""Benchmark: the export of a whole 亩均 run as a background job (issue 16: a million rows ≤ 30 s, CSV and xlsx,
with real progress).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jx_mujun_bench .venv/bin/python benchmarks/bench_mujun_export.py

On the database of `bench_mujun.py` (1,000,000 enterprises) and its newest run with results. Measured in the same
process and run:

- jingxin: the export job (`jobs.exports.export_run`, the worker's own call) of `?run=<run>` as CSV and as xlsx for
  city staff: written by PostgreSQL (`mujun.export.copy_csv`, `copy_xlsx`: each cell's text in one query, streamed
  by COPY); median of `--runs`; wall, CPU of this process and of its PostgreSQL backend (the server's CPU is part
  of the work now), the file's size, and the progress the job reported (asserted to climb from 5 % to 90 %
  through the share of rows written);
- streamed (session 9): the same files from rows streamed through Python (`mujun.export.rows` into
  `write_csv` / `write_xlsx`), once (`--no-streamed` to skip); the CSV files must be byte for byte equal, the
  xlsx files' cells equal (python-calamine, `--check-rows` rows from the start and the end);
- naive: the ORM way (`RESULT_COLUMNS` over `select_related` result objects, written by the same xlsx writer) on
  the first `--naive` results, extrapolated per row to the run.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_database import ensure_database, figure, progress, setup_django


def backend_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a PostgreSQL backend process on this machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rows_of(path: str, check: int) -> list[list[Any]]:
    """The first and last `check` rows of the xlsx's first sheet (python-calamine)."""
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
    head: list[list[Any]] = []
    tail: deque[list[Any]] = deque(maxlen=check)
    for i, row in enumerate(sheet.iter_rows()):
        if i < check:
            head.append(row)
        tail.append(row)
    return head + list(tail)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--naive", type=int, default=20_000, help="results the naive way exports")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--run", type=int, help="the run to export (default: the newest with results)")
    parser.add_argument("--no-streamed", action="store_true", help="skip the session-9 streamed way")
    parser.add_argument("--check-rows", type=int, default=50_000, help="xlsx rows compared at each end")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jx_mujun_bench")
    ensure_database(url)
    setup_django(url)
    from bench_mujun_list import make_user
    from django.db import connection
    from django.urls import reverse

    from accounts.choices import Role
    from core.excel import write_xlsx
    from jobs import exports
    from jobs.models import Job
    from mujun import export
    from mujun.models import EvaluationResult, EvaluationRun
    from mujun.views.runs import RESULT_COLUMNS

    runs = EvaluationRun.objects.filter(result_count__gt=0).order_by("-year", "-id")
    run = runs.filter(pk=args.run).first() if args.run else runs.first()
    assert run is not None, "no run with results: run bench_mujun_write.py or bench_mujun.py first"
    city = make_user("bench_mujun_city", Role.CITY_STAFF, "330400")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    progress(f"run {run.pk}: {run.result_count:,} results; load {os.getloadavg()}")
    lines = []
    for fmt in args.formats.split(","):
        query = f"?run={run.pk}" + ("&format=csv" if fmt == "csv" else "")
        walls, cpus, servers = [], [], []
        for attempt in range(args.runs):
            job = Job.objects.create(
                kind=exports.EXPORT, title="导出", user=city,
                params={"url": reverse("mujun:evaluationresult_export") + query, "language": "zh-hans"},
            )  # fmt: skip
            reports: list[tuple[float, int]] = []
            t0, c0, s0 = time.perf_counter(), time.process_time(), backend_cpu(backend)

            def report(percent: int, _message: str, t0: float = t0, reports: list[tuple[float, int]] = reports) -> None:
                reports.append((time.perf_counter() - t0, percent))

            result = exports.export_run(job, report)
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
            servers.append(backend_cpu(backend) - s0)
            percents = [p for _t, p in reports]
            assert percents[0] == 5 and percents[-1] == 90 and percents == sorted(percents) and len(set(percents)) > 80
            halfway = next(t for t, p in reports if p >= 47)
            job.refresh_from_db()
            kept = Path(tempfile.gettempdir()) / f"bench_export.{fmt}"
            if attempt == 0:
                with job.output_file.open("rb") as stored, open(kept, "wb") as out:
                    shutil.copyfileobj(stored, out)
            job.output_file.delete(save=False)
            job.delete()
            progress(
                f"jingxin {fmt} #{attempt + 1}: {walls[-1]:.1f} s wall, {cpus[-1]:.1f} s CPU, backend {servers[-1]:.1f} s "
                f"CPU, {result['size'] / 1e6:.0f} MB, {len(reports)} reports, 47 % at {halfway:.1f} s; "
                f"load {os.getloadavg()}"
            )
        wall, cpu, server = (statistics.median(x) for x in (walls, cpus, servers))
        line = (
            f"jingxin {fmt}: {wall:.1f} s wall ({', '.join(f'{w:.1f}' for w in walls)}), {cpu:.1f} s CPU, "
            f"backend {server:.1f} s CPU, {result['size'] / 1e6:.0f} MB"
        )
        old_wall = equal = None
        if not args.no_streamed:
            results = EvaluationResult.objects.visible_to(city).filter(run=run)
            used = list(run.codes or [])
            with tempfile.NamedTemporaryFile(suffix="." + fmt) as tmp:
                t0, c0, s0 = time.perf_counter(), time.process_time(), backend_cpu(backend)
                if fmt == "csv":
                    export.write_csv(tmp.name, export.columns(used), export.rows(results))
                else:
                    name = str(EvaluationResult._meta.verbose_name_plural)
                    write_xlsx(
                        tmp.name, sheet=name, title=name, columns=export.columns(used), rows=export.rows(results)
                    )
                old_wall, old_cpu = time.perf_counter() - t0, time.process_time() - c0
                old_server = backend_cpu(backend) - s0
                if fmt == "csv":
                    equal = filecmp.cmp(tmp.name, kept, shallow=False)
                else:
                    equal = rows_of(tmp.name, args.check_rows) == rows_of(str(kept), args.check_rows)
            line += (
                f"; streamed (session 9): {old_wall:.1f} s wall, {old_cpu:.1f} s CPU, backend {old_server:.1f} s CPU; "
                f"{'bytes' if fmt == 'csv' else 'cells'} equal: {equal}"
            )
        lines.append(line)
        progress(line + f"; load {os.getloadavg()}")
        figure(f"mujun export {fmt}", run.result_count, wall, cpu_s=cpu, naive_s=old_wall, equal=equal)

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
