"""`make bench SCALE=tiny|city|province`: run every benchmark at one scale and rewrite docs/benchmarks.md's figures.

    SCALE=city DATABASE_URL=postgres://postgres@127.0.0.1:5432/jingxin_bench_make .venv/bin/python benchmarks/run_all.py
    SCALE=tiny DATABASE_URL=postgres://postgres@127.0.0.1:5432/jx_ci .venv/bin/python benchmarks/run_all.py --only mujun

Scales: `city` (a city like 嘉兴: 30,000 enterprises, sizes that finish in minutes each), `province` (issue 16's
sizes: 100,000 rows for the lists, 1,000,000 enterprises for 亩均, 300,000 firms for policies and tiers, a
500-unit decomposition table, 100 units for monitoring) and `tiny` (the smallest sizes that exercise every path
and its equality asserts, for CI and for checking this script; its wall times mean nothing).

Each benchmark runs as its own process on its own PostgreSQL database, named after DATABASE_URL's with the
script and the scale appended (`…_make_mujun_list_city`): the scripts seed different data (and some drop their
database), so they cannot share one; each keeps its seeded data for the next run at the same scale, except
bench_enterprise_import.py, bench_monitoring.py and bench_targets_import.py, which recreate theirs every run.
The benchmarks' FIGURE lines (JSON: path, rows, seconds, cpu_s, naive_s, queries, equal; see
bench_database.figure) become rows of the table between the `<!-- bench:figures -->` markers, with the date, the
machine and the load average before and after. A benchmark that prints no FIGURE line, or fails, is listed with
its wall time and exit status, and the exit status of this script is 1.

The table is written only for a complete run at `city` or `province`; with `--only` or at `tiny` it is printed.
benchmarks/bench_load.py is not here: it is a locust file, run against a served site (see its docstring).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench:figures -->", "<!-- /bench:figures -->"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jingxin_bench_make"

# Benchmarks run by hand, not by `make bench` (why): the test of this file lists them as the known exceptions.
SEPARATE: dict[str, str] = {
    "bench_load.py": "a locust file, run against a served site",
    "bench_mujun_write.py": "measures on bench_mujun.py --seed-only's million-enterprise database (DATABASE_URL)",
    "bench_mujun_export.py": "exports a run of bench_mujun.py's million-enterprise database (DATABASE_URL)",
}

SCALES: dict[str, list[list[str]]] = {
    "tiny": [
        ["bench_scale_loads.py", "--sizes", "40", "160", "--region-sizes", "20", "80"],
        ["bench_projects_snapshot.py", "--projects", "200", "--runs", "1", "--naive", "20"],
        ["bench_projects_list.py", "--projects", "1000", "--runs", "2"],
        ["bench_enterprise_list.py", "--enterprises", "1000", "--runs", "2"],
        ["bench_list_pages.py", "--rows", "1000", "--runs", "2"],
        ["bench_enterprise_import.py", "--rows", "500", "--naive-sample", "100", "--write-sample", "100"],
        ["bench_targets_import.py", "--units", "20", "--runs", "1", "--naive-runs", "1"],
        ["bench_mujun.py", "--enterprises", "2000", "--sample", "500", "--runs", "1"],
        ["bench_mujun_list.py", "--enterprises", "2000", "--table-runs", "1", "--runs", "2", "--naive-runs", "1"],
        ["bench_mujun_rectify.py", "--enterprises", "2000", "--runs", "1", "--naive", "500"],
        ["bench_monitoring.py", "--units", "3", "--indicators", "5", "--runs", "2"],
        ["bench_bulletins.py", "--indicators", "5", "--runs", "1"],
        ["bench_tiers.py", "--enterprises", "2000", "--entries", "500", "--demonstrations", "50", "--runs", "1",
         "--sample", "200"],
        ["bench_tiers_expiry.py", "--enterprises", "500", "--due", "1000", "--other", "200", "--runs", "1",
         "--sample", "100"],
        ["bench_appeals.py", "--requests", "2000", "--enterprises", "1000", "--runs", "1"],
        ["bench_policies.py", "--enterprises", "2000", "--policies", "20", "--runs", "1"],
        ["bench_chains.py", "--enterprises", "500", "--projects", "200", "--leads", "20000", "--runs", "2"],
    ],
    "city": [
        ["bench_scale_loads.py", "--sizes", "2000", "4000", "8000", "--region-sizes", "100", "200", "400"],
        ["bench_projects_snapshot.py", "--projects", "20000", "--runs", "3", "--naive", "200"],
        ["bench_projects_list.py", "--projects", "10000", "--runs", "15"],
        ["bench_enterprise_list.py", "--enterprises", "30000", "--runs", "15"],
        ["bench_list_pages.py", "--rows", "30000", "--runs", "20"],
        ["bench_enterprise_import.py", "--rows", "20000", "--naive-sample", "1000", "--write-sample", "2000"],
        ["bench_targets_import.py", "--units", "100", "--runs", "3", "--naive-runs", "3"],
        ["bench_mujun.py", "--enterprises", "30000", "--sample", "5000", "--runs", "3"],
        ["bench_mujun_list.py", "--enterprises", "30000", "--runs", "10", "--naive-runs", "3"],
        ["bench_mujun_rectify.py", "--enterprises", "30000", "--runs", "3", "--naive", "10000"],
        ["bench_monitoring.py", "--units", "9", "--indicators", "40", "--runs", "15"],
        ["bench_bulletins.py", "--runs", "3"],
        ["bench_tiers.py", "--enterprises", "30000", "--entries", "5000", "--demonstrations", "500", "--runs", "3",
         "--sample", "1000"],
        ["bench_tiers_expiry.py", "--enterprises", "20000", "--due", "10000", "--other", "2000", "--runs", "3",
         "--sample", "500"],
        ["bench_appeals.py", "--requests", "50000", "--enterprises", "30000", "--runs", "3"],
        ["bench_policies.py", "--enterprises", "30000", "--policies", "300", "--runs", "3"],
        ["bench_chains.py", "--runs", "10"],
    ],
    "province": [
        ["bench_scale_loads.py", "--sizes", "25000", "50000", "100000", "--region-sizes", "250", "500", "1000"],
        ["bench_projects_snapshot.py", "--projects", "100000", "--runs", "3", "--naive", "500"],
        ["bench_projects_list.py", "--projects", "100000", "--runs", "30"],
        ["bench_enterprise_list.py", "--enterprises", "100000", "--runs", "30"],
        ["bench_list_pages.py", "--rows", "100000", "--runs", "40"],
        ["bench_enterprise_import.py", "--rows", "100000", "--naive-sample", "2000", "--write-sample", "5000"],
        ["bench_targets_import.py", "--units", "500", "--runs", "5", "--naive-runs", "5"],
        ["bench_mujun.py", "--enterprises", "1000000", "--sample", "20000", "--runs", "3"],
        ["bench_mujun_list.py", "--enterprises", "1000000", "--runs", "15", "--naive-runs", "3"],
        ["bench_mujun_rectify.py", "--enterprises", "1000000", "--runs", "5", "--naive", "100000"],
        ["bench_monitoring.py", "--units", "100", "--indicators", "40", "--runs", "20", "--naive-units", "20"],
        ["bench_bulletins.py", "--runs", "5"],  # a city's bulletin: the same size at both scales
        ["bench_tiers.py", "--enterprises", "300000", "--entries", "50000", "--demonstrations", "2000", "--runs", "5",
         "--sample", "2000"],
        ["bench_tiers_expiry.py", "--enterprises", "20000", "--due", "50000", "--other", "10000", "--runs", "5",
         "--sample", "1000"],
        ["bench_appeals.py", "--requests", "500000", "--enterprises", "100000", "--runs", "5"],
        ["bench_policies.py", "--enterprises", "300000", "--policies", "300", "--runs", "3"],
        ["bench_chains.py", "--enterprises", "5000", "--projects", "2000", "--leads", "50000", "--runs", "15"],
    ],
}  # fmt: skip


def load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def database_for(base: str, script: str, scale: str) -> str:
    """The script's own database: the base URL's name + `_<script>_<scale>` (PostgreSQL allows 63 bytes)."""
    stem = script.removeprefix("bench_").removesuffix(".py")
    head, _, name = base.rpartition("/")
    return f"{head}/{name}_{stem}_{scale}"[: len(head) + 1 + 63]


def prepare_template(base: str) -> str | None:
    """A migrated database the scripts' databases are copied from (`CREATE DATABASE … TEMPLATE`, by
    bench_database.ensure_database, told by BENCH_TEMPLATE_DATABASE): migrating each of the sixteen from nothing
    took about 35 s apiece, most of a `SCALE=tiny` run; the three that recreate theirs on every run copy it too.
    Migrated again on every run (a no-op when nothing changed), so a copy is never behind the code. None on
    SQLite."""
    if not base.startswith("postgres"):
        return None
    import psycopg

    head, _, name = base.rpartition("/")
    template = f"{name}_template"[:63]
    url = f"{head}/{template}"
    admin = f"{head}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone():
            conn.execute(f'CREATE DATABASE "{template}"')
    print(f"== migrating the template database {template}", flush=True)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
        check=True,
        env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings_test"},
    )
    return template


def parse_figures(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line[len("FIGURE ") :]) for line in stdout.splitlines() if line.startswith("FIGURE ")]


def _num(value: Any, fmt: str) -> str:
    return "—" if value is None else format(value, fmt)


def row(script: str, f: dict[str, Any]) -> str:
    seconds, naive = f.get("seconds"), f.get("naive_s")
    ratio = naive / seconds if naive and seconds else None
    shown = "—" if ratio is None else (f"{ratio:.0f}×" if ratio >= 10 else f"{ratio:.1f}×")
    equal = {True: "yes", False: "**NO**", None: "—"}[f.get("equal")]
    return (
        f"| {script} | {f['path']} | {f['rows']:,} | {_num(seconds, '.3f')} | {_num(f.get('cpu_s'), '.3f')} | "
        f"{_num(naive, '.3f')} | {shown} | {_num(f.get('queries'), 'd')} | {equal} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", default=os.environ.get("SCALE", "city"), choices=sorted(SCALES))
    parser.add_argument("--only", action="append", default=[], help="run the scripts whose name contains this")
    parser.add_argument("--list", action="store_true", help="print the commands of the scale and stop")
    args = parser.parse_args()
    scale = args.scale
    base = os.environ.get("DATABASE_URL", DEFAULT_URL)
    chosen = [a for a in SCALES[scale] if not args.only or any(o in a[0] for o in args.only)]
    if args.list:
        for a in chosen:
            print(f"DATABASE_URL={database_for(base, a[0], scale)} benchmarks/{' '.join(a)}")
        return 0
    rows: list[str] = []
    failed = False
    start_load = load()
    template = prepare_template(base)
    for a in chosen:
        url = database_for(base, a[0], scale)
        # bench_enterprise_import.py and bench_targets_import.py read their own variables
        env = {**os.environ, "DATABASE_URL": url, "IMPORT_DATABASE_URL": url, "TARGETS_DATABASE_URL": url}
        if template:
            env["BENCH_TEMPLATE_DATABASE"] = template
        print(f"== {a[0]} {' '.join(a[1:])} on {url} (load average {load()})", flush=True)
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / a[0]), *a[1:]], capture_output=True, text=True, env=env
        )
        wall = time.perf_counter() - started
        sys.stdout.write(proc.stdout)
        sys.stderr.write(proc.stderr[-3000:])
        figures = parse_figures(proc.stdout)
        rows.extend(row(a[0], f) for f in figures)
        if proc.returncode or not figures:
            failed = True
            rows.append(f"| {a[0]} | (exit {proc.returncode}, {len(figures)} FIGURE lines) | | {wall:.1f} | | | | | |")
        if any(f.get("equal") is False for f in figures):
            failed = True
    block = "\n".join(
        [
            BEGIN,
            f"`make bench SCALE={scale}`, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.node()} "
            f"({os.cpu_count()} CPUs, Python {platform.python_version()}), load average {start_load} → {load()}. "
            "Seconds are medians of wall time (upper bounds under load); CPU is the benchmark process's (the "
            "database's work is only in the wall time); naive is the naive way, measured or extrapolated from a "
            "sample; ratio = naive / seconds.",
            "",
            "| script | path | rows | s | CPU s | naive s | ratio | queries | equal |",
            "|---|---|---:|---:|---:|---:|---:|---:|---|",
            *rows,
            END,
        ]
    )
    if scale == "tiny" or args.only:
        print(block)
    else:
        text = DOC.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
        else:
            text += "\n## Figures of the last `make bench`\n\n" + block + "\n"
        DOC.write_text(text, encoding="utf-8")
        print(f"docs/benchmarks.md: {len(rows)} figures ({scale})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
