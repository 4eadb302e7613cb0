"""Benchmark: the month-end snapshot of 100,000 key projects on PostgreSQL (target ≤ 10 s).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jingxin_bench_p2 \
        .venv/bin/python benchmarks/bench_projects_snapshot.py [--projects 100000] [--runs 3] [--naive 2000]

Creates and migrates the database if needed, seeds the projects with COPY (nine nodes each with
planned dates, actual dates up to their stage, a year plan, list memberships, reviewed updates),
then times, in the same run:

- jingxin: `snapshot_take` as shipped — one INSERT … SELECT computing stage, stars, flags, rates'
  facts, lists, nodes and the year-to-date investment in the database (median of `--runs`);
- python: `compute_rows` — the same rows derived with the pure functions from bulk reads (what a
  month without a snapshot costs to read), plus writing them with bulk_create;
- naive: per-project ORM (read the project's nodes, updates and lists, compute, save one row), on
  `--naive` projects and extrapolated linearly to all of them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from decimal import Decimal
from typing import Any

from bench_database import database_url, ensure_database, figure, progress, server_versions, setup_django

from core.actors import SYSTEM  # the project's path is set by bench_database

UNITS = ["330402", "330411", "330421", "330424", "330481", "330482", "330483", "330400-ETDZ", "330400-PORT"]
YEAR, MONTH = 2019, 6


def seed(n: int) -> None:
    """COPY n synthetic projects with their nodes, year plans, lists and updates (skipped if already there)."""
    from django.db import connection

    from projects.choices import NODE_ORDER, Node
    from projects.models import Project, ProjectList, StarGate
    from regions.models import Region

    if Project.objects.count() >= n:
        progress(f"{Project.objects.count()} projects already seeded")
        return
    Project.objects.all().delete()
    if not StarGate.objects.exists():
        for i, node in enumerate([Node.SIGNED, Node.PERMIT, Node.STARTED, Node.PRODUCING, Node.FULL]):
            StarGate.objects.create(name=f"星{i}", node=node, order=i)
    lists = [
        ProjectList.objects.get_or_create(code=f"bench{i}", defaults={"name": f"基准清单{i}"})[0] for i in range(6)
    ]
    regions = {r.code: r.pk for r in Region.objects.filter(code__in=UNITS)}
    rng = random.Random(2026)
    now = "2017-01-01 00:00:00+00"  # in the library before the snapshot month: every project has a row
    start = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.connection
        with raw.cursor() as cur:
            with cur.copy(
                "COPY projects_project (code, name, region_id, project_type, total_investment, equipment_investment, "
                "land_mu, description, contact, active, stage, stars, flags, created_at, updated_at) FROM STDIN"
            ) as copy:
                for i in range(n):
                    copy.write_row(
                        (
                            "", f"基准项目{i:06d}", regions[UNITS[i % len(UNITS)]], "tech",
                            Decimal(rng.randint(2000, 500000)), Decimal(0), Decimal(0), "", "", True, "signing", 0,
                            "[]", now, now,
                        )
                    )  # fmt: skip
        ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
        progress(f"projects copied ({time.perf_counter() - start:.1f} s)")
        with raw.cursor() as cur:
            with cur.copy(
                "COPY projects_projectnode (project_id, node, planned_date, actual_date, note, created_at, updated_at) "
                "FROM STDIN"
            ) as copy:
                for pid in ids:
                    signed = dt.date(2017, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
                    reach = rng.randint(0, len(NODE_ORDER))
                    for k, node in enumerate(NODE_ORDER):
                        planned = signed + dt.timedelta(days=70 * k)
                        actual = planned + dt.timedelta(days=rng.randint(-20, 60)) if k < reach else None
                        copy.write_row((pid, node.value, planned, actual, "", now, now))
        progress(f"nodes copied ({time.perf_counter() - start:.1f} s)")
        with raw.cursor() as cur:
            with cur.copy(
                "COPY projects_projectyearplan (project_id, year, planned_investment, monthly_plan, created_at, "
                "updated_at) FROM STDIN"
            ) as copy:
                for pid in ids:
                    copy.write_row((pid, YEAR, Decimal(rng.randint(100, 20000)), "[]", now, now))
            with cur.copy("COPY projects_project_lists (project_id, projectlist_id) FROM STDIN") as copy:
                for pid in ids:
                    for lst in rng.sample(lists, rng.randint(0, 2)):
                        copy.write_row((pid, lst.pk))
            with cur.copy(
                "COPY projects_projectupdate (project_id, year, month, investment_month, investment_ytd, "
                "progress_text, status, comment, created_at, updated_at) FROM STDIN"
            ) as copy:
                for pid in ids:
                    ytd = Decimal(0)
                    for month in range(1, MONTH + 1):
                        amount = Decimal(rng.randint(0, 50000)) / 100
                        ytd += amount
                        status = "reviewed" if month < MONTH or rng.random() < 0.7 else "submitted"
                        copy.write_row((pid, YEAR, month, amount, ytd, "施工中", status, "", now, now))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    progress(f"seeded {n} projects in {time.perf_counter() - start:.1f} s")


def time_jingxin(city: Any, runs: int) -> tuple[float, int]:
    from django.db import connection

    from projects.models import MonthSnapshot
    from projects.snapshots import snapshot_take

    times = []
    count = 0
    for _ in range(runs):
        # A fresh month-end snapshot each run, as on the 1st of a month: the previous run's rows are
        # deleted and vacuumed away first (outside the timing).
        MonthSnapshot.objects.filter(region=city, year=YEAR, month=MONTH).delete()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE projects_snapshotrow")
        start = time.perf_counter()
        snapshot = snapshot_take(region=city, year=YEAR, month=MONTH, actor=SYSTEM)
        times.append(time.perf_counter() - start)
        count = snapshot.project_count
    print("runs: " + ", ".join(f"{t:.2f} s" for t in times))
    return statistics.median(times), count


def time_python(city: Any) -> tuple[float, float, int]:
    from django.db import transaction

    from projects.models import MonthSnapshot, SnapshotRow
    from projects.snapshots import compute_rows

    start = time.perf_counter()
    rows = compute_rows(region=city, year=YEAR, month=MONTH)
    computed = time.perf_counter() - start
    with transaction.atomic():
        snapshot = MonthSnapshot.objects.create(
            region=city, year=YEAR - 50, month=MONTH, taken_at=dt.datetime.now(dt.UTC)
        )
        for row in rows:
            row.snapshot = snapshot
        SnapshotRow.objects.bulk_create(rows, batch_size=5000)
        total = time.perf_counter() - start
        transaction.set_rollback(True)
    return computed, total, len(rows)


def time_naive(city: Any, sample: int) -> float:
    """Per project: its nodes, lists, plan and latest update by the ORM, the pure functions, one INSERT."""
    from django.db import transaction

    from projects import calculations as calc
    from projects.models import MonthSnapshot, Project, ProjectUpdate, ProjectYearPlan, SnapshotRow, StarGate
    from projects.snapshots import NODE_RANK

    end = calc.month_end(YEAR, MONTH)
    start = time.perf_counter()
    with transaction.atomic():
        snapshot = MonthSnapshot.objects.create(
            region=city, year=YEAR - 60, month=MONTH, taken_at=dt.datetime.now(dt.UTC)
        )
        rules = [calc.StarRule(g.name, g.node, g.grace_days) for g in StarGate.objects.filter(active=True)]
        for project in Project.objects.filter(region__path__startswith=city.path).order_by("pk")[:sample]:
            nodes = calc.node_map(project.nodes.values_list("node", "planned_date", "actual_date"))
            plan = ProjectYearPlan.objects.filter(project=project, year=YEAR).first()
            update = (
                ProjectUpdate.objects.filter(project=project, year=YEAR, month__lte=MONTH, status="reviewed")
                .order_by("-month")
                .first()
            )
            reported = ProjectUpdate.objects.filter(project=project, year=YEAR, month=MONTH).exists()
            SnapshotRow.objects.create(
                snapshot=snapshot, project=project, region_id=project.region_id, enterprise_id=project.enterprise_id,
                name=project.name, code=project.code, project_type=project.project_type,
                total_investment=project.total_investment, year_plan=plan.planned_investment if plan else 0,
                investment_ytd=update.investment_ytd if update else 0, stage=calc.stage_from_nodes(nodes, end),
                stars=calc.evaluate_stars(nodes, rules, end).stars,
                flags=calc.project_flags(nodes, end, updated_this_month=reported),
                list_ids=list(project.lists.values_list("pk", flat=True)), category_ids=[],
                nodes={k: [str(v.planned), str(v.actual)] for k, v in nodes.items()},
                reached=max((NODE_RANK[c] for c in calc.reached_nodes(nodes, end)), default=0),
            )  # fmt: skip
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--naive", type=int, default=2000)
    args = parser.parse_args()
    url = database_url()
    ensure_database(url)
    setup_django(url)
    seed(args.projects)
    from regions.models import Region

    city = Region.objects.get(code="330400")
    print(server_versions())
    median, count = time_jingxin(city, args.runs)
    print(f"jingxin INSERT … SELECT: {count} rows, median {median:.2f} s over {args.runs} runs")
    if args.naive <= 0:
        figure("snapshot_take (INSERT … SELECT)", count, median)
        return
    computed, total, rows = time_python(city)
    print(f"python compute_rows: {rows} rows computed in {computed:.2f} s, with bulk_create {total:.2f} s")
    naive = time_naive(city, args.naive)
    per_row = naive / args.naive
    print(
        f"naive per-project ORM: {args.naive} rows in {naive:.2f} s ({per_row * 1000:.1f} ms/row), "
        f"extrapolated to {count} rows: {per_row * count:.0f} s"
    )
    figure("snapshot_take (INSERT … SELECT)", count, median, naive_s=per_row * count, python_s=total)


if __name__ == "__main__":
    main()
