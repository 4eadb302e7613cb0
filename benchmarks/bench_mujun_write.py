"""Benchmark: the 亩均 run at 1,000,000 enterprises written as a partition per run (issue 16), against the old way
and against psql's own COPY of the same rows as the floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jx_mujun_bench .venv/bin/python benchmarks/bench_mujun_write.py

The database is `bench_mujun.py --seed-only`'s (1,000,000 enterprises). Measured in the same process and run:

- **partition** (jingxin): `evaluation_run_compute` of a new run, then a re-computation of the same run: the run's
  own table, COPY FREEZE, indexes after the load, the old partition dropped (`mujun/runstore.py`);
- **plain** (the way before, the naive reference): the same service with `runstore.partitioned` answering False:
  DELETE of the run's rows, COPY into the indexed table (here the default partition, indexed like the old table);
- the results of the two are compared column by column (asserted equal);
- floors, psql's `\\copy` of the run's rows from a file (CSV and binary) into: an indexed table (the old table's
  three indexes); a new table without indexes, FREEZE; the same plus the three index builds.

Wall time, the process's CPU time and the load average are printed; medians of `--runs`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_database import bench_actor, ensure_database, progress, setup_django

T = "mujun_evaluationresult"
COMPARED = ("enterprise_id", "group", "parcel", "region_id", "division", "value_list", "benchmark_list",
            "contribution_list", "bonus", "penalty", "score", "rank", "group_size", "computed_class", "final_class",
            "vetoed", "protected")  # fmt: skip


def load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def timed(fn: Any) -> tuple[float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


def psql(url: str, script: str) -> float:
    """Wall seconds of psql running `script` in one transaction."""
    t0 = time.perf_counter()
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-1", "-c", script] if "\n" not in script else
                   ["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-1"], input=script if "\n" in script else None,
                   text=True, check=True, capture_output=True)  # fmt: skip
    return time.perf_counter() - t0


def floors(url: str, run_id: int, runs: int) -> dict[str, list[float]]:
    cols = ", ".join(f'"{c}"' for c in ("run_id", *COMPARED))
    tmp = Path("/tmp/jx_mujun_bench")
    tmp.mkdir(exist_ok=True)
    csv, binary = tmp / "run.csv", tmp / "run.bin"
    select = f'SELECT {cols} FROM {T} WHERE run_id = {run_id} ORDER BY "group", rank, enterprise_id'
    psql(url, f"\\copy ({select}) TO '{csv}' WITH (FORMAT csv)")
    psql(url, f"\\copy ({select}) TO '{binary}' WITH (FORMAT binary)")
    like = f"CREATE TABLE {{t}} (LIKE {T} INCLUDING DEFAULTS INCLUDING CONSTRAINTS);"
    # the service's own setting for its index builds (mujun/runstore.py), so that the floor is the same work
    indexes = ("SET LOCAL maintenance_work_mem = '256MB';"
               " ALTER TABLE {t} ADD PRIMARY KEY (id, run_id); ALTER TABLE {t} ADD UNIQUE (run_id, enterprise_id);"
               ' CREATE INDEX ON {t} (run_id, "group", rank, enterprise_id);')  # fmt: skip
    out: dict[str, list[float]] = {}
    for name, fmt, file in (("csv", "csv", csv), ("binary", "binary", binary)):
        for i in range(runs):
            t = "jx_floor"
            psql(url, f"DROP TABLE IF EXISTS {t}; {like.format(t=t)} {indexes.format(t=t)}")
            out.setdefault(f"{name}: indexed table", []).append(
                psql(url, f"\\copy {t} ({cols}) FROM '{file}' WITH (FORMAT {fmt})")
            )
            psql(url, f"DROP TABLE {t}")
            script = f"{like.format(t=t)}\n\\copy {t} ({cols}) FROM '{file}' WITH (FORMAT {fmt}, FREEZE)\n"
            out.setdefault(f"{name}: new table, FREEZE, no index", []).append(psql(url, script))
            psql(url, f"DROP TABLE {t}")
            out.setdefault(f"{name}: new table, FREEZE, then 3 indexes", []).append(
                psql(url, script + indexes.format(t=t) + "\n")
            )
            psql(url, f"DROP TABLE {t}")
            progress(f"floors {name} {i + 1}: " + ", ".join(f"{k.split(': ')[1]} {v[-1]:.2f}" for k, v in out.items()
                                                           if k.startswith(name)))  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-floors", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jx_mujun_bench")
    ensure_database(url)
    setup_django(url)
    from bench_mujun import forget_runs, new_run
    from django.db import connection

    from mujun import runstore
    from mujun.services import evaluation_run_compute

    assert runstore.partitioned(), "migration 0006 (results partitioned by run) is not applied"
    forget_runs()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {T}_default")
    user = bench_actor()
    figures: dict[str, list[tuple[float, float]]] = {}
    phases: dict[str, list[list[float]]] = {}
    runs: dict[str, Any] = {}
    real = runstore.partitioned
    for variant in ("partition", "plain"):
        runstore.partitioned = real if variant == "partition" else (lambda: False)  # type: ignore[assignment]
        for i in range(args.runs):
            for step in ("new", "re-computed"):
                if step == "new":
                    runs[variant] = new_run(2019, user)
                run = runs[variant]
                marks: list[float] = []

                def compute(run: Any = run, marks: list[float] = marks) -> None:
                    evaluation_run_compute(run=run, actor=user, progress=lambda _t: marks.append(time.perf_counter()))

                t0 = time.perf_counter()
                wall, cpu = timed(compute)
                split = [b - a for a, b in zip([t0, *marks], marks, strict=False)][1:4]
                figures.setdefault(f"{variant} {step}", []).append((wall, cpu))
                phases.setdefault(f"{variant} {step}", []).append(split)
                progress(f"{variant} {step} {i + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU (read {split[0]:.2f}, "
                         f"score {split[1]:.2f}, write {split[2]:.2f}), {run.result_count} results, load {load()}")  # fmt: skip
    runstore.partitioned = real  # type: ignore[assignment]
    a, b = runs["partition"].pk, runs["plain"].pk
    cols = ", ".join(f'"{c}"' for c in COMPARED)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM ((SELECT {cols} FROM {T} WHERE run_id = %s EXCEPT ALL "
            f"SELECT {cols} FROM {T} WHERE run_id = %s) UNION ALL (SELECT {cols} FROM {T} WHERE run_id = %s "
            f"EXCEPT ALL SELECT {cols} FROM {T} WHERE run_id = %s)) d",
            [a, b, b, a],
        )
        (differ,) = cursor.fetchone()
        cursor.execute("SELECT tableoid::regclass::text, COUNT(*) FROM mujun_evaluationresult WHERE run_id IN (%s, %s) "
                       "GROUP BY 1 ORDER BY 1", [a, b])  # fmt: skip
        where = cursor.fetchall()
    assert differ == 0, differ
    progress(f"partition and plain results identical (every column but id): yes; tables {where}")
    floor = {} if args.no_floors else floors(url, a, args.runs)
    print()
    print(f"load average at the end: {Path('/proc/loadavg').read_text().strip()}")
    for name, values in figures.items():
        walls, cpus = [w for w, _c in values], [c for _w, c in values]
        split = [statistics.median(p[k] for p in phases[name]) for k in range(3)]
        print(f"{name}: median {statistics.median(walls):.2f} s wall ({', '.join(f'{w:.2f}' for w in walls)}), "
              f"CPU {statistics.median(cpus):.2f} s; read {split[0]:.2f} / score {split[1]:.2f} / "
              f"write {split[2]:.2f} s")  # fmt: skip
    for name, seconds in floor.items():
        print(
            f"psql floor, {name}: median {statistics.median(seconds):.2f} s ({', '.join(f'{v:.2f}' for v in seconds)})"
        )


if __name__ == "__main__":
    main()
