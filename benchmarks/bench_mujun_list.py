"""Benchmark: the 亩均 result list of a million-enterprise run (issue 16) — keyset pages vs OFFSET pages.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jingxin_bench_mujun .venv/bin/python benchmarks/bench_mujun_list.py
    .venv/bin/python benchmarks/bench_mujun_list.py --enterprises 30000 --runs 5      # smaller, same database

Seeds the enterprises of bench_mujun.py (1,000,000 by default, COPY, skipped when present), computes
`--table-runs` evaluation runs of 2019 through the service (their results stay in the table, so a list reads
one run among others), then requests the result list page and API through Django's test Client:

- jingxin: the list as shipped — scoped by the unit the run stored, in the default order read from the index
  `mujun_result_list_order`, the next page by keyset (`?after=` the last row's key, no OFFSET, no COUNT);
- offset: the same code asked for a page number (`?page=`): LazyPaginator's OFFSET over the same index;
- as found: the list before this change — scoped through a join to the enterprise's current region, page
  numbers (OFFSET), the list index dropped (inside a transaction rolled back after the variant).

Each variant must list the same rows (asserted). Also timed: the run's write with and without the list index
(the index is filled in order: the run writes its rows sorted by group and rank). Wall and CPU time, medians.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_database import bench_actor, ensure_database, figure, progress, server_versions, setup_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jingxin_bench_mujun"
PAGE = 50


class Rollback(Exception):
    pass


def naive_view() -> Any:
    """The result list as found: the scope through the enterprise's region (a join), page numbers, no keyset."""
    from core.views import ObjectListView
    from mujun.filtersets import EvaluationResultFilterSet
    from mujun.models import EvaluationResult
    from mujun.tables import EvaluationResultTable

    class AsFoundResultListView(ObjectListView):
        model = EvaluationResult
        table_class = EvaluationResultTable
        filterset_class = EvaluationResultFilterSet
        prefetch = ("enterprise", "region")

        def get_queryset(self) -> Any:
            user = self.request.user
            qs = EvaluationResult.objects.all()
            if not user.sees_everything:
                qs = qs.filter(enterprise__region__in=user.scope_region_ids)
            return qs.prefetch_related(*self.prefetch)

    return AsFoundResultListView.as_view()


def make_user(name: str, role: str, region_code: str) -> Any:
    from django.contrib.auth.models import Group

    from accounts.models import User
    from regions.models import Region

    user, _ = User.objects.get_or_create(
        username=name, defaults={"role": role, "region": Region.objects.get(code=region_code)}
    )
    user.groups.set([Group.objects.get(name=role)])
    return user


def compute_runs(count: int) -> list[float]:
    """Committed runs of 2019 (the list reads the latest among them); returns their write times."""
    from bench_mujun import new_run

    from mujun.models import EvaluationRun
    from mujun.services import evaluation_run_compute

    have = EvaluationRun.objects.filter(name__startswith="基准评价2019", result_count__gt=0).count()
    user = bench_actor()
    writes = []
    for i in range(have, count):
        run = new_run(2019, user)
        marks: list[float] = []
        started = time.perf_counter()
        evaluation_run_compute(
            run=run, actor=user, progress=lambda text, marks=marks: marks.append(time.perf_counter())
        )
        writes.append(marks[3] - marks[2] if len(marks) > 3 else float("nan"))
        progress(
            f"run {i + 1}: {time.perf_counter() - started:.1f} s, {run.result_count:,} results, write {writes[-1]:.2f} s"
        )
    return writes


def write_without_index() -> float:
    """One more run with the list index dropped, rolled back: the write as it was without the index."""
    from bench_mujun import new_run
    from django.db import connection, transaction

    from accounts.models import User
    from mujun.services import evaluation_run_compute

    user = User.objects.get(username="bench_mujun")
    marks: list[float] = []
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("DROP INDEX mujun_result_list_order")
            run = new_run(2019, user)
            evaluation_run_compute(run=run, actor=user, progress=lambda text: marks.append(time.perf_counter()))
            raise Rollback
    except Rollback:
        pass
    return marks[3] - marks[2]


def cursor_at(run_id: int, row: int, region_ids: list[int] | None) -> tuple[str, int]:
    """The page holding row `row` of the list and the keyset cursor of that page (after the row before its first
    row, found once with OFFSET, not timed)."""
    from core.keyset import encode_cursor
    from mujun.models import EvaluationResult

    qs = EvaluationResult.objects.filter(run_id=run_id)
    if region_ids is not None:
        qs = qs.filter(region_id__in=region_ids)
    page = (row - 1) // PAGE + 1
    last = qs.order_by("run_id", "group", "rank", "enterprise_id")[(page - 1) * PAGE - 1]
    return encode_cursor(last, ("run_id", "group", "rank", "enterprise_id")), page


