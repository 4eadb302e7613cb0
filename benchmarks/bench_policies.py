"""Benchmark: 300 policies matched against the registry, and one enterprise's policies.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jx_h13_bench .venv/bin/python benchmarks/bench_policies.py [--enterprises 300000] [--runs 3]

Seeds the registry (bench_database.seed_enterprises), tags a fifth of the enterprises with tier titles,
and 300 policies with 1–3 criteria each (industry divisions, size, region, employees, land, tier/tag).
Measured in the same run (median, wall and CPU):
- all policies: the number of eligible enterprises of each of the 300 policies, one compiled query each
  (`policies.selectors.eligible_enterprises(...).count()`), against a per-enterprise Python loop over the
  registry loaded once (measured on 10 policies and scaled: it checks every criterion of every row);
- one enterprise: `policies_for(enterprise, all 300)` (two queries, one boolean column per criterion).
Targets (issue 13): 300 policies × 300,000 enterprises ≤ 2 s on PostgreSQL; one enterprise ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_database import database_url, ensure_database, progress, seed_enterprises, setup_django

TIERS = ["专精特新中小企业", "创新型中小企业", "科技型中小企业", "隐形冠军"]


def timed(func: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    walls, cpus, result = [], [], None
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        result = func()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), result


def seed_policies(n: int) -> None:
    from enterprises.models import Enterprise, Industry, Tag
    from policies.models import Policy, PolicyCriterion
    from regions.models import Department, Region

    tags = [Tag.objects.get_or_create(name=t)[0] for t in TIERS]
    through = Enterprise.tags.through
    if not through.objects.filter(tag__in=tags).exists():
        progress("tagging a fifth of the enterprises")
        rng = random.Random(5)
        rows = [
            through(enterprise_id=pk, tag_id=rng.choice(tags).pk)
            for pk in Enterprise.objects.values_list("pk", flat=True)
            if rng.random() < 0.2
        ]
        through.objects.bulk_create(rows, batch_size=10000)
    if Policy.objects.count() == n:
        return
    Policy.objects.all().delete()
    progress(f"creating {n} policies")
    city = Region.objects.get(code="330400")
    department = Department.objects.get_or_create(
        name="嘉兴市经济和信息化局", defaults={"region": city, "level": "city", "short_name": "市经信局"}
    )[0]
    divisions = list(Industry.objects.filter(level="division").values_list("code", flat=True))
    units = list(Region.objects.filter(depth=city.depth + 1, path__startswith=city.path).values_list("code", flat=True))
    rng = random.Random(300)
    for i in range(n):
        policy = Policy.objects.create(title=f"政策{i}", department=department, valid_from=dt.date(2024, 1, 1),
                                       combine=rng.choice(["all", "all", "any"]))  # fmt: skip
        kinds = rng.sample(["industry", "size", "region", "employees", "land", "tier"], rng.randint(1, 3))
        for kind in kinds:
            values: list[str] = []
            minimum = None
            if kind == "industry":
                values = rng.sample(divisions, rng.randint(1, 4))
            elif kind == "size":
                values = ["above"]
            elif kind == "region":
                values = rng.sample(units, rng.randint(1, 3))
            elif kind == "tier":
                values = rng.sample(TIERS, rng.randint(1, 2))
            else:
                minimum = Decimal(rng.choice([50, 100, 300]))
            PolicyCriterion.objects.create(policy=policy, kind=kind, values=values, minimum=minimum)


def naive_match(policy: Any, firms: list[dict[str, Any]], unit_paths: dict[str, str]) -> int:
    """The per-enterprise Python loop: every criterion of the policy checked on every row."""
    criteria = list(policy.criteria.all())
    n = 0
    for firm in firms:
        checks = []
        for c in criteria:
            if c.kind == "industry":
                checks.append(any((firm["industry__code"] or "").startswith(v) for v in c.values))
            elif c.kind == "size":
                checks.append(firm["size_class"] in c.values)
            elif c.kind == "region":
                checks.append(any(firm["region__path"].startswith(unit_paths[v]) for v in c.values))
            elif c.kind == "employees":
                checks.append((firm["employees"] or 0) >= c.minimum)
            elif c.kind == "land":
                checks.append((firm["land_mu"] or 0) >= c.minimum)
            elif c.kind == "tier":
                checks.append(bool(firm["tags"] & set(c.values)))
        n += all(checks) if policy.combine == "all" else any(checks)
    return n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=300_000)
    parser.add_argument("--policies", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    url = database_url()
    ensure_database(url)
    setup_django(url)
    seed_enterprises(args.enterprises)
    seed_policies(args.policies)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from enterprises.models import Enterprise
    from policies.models import Policy
    from policies.selectors import eligible_enterprises, policies_for
    from regions.models import Region

    print(
        f"load average {os.getloadavg()}, {args.enterprises:,} enterprises, {args.policies} policies, runs={args.runs}"
    )
    policies = list(Policy.objects.prefetch_related("criteria").order_by("pk"))
    w, c, counts = timed(lambda: [eligible_enterprises(p).count() for p in policies], args.runs)
    print(
        f"all {len(policies)} policies matched (one query each): wall {w:.3f} s, cpu {c:.3f} s, {sum(counts):,} matches"
    )

    unit_paths = dict(Region.objects.values_list("code", "path"))
    tags: dict[int, set[str]] = {}
    for pk, name in Enterprise.tags.through.objects.values_list("enterprise_id", "tag__name"):
        tags.setdefault(pk, set()).add(name)
    w_load, _c_load, firms = timed(
        lambda: [
            {**row, "tags": tags.get(row["pk"], set())}
            for row in Enterprise.objects.values(
                "pk", "industry__code", "size_class", "region__path", "employees", "land_mu"
            ).iterator(chunk_size=10000)
        ],
        1,
    )
    sample = policies[:10]
    w2, c2, naive = timed(lambda: [naive_match(p, firms, unit_paths) for p in sample], 1)
    assert naive == counts[:10], (naive, counts[:10])
    scale = len(policies) / len(sample)
    print(
        f"Python loop: load {w_load:.2f} s; 10 policies wall {w2:.2f} s cpu {c2:.2f} s → {len(policies)} policies ≈ {w2 * scale + w_load:.1f} s wall"
    )

    ids = list(Enterprise.objects.values_list("pk", flat=True)[:: max(1, args.enterprises // 20)])
    times = []
    for pk in ids:
        enterprise = Enterprise.objects.get(pk=pk)
        with CaptureQueriesContext(connection) as queries:
            w, c, matches = timed(lambda enterprise=enterprise: policies_for(enterprise, Policy.objects.all()), 1)
        times.append((w, c))
    print(
        f"one enterprise's {len(policies)} policies: median wall {statistics.median(t[0] for t in times) * 1000:.0f} ms, "
        f"cpu {statistics.median(t[1] for t in times) * 1000:.0f} ms, {len(queries)} queries, {sum(m.matched for m in matches)} matched"
    )


if __name__ == "__main__":
    main()
