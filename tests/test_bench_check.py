"""The city-scale part of `make bench` that CI runs: the benchmarks' own equality and query-count checks at
small sizes (benchmarks/bench_scale_loads.py `check`), never wall times."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_threshold_changes_and_region_loads_equal_the_naive_way_in_constant_queries(regions):
    sys.path.insert(0, str(Path(settings.BASE_DIR) / "benchmarks"))
    try:
        import bench_scale_loads
    finally:
        sys.path.pop(0)
    results = bench_scale_loads.check()
    assert all(r["equal"] for r in results)
    assert results[1]["naive_queries"] > results[0]["naive_queries"]  # the naive way grows with the rows


def _run_all():
    sys.path.insert(0, str(Path(settings.BASE_DIR) / "benchmarks"))
    try:
        import bench_database  # noqa: F401 (imported while benchmarks/ is on the path, for the tests' figure())
        import run_all
    finally:
        sys.path.pop(0)
    return run_all


@pytest.mark.django_db(False)
def test_run_all_lists_every_benchmark_at_every_scale_with_options_the_script_has():
    import re

    run_all = _run_all()
    folder = Path(settings.BASE_DIR) / "benchmarks"
    scripts = {p.name for p in folder.glob("bench_*.py")} - {"bench_database.py", *run_all.SEPARATE}
    for scale, commands in run_all.SCALES.items():
        assert {c[0] for c in commands} == scripts, scale
        for script, *args in commands:
            options = set(re.findall(r'add_argument\(\s*"(--[\w-]+)"', (folder / script).read_text()))
            assert {a for a in args if a.startswith("--")} <= options, (scale, script)


@pytest.mark.django_db(False)
def test_run_all_reads_figure_lines_into_table_rows_on_a_database_of_its_own(capsys):
    run_all = _run_all()
    from bench_database import figure

    figure("list · page 1", 100000, 0.0421, cpu_s=0.03, naive_s=0.9, queries=9, equal=True, skipped=None)
    figure("run", 2000, 0.5, naive_s=2.0, equal=False)
    out = "progress line\n" + capsys.readouterr().out
    first, second = run_all.parse_figures(out)
    assert "skipped" not in first
    assert run_all.row("bench_x.py", first) == (
        "| bench_x.py | list · page 1 | 100,000 | 0.042 | 0.030 | 0.900 | 21× | 9 | yes |"
    )
    assert run_all.row("bench_x.py", second) == "| bench_x.py | run | 2,000 | 0.500 | — | 2.000 | 4.0× | — | **NO** |"
    assert (
        run_all.database_for("postgres://postgres@127.0.0.1:5432/jx_ci", "bench_mujun_list.py", "tiny")
        == "postgres://postgres@127.0.0.1:5432/jx_ci_mujun_list_tiny"
    )


@pytest.mark.django_db(False)
def test_every_benchmark_starts_as_make_bench_starts_it():
    """`python benchmarks/<script> --help` in a process of its own, as run_all runs them: a script that imports the
    project before bench_database has set the path (it happened) fails here, not in the next `make bench`."""
    import subprocess

    folder = Path(settings.BASE_DIR) / "benchmarks"
    for script in sorted(folder.glob("bench_*.py")):
        if script.name in ("bench_database.py", "bench_load.py"):  # a module; the locust file runs under locust
            continue
        done = subprocess.run(
            [sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=120, cwd="/"
        )
        assert done.returncode == 0 and "usage:" in done.stdout, (script.name, done.stderr[-800:])
