"""Benchmark: the key-project list page over 100,000 projects on PostgreSQL, filtered and sorted.

    .venv/bin/python benchmarks/bench_projects_list.py [--runs 30] [--projects 100000]

Creates (if needed) the database of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
jingxin_bench_projects_list), migrates it, seeds the projects (bulk insert of fixture data: stored
stage, stars, flags and tier lists as the services would have derived them), then requests list
pages through Django's test Client as a city staff user and reports the median server time and the
number of queries of two variants of the same page:

- jingxin: the list as shipped (stored, indexed stage/stars/investment; LazyPaginator without COUNT;
  region and enterprise joined; list membership as EXISTS; the unit's subtree ids as a list);
- naive: Django's default Paginator (COUNT(*) of the filtered table), no select_related (one query
  per row for its region and one for its enterprise: N+1), and the list filter as a join.

Target (issue 4): ≤ 150 ms server time with a constant number of queries.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_database import ensure_database, figure, progress, server_versions, setup_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jingxin_bench_projects_list"
urlpatterns: list[Any] = []


def build_urls() -> None:
    from django.core.paginator import Paginator
    from django.urls import path

    import config.urls
    from projects.filtersets.projects import ProjectFilterSet
    from projects.views.projects import ProjectListView

    class NaiveFilterSet(ProjectFilterSet):
        def filter_list(self, queryset: Any, name: str, value: Any) -> Any:
            return queryset.filter(lists=value) if value is not None else queryset

        def filter_unit(self, queryset: Any, name: str, value: Any) -> Any:
            return queryset.filter(region__path__startswith=value.path) if value is not None else queryset

    class NaiveProjectListView(ProjectListView):
        related = ()
        filterset_class = NaiveFilterSet
        paginator_class = Paginator
        table_pagination = {"per_page": 50, "paginator_class": Paginator}

    urlpatterns[:] = [path("bench/naive/", NaiveProjectListView.as_view()), *config.urls.urlpatterns]


def seed_projects(n: int) -> None:
    """Exactly n synthetic projects (no history: fixture data), with nodes left out (the list does not read them)."""
    from django.db import connection, transaction

    from enterprises.models import Enterprise
    from projects import calculations as calc
    from projects.choices import Flag, ProjectType, Stage
    from projects.models import Project, ProjectCategory, ProjectList, StarGate
    from projects.reference import ensure_reference_data
    from regions.models import Region
    from tests.factories import valid_uscc

    ensure_reference_data(ProjectCategory, ProjectList, StarGate)
    current = Project.objects.count()
    if current == n:
        progress(f"{n:,} projects already seeded")
        return
    progress(f"seeding {n:,} projects (found {current:,})")
    rng = random.Random(2026)
    units = list(Region.objects.filter(code__in=["330402", "330411", "330421", "330424", "330481", "330482", "330483"]))
    units += list(Region.objects.filter(code__in=["330400-ETDZ", "330400-PORT"]))
    started = time.perf_counter()
    with transaction.atomic():
        Project.objects.all().delete()
        if Enterprise.objects.count() < 2000:
            Enterprise.objects.bulk_create(
                [
                    Enterprise(uscc=valid_uscc(unit.code), name=f"基准企业{unit.code}-{i:04d}", region=unit)
                    for unit in units
                    for i in range(250)
                ],
                ignore_conflicts=True,
            )
        enterprises = {
            u.pk: list(Enterprise.objects.filter(region=u).values_list("pk", flat=True)[:250]) for u in units
        }
        thresholds = list(
            ProjectList.objects.filter(min_total_investment__isnull=False).values_list("pk", "min_total_investment")
        )
        hand = list(ProjectList.objects.filter(min_total_investment__isnull=True).values_list("pk", flat=True))
        through = Project.lists.through
        stages = list(Stage.values)
        flags = [
            [],
            [],
            [Flag.OVERDUE_NODE],
            [Flag.NO_UPDATE],
            [Flag.COMPLETED_NOT_PRODUCING],
            [Flag.OVERDUE_NODE, Flag.NO_UPDATE],
        ]
        batch: list[Project] = []
        memberships: list[list[int]] = []

        def flush() -> None:
            created = Project.objects.bulk_create(batch)
            through.objects.bulk_create(
                [
                    through(project_id=p.pk, projectlist_id=lid)
                    for p, lids in zip(created, memberships, strict=True)
                    for lid in lids
                ]
            )
            batch.clear()
            memberships.clear()

        for i in range(1, n + 1):
            unit = rng.choice(units)
            total = Decimal(rng.choice((2000, 5000, 9000, 15000, 40000, 120000, 600000))) + rng.randint(0, 9999)
            batch.append(
                Project(
                    code=f"B{i:08d}",
                    name=f"年产{rng.randint(1, 99)}万台{rng.choice(('智能装备', '光伏组件', '汽车零部件', '新材料', '纺织面料'))}项目{i}",
                    region=unit,
                    enterprise_id=rng.choice(enterprises[unit.pk]),
                    project_type=rng.choice(ProjectType.values),
                    total_investment=total,
                    equipment_investment=total / 2,
                    stage=rng.choice(stages),
                    stars=rng.randint(0, 5),
                    flags=rng.choice(flags),
                )
            )
            memberships.append(sorted(calc.tier_list_ids(total, thresholds) | set(rng.sample(hand, rng.randint(0, 2)))))
            if len(batch) == 5000:
                flush()
                if i % 20000 == 0:
                    progress(f"  inserted {i:,}")
        if batch:
            flush()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE projects_project")
        cursor.execute("ANALYZE projects_project_lists")
    progress(f"seeded {n:,} in {time.perf_counter() - started:.1f} s")


def city_staff() -> Any:
    from django.contrib.auth.models import Group

    from accounts.choices import Role
    from accounts.models import User
    from regions.models import Region

    user, _created = User.objects.get_or_create(
        username="bench_city_staff", defaults={"role": Role.CITY_STAFF, "region": Region.objects.get(code="330400")}
    )
    user.groups.set([Group.objects.get(name=Role.CITY_STAFF)])
    return user


def measure(client: Any, url: str, runs: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment

    for _ in range(3):
        assert client.get(url).status_code == 200
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
    return {
        "median_ms": statistics.median(times),
        "p90_ms": sorted(times)[int(0.9 * (len(times) - 1))],
        "cpu_ms": statistics.median(cpu),
        "queries": len(sql),
        "sql_ms": sum(float(q["time"]) for q in ctx.captured_queries) * 1000,
        "rows": [r.record.pk for r in response.context["table"].page.object_list],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--projects", type=int, default=100_000)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    setup_django(url)
    seed_projects(args.projects)
    build_urls()
    # The seeding's objects would make the garbage collections of the timed requests walk them; a
    # server process does not hold them (see bench_monitoring.py). Collect once and leave them out.
    gc.collect()
    gc.freeze()

    from django.test import Client, override_settings

    from projects.models import ProjectList
    from regions.models import Region

    user = city_staff()
    haining = Region.objects.get(code="330481").pk
    over_1yi = ProjectList.objects.get(code="over-1yi").pk
    tech = ProjectList.objects.get(code="tech-700").pk
    scenarios = {
        "海宁 · 建设实施 · by investment ↓ · page 3": f"?unit={haining}&stage=construction&sort=-total_investment&page=3",
        "city · 亿元以上 · by stars ↓ · page 1": f"?list={over_1yi}&sort=-stars",
        "city · 700项 · 节点逾期 · by investment ↓": f"?list={tech}&flag=overdue_node&sort=-total_investment",
        "city · default order · page 1": "",
        "city · search “光伏” · page 1": "?q=%E5%85%89%E4%BC%8F",
    }
    variants = {"jingxin": "/projects/", "naive": "/bench/naive/"}
    client = Client()
    client.force_login(user)
    results: dict[tuple[str, str], dict[str, Any]] = {}
    with override_settings(ROOT_URLCONF=__name__):
        for scenario, query in scenarios.items():
            for variant, path in variants.items():
                progress(f"{scenario} — {variant}: {args.runs} runs")
                results[(scenario, variant)] = measure(client, path + query, args.runs)
            same = {tuple(results[(scenario, v)]["rows"]) for v in variants}
            assert len(same) == 1, f"variants disagree on the rows of {scenario}"
            r, naive_r = results[(scenario, "jingxin")], results[(scenario, "naive")]
            figure(scenario, args.projects, r["median_ms"] / 1000, cpu_s=r["cpu_ms"] / 1000,
                   naive_s=naive_r["median_ms"] / 1000, queries=r["queries"], equal=True)  # fmt: skip

    print()
    load = os.getloadavg()
    print(
        f"PostgreSQL {server_versions()['postgresql']}, {args.projects:,} projects, {args.runs} runs each, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs"
    )
    print(f"{'scenario':44} {'variant':8} {'median ms':>10} {'p90 ms':>8} {'CPU ms':>7} {'queries':>8} {'SQL ms':>7}")
    for (scenario, variant), r in results.items():
        print(
            f"{scenario:44} {variant:8} {r['median_ms']:10.1f} {r['p90_ms']:8.1f} {r['cpu_ms']:7.1f} "
            f"{r['queries']:8d} {r['sql_ms']:7.1f}"
        )
    worst = max(r["median_ms"] for (s, v), r in results.items() if v == "jingxin")
    queries = {r["queries"] for (s, v), r in results.items() if v == "jingxin"}
    print(f"\ntarget ≤ 150 ms: worst jingxin median {worst:.1f} ms — {'met' if worst <= 150 else 'MISSED'}")
    print(f"jingxin query counts per scenario: {sorted(queries)}")


if __name__ == "__main__":
    main()
