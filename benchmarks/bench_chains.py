"""Benchmark: the chain page (5,000 enterprises, 2,000 key projects), its graph data, and the lead list at
50,000 leads, on PostgreSQL, each against a naive way in the same run.

    .venv/bin/python benchmarks/bench_chains.py [--runs 15]

Creates (if needed) the database of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/jx_h14_bench_chains),
migrates it and seeds one chain of 40 segments with 5,000 enterprises on them (1 in 10 on a second segment), their
亩均 yearly data of 2021, 2,000 key projects of those enterprises, and 50,000 leads over the nine units. Then,
through Django's test Client as a city staff user:

- chain page (`/chains/{id}/`): jingxin = chains.selectors.chain_page (six flat queries, figures in pure Python);
  naive = per segment, the ORM walk of its subtree's enterprises with their yearly data and projects (N+1).
- graph data (`/chains/{id}/graph/`): jingxin = two queries; naive = the enterprise fetched per membership.
- lead list (`/investment/leads/`): jingxin = the list as shipped (region and chain joined, LazyPaginator, the
  (-amount, id) index); naive = Django's Paginator (COUNT) and no select_related (N+1).

Targets (issue 14): chain page ≤ 300 ms, graph data ≤ 200 ms, lead list ≤ 150 ms with a constant query count.
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

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jx_h14_bench_chains"
N_ENTERPRISES, N_PROJECTS, N_LEADS = 5000, 2000, 50_000
urlpatterns: list[Any] = []


def naive_chain_page(chain: Any, year: int) -> list[dict[str, Any]]:
    """The obvious ORM way: per segment, its subtree's memberships, then each enterprise's data and projects."""
    from chains.models import ChainEnterprise, Segment
    from mujun.models import EnterpriseYearData

    rows = []
    for segment in Segment.objects.filter(chain=chain).order_by("path"):
        members = ChainEnterprise.objects.filter(chain=chain, segment__path__startswith=segment.path)
        seen: set[int] = set()
        row = {
            "enterprises": 0,
            "above": 0,
            "tax": Decimal(0),
            "va": Decimal(0),
            "projects": 0,
            "investment": Decimal(0),
        }
        for m in members:
            if m.enterprise_id in seen:
                continue
            seen.add(m.enterprise_id)
            enterprise = m.enterprise
            row["enterprises"] += 1
            row["above"] += enterprise.size_class == "above"
            data = EnterpriseYearData.objects.filter(enterprise=enterprise, year=year).first()
            if data:
                row["tax"] += data.tax or 0
                row["va"] += data.value_added or 0
            for p in enterprise.projects.filter(active=True):
                row["projects"] += 1
                row["investment"] += p.total_investment
        rows.append(row)
    return rows


def build_urls() -> None:
    from django.core.paginator import Paginator
    from django.http import JsonResponse
    from django.shortcuts import get_object_or_404
    from django.urls import path

    import config.urls
    from chains.models import Chain, ChainEnterprise
    from core.views import ObjectListView
    from investment.views import LeadViews

    class NaiveLeadListView(ObjectListView):
        related = ()
        paginator_class = Paginator
        table_pagination = {"per_page": 50, "paginator_class": Paginator}

    def naive_page(request: Any, pk: int) -> JsonResponse:
        chain = get_object_or_404(Chain, pk=pk)
        return JsonResponse({"rows": len(naive_chain_page(chain, 2021))})

    def naive_graph(request: Any, pk: int) -> JsonResponse:
        chain = get_object_or_404(Chain, pk=pk)
        nodes = [{"id": f"s{s.pk}", "name": s.name} for s in chain.segments.all()]
        links = []
        for m in ChainEnterprise.objects.filter(chain=chain):
            nodes.append(
                {"id": f"e{m.enterprise_id}", "name": m.enterprise.name, "url": m.enterprise.get_absolute_url()}
            )
            links.append({"source": f"s{m.segment_id}", "target": f"e{m.enterprise_id}"})
        return JsonResponse({"nodes": nodes, "links": links})

    urlpatterns[:] = [
        path("bench/naive-leads/", LeadViews.view(NaiveLeadListView)),
        path("bench/naive-chain/<int:pk>/", naive_page),
        path("bench/naive-graph/<int:pk>/", naive_graph),
        *config.urls.urlpatterns,
    ]


def seed() -> Any:
    """One chain of 40 segments with 5,000 enterprises, their 2021 data, 2,000 projects; 50,000 leads."""
    from django.db import connection, transaction

    from chains.models import Chain, ChainEnterprise, Segment
    from enterprises.models import Enterprise
    from investment.choices import LeadStage
    from investment.models import Lead
    from mujun.models import EnterpriseYearData
    from projects.models import Project
    from regions.models import Region
    from tests.factories import valid_uscc

    chain = Chain.objects.filter(name="基准产业链").first()
    if chain is not None and Lead.objects.count() == N_LEADS:
        progress("already seeded")
        return chain
    rng = random.Random(2026)
    units = list(Region.objects.filter(kind__in=("district", "county", "county_city", "zone")))
    started = time.perf_counter()
    with transaction.atomic():
        Lead.objects.all().delete()
        ChainEnterprise.objects.all().delete()
        Segment.objects.all().delete()
        Chain.objects.all().delete()
        Project.objects.all().delete()
        EnterpriseYearData.objects.all().delete()
        Enterprise.objects.all().delete()
        chain = Chain.objects.create(name="基准产业链")
        leaves = []
        for i, position in enumerate(("up", "up", "mid", "mid", "down")):
            top = Segment.objects.add_root(
                instance=Segment(chain=chain, name=f"一级环节{i}", position=position, order=i)
            )
            for j in range(7):
                leaves.append(
                    Segment.objects.add_child(
                        top, instance=Segment(chain=chain, name=f"环节{i}-{j}", position=position, order=j)
                    )
                )
        enterprises = Enterprise.objects.bulk_create(
            [
                Enterprise(
                    uscc=valid_uscc(u.code),
                    name=f"基准链上企业{k:05d}",
                    region=u,
                    size_class=rng.choice(("above", "below")),
                )
                for k in range(N_ENTERPRISES)
                for u in [rng.choice(units)]
            ]
        )
        members = []
        for k, e in enumerate(enterprises):
            segs = rng.sample(leaves, 2 if k % 10 == 0 else 1)
            for n, s in enumerate(segs):
                role = "master" if k < 30 and n == 0 else ("core" if k % 7 == 0 else "general")
                members.append(ChainEnterprise(chain=chain, segment=s, enterprise=e, role=role))
        ChainEnterprise.objects.bulk_create(members, batch_size=5000)
        EnterpriseYearData.objects.bulk_create(
            [EnterpriseYearData(enterprise=e, year=2021, tax=Decimal(rng.randint(10, 5000)), value_added=Decimal(rng.randint(100, 50000))) for e in enterprises],
            batch_size=5000,
        )  # fmt: skip
        Project.objects.bulk_create(
            [
                Project(
                    name=f"基准项目{i}",
                    region=e.region,
                    enterprise=e,
                    total_investment=Decimal(rng.randint(1000, 900000)),
                )
                for i in range(N_PROJECTS)
                for e in [rng.choice(enterprises)]
            ],
            batch_size=5000,
        )
        stages = list(LeadStage.values)
        leads = []
        for i in range(N_LEADS):
            stage = rng.choice(stages)
            leads.append(
                Lead(
                    name=f"基准招商项目{i}", region=rng.choice(units), investor="某投资方", amount=Decimal(rng.randint(1000, 1500000)),
                    chain=chain if rng.random() < 0.7 else None, leader="局长",
                    stage=stage if stage not in ("signed", "transferred") else "talks",
                    terminated_reason="转投外地" if stage == "terminated" else "",
                )
            )  # fmt: skip
        Lead.objects.bulk_create(leads, batch_size=5000)
    with connection.cursor() as cursor:
        for table in (
            "chains_chainenterprise",
            "chains_segment",
            "investment_lead",
            "projects_project",
            "mujun_enterpriseyeardata",
            "enterprises_enterprise",
        ):
            cursor.execute(f"ANALYZE {table}")
    progress(f"seeded in {time.perf_counter() - started:.1f} s")
    return chain


def city_staff() -> Any:
    from django.contrib.auth.models import Group

    from accounts.choices import Role
    from accounts.models import User
    from accounts.roles import sync_roles
    from regions.models import Region

    sync_roles()
    user, _created = User.objects.get_or_create(
        username="bench_city_staff", defaults={"role": Role.CITY_STAFF, "region": Region.objects.get(code="330400")}
    )
    user.groups.set([Group.objects.get(name=Role.CITY_STAFF)])
    return user


def measure(client: Any, url: str, runs: int) -> dict[str, Any]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment

    if runs > 1:  # warm up (not for the slow naive pages, run once)
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
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
    finally:
        teardown_test_environment()
    return {
        "median_ms": statistics.median(times),
        "cpu_ms": statistics.median(cpu),
        "queries": len(ctx.captured_queries),
        "sql_ms": sum(float(q["time"]) for q in ctx.captured_queries) * 1000,
    }


def main() -> None:
    global N_ENTERPRISES, N_PROJECTS, N_LEADS  # the sizes, read by seed() and the report
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--naive-runs", type=int, default=1)
    parser.add_argument("--skip-naive-page", action="store_true", help="skip the naive chain page (minutes)")
    parser.add_argument("--enterprises", type=int, default=N_ENTERPRISES)
    parser.add_argument("--projects", type=int, default=N_PROJECTS)
    parser.add_argument("--leads", type=int, default=N_LEADS)
    args = parser.parse_args()
    N_ENTERPRISES, N_PROJECTS, N_LEADS = args.enterprises, args.projects, args.leads
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    setup_django(url)
    chain = seed()
    build_urls()
    gc.collect()
    gc.freeze()

    # the fast path equals the naive one (every segment's figures); the naive one is timed here, once (minutes)
    from django.db import connection, reset_queries
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from chains import selectors
    from regions.models import Region

    page = selectors.chain_page(chain, 2021)
    results = []
    if not args.skip_naive_page:
        started, started_cpu = time.perf_counter(), time.process_time()
        naive = naive_chain_page(chain, 2021)
        naive_result = {
            "median_ms": (time.perf_counter() - started) * 1000,
            "cpu_ms": (time.process_time() - started_cpu) * 1000,
            "queries": -1,  # tens of thousands (one per member per segment, and per enterprise for data and projects)
            "sql_ms": -1.0,
        }
        assert [(r.enterprises, r.above_size, r.tax, r.value_added, r.projects, r.investment) for r in page.rows] == [
            (n["enterprises"], n["above"], n["tax"], n["va"], n["projects"], n["investment"]) for n in naive
        ], "chain page figures differ from the naive computation"
        progress(
            f"chain: {page.total.enterprises:,} enterprises, {page.total.projects:,} projects; figures equal to naive"
        )
        results.append(("chain page figures (no HTTP, 1 run)", "naive", naive_result))
    times, cpus = [], []
    for _ in range(args.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        selectors.chain_page(chain, 2021)
        times.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - started_cpu) * 1000)
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        selectors.chain_page(chain, 2021)
    fast = {
        "median_ms": statistics.median(times),
        "cpu_ms": statistics.median(cpus),
        "queries": len(ctx.captured_queries),
        "sql_ms": sum(float(q["time"]) for q in ctx.captured_queries) * 1000,
    }
    results.insert(0, ("chain page figures (no HTTP)", "jingxin", fast))

    user = city_staff()
    client = Client()
    client.force_login(user)
    haining = Region.objects.get(code="330481").pk
    scenarios = [
        ("chain page", "jingxin", f"/chains/{chain.pk}/", args.runs),
        ("graph data", "jingxin", f"/chains/{chain.pk}/graph/", args.runs),
        ("graph data (all 5,000 drawn)", "jingxin", f"/chains/{chain.pk}/graph/?max_general=100000", args.runs),
        ("graph data", "naive", f"/bench/naive-graph/{chain.pk}/", args.naive_runs),
        ("lead list · page 1", "jingxin", "/investment/leads/", args.runs),
        ("lead list · page 1", "naive", "/bench/naive-leads/", args.runs),
        (
            "lead list · 海宁 · 洽谈 · page 3",
            "jingxin",
            f"/investment/leads/?unit={haining}&stage=talks&page=3",
            args.runs,
        ),
        (
            "lead list · 海宁 · 洽谈 · page 3",
            "naive",
            f"/bench/naive-leads/?unit={haining}&stage=talks&page=3",
            args.runs,
        ),
        (
            "lead list · 10亿–50亿 · by name · page 20",
            "jingxin",
            "/investment/leads/?band=10to50&sort=name&page=20",
            args.runs,
        ),
    ]
    with override_settings(ROOT_URLCONF=__name__):
        for name, variant, path, runs in scenarios:
            progress(f"{name} — {variant}: {runs} runs")
            results.append((name, variant, measure(client, path, runs)))
    load = os.getloadavg()
    print(
        f"\nPostgreSQL {server_versions()['postgresql']}, {N_ENTERPRISES:,} enterprises, {N_PROJECTS:,} projects, "
        f"{N_LEADS:,} leads; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs"
    )
    print(f"{'scenario':44} {'variant':8} {'median ms':>10} {'CPU ms':>8} {'queries':>8} {'SQL ms':>8}")
    for name, variant, r in results:
        print(f"{name:44} {variant:8} {r['median_ms']:10.1f} {r['cpu_ms']:8.1f} {r['queries']:8d} {r['sql_ms']:8.1f}")
    naive_of = {name.replace(", 1 run", ""): r for name, variant, r in results if variant == "naive"}
    for name, variant, r in results:
        if variant != "jingxin":
            continue
        naive_r = naive_of.get(name)
        figure(
            name,
            N_LEADS if name.startswith("lead") else N_ENTERPRISES,
            r["median_ms"] / 1000,
            cpu_s=r["cpu_ms"] / 1000,
            naive_s=naive_r["median_ms"] / 1000 if naive_r else None,
            queries=r["queries"],
            equal=True if name.startswith("chain page figures") and naive_r else None,
        )


if __name__ == "__main__":
    main()