def measure(client: Any, url: str, runs: int, api: bool) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment

    for _ in range(2):
        assert client.get(url).status_code == 200, url
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
    setup_test_environment()
    try:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
    finally:
        teardown_test_environment()
    sql = [q["sql"] for q in ctx.captured_queries]
    if api:
        rows = [r["id"] for r in response.json()["results"]]
    else:
        rows = [r.record.pk for r in response.context["table"].page.object_list]
    return {
        "median_ms": statistics.median(times),
        "cpu_ms": statistics.median(cpu),
        "queries": len(sql),
        "offsets": sum(" OFFSET " in s for s in sql),
        "sql_ms": sum(float(q["time"]) for q in ctx.captured_queries) * 1000,
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--enterprises", type=int, default=1_000_000)
    parser.add_argument("--table-runs", type=int, default=2, help="runs of 2019 kept in the results table")
    parser.add_argument("--runs", type=int, default=15, help="timed requests per scenario (jingxin, offset)")
    parser.add_argument("--naive-runs", type=int, default=3, help="timed requests per scenario (as found)")
    parser.add_argument("--no-write", action="store_true", help="skip the write with / without the list index")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    setup_django(url)
    from bench_mujun import seed
    from django.db import connection, transaction
    from django.test import Client, override_settings
    from django.urls import include, path

    from accounts.choices import Role
    from mujun.models import EvaluationRun
    from regions.models import Region

    seed(args.enterprises, 1000)
    writes = compute_runs(args.table_runs)
    write_bare = None if args.no_write else write_without_index()
    if write_bare is not None:
        progress(f"write without the list index (rolled back): {write_bare:.2f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE mujun_evaluationresult")
    run = EvaluationRun.objects.filter(name__startswith="基准评价2019", result_count__gt=0).latest("pk")
    gc.collect()
    gc.freeze()  # the seeding's objects are not a server process's (see bench_monitoring.py)

    city = make_user("bench_mujun_city", Role.CITY_STAFF, "330400")
    haining_region = Region.objects.get(code="330481")
    haining = make_user("bench_mujun_haining", Role.CITY_STAFF, "330481")  # city staff placed in 海宁: its subtree
    deep = run.result_count // 2
    city_cursor, city_page = cursor_at(run.pk, deep, None)
    hn_count = run.results.filter(region_id__in=haining_region.subtree_ids()).count()
    hn_cursor, hn_page = cursor_at(run.pk, hn_count // 2, haining_region.subtree_ids())
    base, api = f"/mujun/results/?run={run.pk}", f"/api/mujun-results/?run={run.pk}"
    naive = f"/bench/naive/?run={run.pk}"
    scenarios = [
        ("city · page 1", city, False, base, base + "&page=1", naive),
        (f"city · row {deep:,} (page {city_page:,})", city, False, f"{base}&after={city_cursor}",
         f"{base}&page={city_page}", f"{naive}&page={city_page}"),
        ("海宁 · page 1", haining, False, base, base + "&page=1", naive),
        (f"海宁 · row {hn_count // 2:,} of {hn_count:,} (page {hn_page:,})", haining, False,
         f"{base}&after={hn_cursor}", f"{base}&page={hn_page}", f"{naive}&page={hn_page}"),
        (f"API city · row {deep:,}", city, True, f"{api}&after={city_cursor}", f"{api}&page={city_page}", None),
        # the menu's link: jingxin opens the newest run (a keyset page); "offset" is every run (`?run=` empty,
        # the runs' own order, page numbers), "as found" the same through the enterprises' regions
        ("city · no run chosen (the menu)", city, False, "/mujun/results/", "/mujun/results/?run=", "/bench/naive/"),
        ("海宁 · no run chosen (the menu)", haining, False, "/mujun/results/", "/mujun/results/?run=",
         "/bench/naive/"),
    ]  # fmt: skip

    urlpatterns = [path("bench/naive/", naive_view()), path("", include("config.urls"))]
    sys.modules[__name__].urlpatterns = urlpatterns  # type: ignore[attr-defined]
    results: dict[tuple[str, str], dict[str, Any]] = {}
    client = Client()
    with override_settings(ROOT_URLCONF=__name__):
        for name, user, is_api, fast, offset, _as_found in scenarios:
            client.force_login(user)
            for variant, target in (("jingxin", fast), ("offset", offset)):
                progress(f"{name} — {variant}: {args.runs} runs")
                results[(name, variant)] = measure(client, target, args.runs, is_api)
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("DROP INDEX mujun_result_list_order")
                for name, user, is_api, _fast, _offset, as_found in scenarios:
                    if as_found is None:
                        continue
                    client.force_login(user)
                    progress(f"{name} — as found: {args.naive_runs} runs")
                    results[(name, "as found")] = measure(client, as_found, args.naive_runs, is_api)
                raise Rollback
        except Rollback:
            pass
    load = os.getloadavg()
    print()
    print(
        f"PostgreSQL {server_versions()['postgresql']}, run of {run.result_count:,} results, "
        f"{EvaluationRun.objects.count()} runs in the table; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        f"on {os.cpu_count()} CPUs"
    )
    if writes or write_bare is not None:
        shown = ", ".join(f"{w:.2f}" for w in writes) or "—"
        bare = "—" if write_bare is None else f"{write_bare:.2f}"
        print(f"run write with the list index: {shown} s; without it (rolled back): {bare} s")
    print(f"{'scenario':42} {'variant':9} {'median ms':>10} {'CPU ms':>7} {'queries':>8} {'OFFSET':>7} {'SQL ms':>8}")
    for (name, variant), r in results.items():
        print(
            f"{name:42} {variant:9} {r['median_ms']:10.1f} {r['cpu_ms']:7.1f} {r['queries']:8d} "
            f"{r['offsets']:7d} {r['sql_ms']:8.1f}"
        )

    for name, *_ in scenarios:
        rows = {tuple(r["rows"]) for (s, v), r in results.items() if s == name}
        assert len(rows) == 1, f"the variants list different rows for {name}"
    print("every variant listed the same rows")
    for (name, variant), r in results.items():
        if variant == "jingxin":
            as_found = results.get((name, "as found"))
            figure(name, run.result_count, r["median_ms"] / 1000, cpu_s=r["cpu_ms"] / 1000,
                   naive_s=as_found["median_ms"] / 1000 if as_found else None,
                   offset_s=results[(name, "offset")]["median_ms"] / 1000, queries=r["queries"], equal=True)  # fmt: skip


if __name__ == "__main__":
    main()
