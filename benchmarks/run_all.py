"""`make bench SCALE=city|province`: run the benchmarks at one scale and rewrite docs/benchmarks.md's figures block.

Each benchmark runs as its own process on the configured database (BENCH_DATABASE_URL); its FIGURE lines
(JSON: path, rows, seconds, cpu_s, naive_s, queries, equal) become rows of the table between the
`<!-- bench:figures -->` markers, with the date, the machine and the load average before and after.
A benchmark that prints no FIGURE line is listed with its wall time and exit status.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench:figures -->", "<!-- /bench:figures -->"

SCALES: dict[str, list[list[str]]] = {
    "city": [
        ["bench_scale_loads.py", "--sizes", "2000", "4000", "8000", "--region-sizes", "100", "200", "400"],
        ["bench_projects_snapshot.py", "--projects", "20000", "--runs", "3", "--naive", "200"],
    ],
    "province": [
        ["bench_scale_loads.py", "--sizes", "25000", "50000", "100000", "--region-sizes", "250", "500", "1000"],
        ["bench_projects_snapshot.py", "--projects", "100000", "--runs", "3", "--naive", "500"],
    ],
}


def load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    scale = os.environ.get("SCALE", "city")
    rows: list[str] = []
    start_load = load()
    for args in SCALES[scale]:
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / args[0]), *args[1:]], capture_output=True, text=True
        )
        wall = time.perf_counter() - started
        sys.stdout.write(proc.stdout)
        sys.stderr.write(proc.stderr[-2000:])
        figures = [json.loads(line[7:]) for line in proc.stdout.splitlines() if line.startswith("FIGURE ")]
        for f in figures:
            ratio = f"{f['naive_s'] / f['seconds']:.0f}×" if f.get("naive_s") and f.get("seconds") else "—"
            rows.append(
                f"| {args[0]} | {f['path']} | {f['rows']:,} | {f['seconds']:.2f} | {f.get('cpu_s', 0):.2f} | "
                f"{f.get('naive_s', '—')} | {ratio} | {f.get('queries', '—')} | {f.get('equal', '—')} |"
            )
        if not figures:
            rows.append(f"| {args[0]} | (no FIGURE line; exit {proc.returncode}) | | {wall:.1f} | | | | | |")
    block = "\n".join(
        [
            BEGIN,
            f"`make bench SCALE={scale}`, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.node()} "
            f"({os.cpu_count()} CPUs, {platform.python_version()}), load average {start_load} → {load()}. "
            "Seconds are wall time; CPU is the Python process's (the database's work is in the wall time).",
            "",
            "| script | path | rows | s | CPU s | naive s | ratio | queries | equal |",
            "|---|---|---:|---:|---:|---:|---:|---:|---|",
            *rows,
            END,
        ]
    )
    text = DOC.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
    else:
        text += "\n## Figures of the last `make bench`\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")
    print(f"docs/benchmarks.md: {len(rows)} figures ({scale})")


if __name__ == "__main__":
    main()
