"""Benchmark (issue 16): a project-list threshold change and a region CSV load grow linearly with their rows.

    .venv/bin/python benchmarks/bench_scale_loads.py [--sizes 10000 20000 40000] [--region-sizes 250 500 1000]

On the configured database (DATABASE_URL, default the benchmarks' PostgreSQL; `--sqlite` for a
throw-away SQLite file), at each size and in the same run:

- threshold: N projects of investments spread 0–100,000 万元 on a 3亿 tier list; the tier's minimum rises
  to 5亿. jingxin: `projectlist_update` (memberships deleted with one statement per list, one history
  record per changed project); naive: the code before (one DELETE per membership), in a rolled-back
  transaction on the same rows. The memberships after both must be equal.
- regions: a CSV of N towns under the Jiaxing units, in reverse code order (each new town sorts before
  its siblings), loaded into the seed tree. jingxin: `regions_load_csv` (the whole tree's paths at once);
  naive: treebeard one region at a time (regions/tests/reference.py), rolled back. The trees must be equal.

Prints the time, the queries and the ratio at each size, and a FIGURE line per measurement for
`make bench` (benchmarks/run_all.py). `check()` is the CI part: equality and constant query counts at
small sizes, no wall times.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import time
from decimal import Decimal
from typing import Any

from bench_database import database_url, ensure_database, figure, progress, setup_django

from core.actors import SYSTEM  # the project's path is set by bench_database

UNITS = ["330402", "330411", "330421", "330424", "330481", "330482", "330483", "330400-ETDZ", "330400-PORT"]


def seed_projects(n: int) -> Any:
    """n projects on a fresh 3亿 tier list (earlier benchmark projects are deleted first)."""
    from projects import services
    from projects.models import Project, ProjectList
    from regions.models import Region

    Project.objects.filter(name__startswith="门槛基准").delete()
    ProjectList.objects.filter(code="bench-3yi").delete()
    regions = list(Region.objects.filter(code__in=UNITS))
    Project.objects.bulk_create(
        [
            Project(
                name=f"门槛基准{i:06d}",
                region=regions[i % len(regions)],
                total_investment=Decimal((i * 7919) % 100_000),
                equipment_investment=Decimal(0),
            )
            for i in range(n)
        ],
        batch_size=5000,
    )
    return services.projectlist_create(
        data={"code": "bench-3yi", "name": "3亿元以上（基准）", "min_total_investment": Decimal(30000)},
        actor=bench_admin(),
    )


def bench_admin() -> Any:
    """The actor of the benchmark's writes: a superuser (the services check their actor's permission)."""
    from accounts.models import User

    user, _created = User.objects.get_or_create(username="bench_admin", defaults={"is_superuser": True})
    return user


def naive_sync(project_ids: list[int]) -> None:
    """The tier sync before issue 16: the same wanted set, then one DELETE per membership that goes."""
    from projects import calculations as calc
    from projects.models import Project
    from projects.services import tier_thresholds

    thresholds = tier_thresholds()
    tier_ids = [pk for pk, _minimum in thresholds]
    through = Project.lists.through
    for start in range(0, len(project_ids), 5000):
        chunk = project_ids[start : start + 5000]
        investments = dict(Project.objects.filter(pk__in=chunk).values_list("pk", "total_investment"))
        current = set(
            through.objects.filter(project_id__in=chunk, projectlist_id__in=tier_ids).values_list(
                "project_id", "projectlist_id"
            )
        )
        wanted = {(pid, lid) for pid, total in investments.items() for lid in calc.tier_list_ids(total, thresholds)}
        through.objects.bulk_create([through(project_id=p, projectlist_id=lid) for p, lid in wanted - current])
        for pid, lid in current - wanted:
            through.objects.filter(project_id=pid, projectlist_id=lid).delete()


def memberships() -> set[tuple[int, int]]:
    from projects.models import Project

    return set(Project.lists.through.objects.values_list("project_id", "projectlist_id"))


def timed(fn: Any) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, queries) of fn()."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, len(queries)


def threshold_case(n: int, *, naive: bool = True) -> dict[str, Any]:
    from django.db import transaction

    from projects import services
    from projects.models import Project, ProjectList

    tier = seed_projects(n)
    ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
    result: dict[str, Any] = {"path": "threshold change", "rows": n, "leaving": tier.projects.count()}
    if naive:
        with transaction.atomic():
            ProjectList.objects.filter(pk=tier.pk).update(min_total_investment=Decimal(50000))
            result["naive_s"], result["naive_cpu_s"], result["naive_queries"] = timed(lambda: naive_sync(ids))
            expected = memberships()
            transaction.set_rollback(True)
    tier.refresh_from_db()
    with transaction.atomic():
        result["seconds"], result["cpu_s"], result["queries"] = timed(
            lambda: services.projectlist_update(
                projectlist=tier, data={"min_total_investment": Decimal(50000)}, actor=bench_admin()
            )
        )
        result["leaving"] -= tier.projects.count()
        if naive:
            result["equal"] = memberships() == expected
        transaction.set_rollback(True)
    return result


def towns_csv(n: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "name", "kind", "parent_code", "aliases"])
    for i in reversed(range(n)):
        unit = UNITS[i % len(UNITS)]
        writer.writerow([f"{unit}-T{i:06d}", f"基准镇{i}", "town", unit, ""])
    return out.getvalue()


def region_case(n: int, *, naive: bool = True) -> dict[str, Any]:
    from django.db import transaction

    from regions.services import regions_load_csv
    from regions.tests.reference import load_one_by_one, tree

    data = towns_csv(n)
    result: dict[str, Any] = {"path": "region CSV load", "rows": n}
    if naive:
        with transaction.atomic():
            result["naive_s"], result["naive_cpu_s"], result["naive_queries"] = timed(
                lambda: load_one_by_one(data=data, actor=SYSTEM)
            )
            expected = tree()
            transaction.set_rollback(True)
    with transaction.atomic():
        result["seconds"], result["cpu_s"], result["queries"] = timed(lambda: regions_load_csv(data=data, actor=SYSTEM))
        if naive:
            result["equal"] = tree() == expected
        transaction.set_rollback(True)
    return result


def check(sizes: tuple[int, int] = (40, 160), region_sizes: tuple[int, int] = (20, 80)) -> list[dict[str, Any]]:
    """The CI part: at two small sizes, equal to the naive way and the same number of queries."""
    results = [threshold_case(n) for n in sizes] + [region_case(n) for n in region_sizes]
    for r in results:
        assert r["equal"], r
    assert results[0]["queries"] == results[1]["queries"], results[:2]
    assert results[2]["queries"] == results[3]["queries"], results[2:]
    return results


def report(r: dict[str, Any]) -> None:
    ratio = r["naive_s"] / r["seconds"] if r.get("naive_s") else None
    naive = (
        f"; naive {r['naive_s']:.2f} s (CPU {r['naive_cpu_s']:.2f} s, {r['naive_queries']} queries)"
        if "naive_s" in r
        else ""
    )
    print(
        f"{r['path']} · {r['rows']} rows: {r['seconds']:.2f} s (CPU {r['cpu_s']:.2f} s, {r['queries']} queries)"
        f"{naive}{f', {ratio:.0f}× faster' if ratio else ''}{'' if r.get('equal', True) else ' — RESULTS DIFFER'}",
        flush=True,
    )
    figure(**r)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10000, 20000, 40000])
    parser.add_argument("--region-sizes", type=int, nargs="*", default=[250, 500, 1000])
    parser.add_argument("--no-naive-above", type=int, default=50_000, help="skip the naive way above this size")
    parser.add_argument("--sqlite", action="store_true", help="a throw-away SQLite file instead of PostgreSQL")
    args = parser.parse_args()
    if args.sqlite:
        path = "/tmp/jx_scale_loads.sqlite3"
        if os.path.exists(path):
            os.remove(path)
        url = f"sqlite:///{path}"
    else:
        url = database_url()
        ensure_database(url)
    setup_django(url)
    for n in args.sizes:
        progress(f"threshold change, {n} projects")
        report(threshold_case(n, naive=n <= args.no_naive_above))
    for n in args.region_sizes:
        progress(f"region load, {n} towns")
        report(region_case(n, naive=n <= args.no_naive_above))


if __name__ == "__main__":
    main()
