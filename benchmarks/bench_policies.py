"""Benchmark: 300 policies matched against the registry, and one enterprise's policies.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jx_service_b .venv/bin/python benchmarks/bench_policies.py [--enterprises 300000] [--runs 3]

Seeds the registry (bench_database.seed_enterprises) with the facts criteria read (a fifth hold a tier title, a
fifth carry a tag, 60 % have a final 亩均 class), and 300 policies with 1–3 criteria each (industry divisions,
size, region, employees, land, tier title, tag, 亩均 class). Measured in the same run (median, wall and CPU):
- all policies in one pass: `policies.matching.policy_reach` (the registry and each fact table read once by COPY into
  Polars, one boolean column per distinct criterion);
- the same, one SQL query per policy (`eligible_enterprises(...).count()`, on 10 policies), and a per-enterprise Python loop over the
  registry loaded once (measured on 10 policies and scaled: it checks every criterion of every row); both must
  give the one pass's counts;
- one enterprise: `policies_for(enterprise, all 300)` (the policies and criteria, then the enterprise's facts, one
  small query per kind; each criterion checked in Python by `policies.matching.criterion_met`).
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
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_database import database_url, ensure_database, figure, progress, seed_enterprises, setup_django


def timed(func: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    walls, cpus, result = [], [], None
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        result = func()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), result


TIERS = ["专精特新中小企业", "创新型中小企业", "科技型中小企业", "隐形冠军"]  # tier titles (the seeded library)
TAGS = ["上市后备", "外资企业", "链主配套"]
MUJUN_YEAR = 2023


def seed_facts() -> None:
    """The multi-valued facts criteria read: a fifth of the enterprises hold a tier title (recognised, or a tenth of
    those expired), a fifth carry a tag, and 60 % have a final 亩均 class of MUJUN_YEAR (A 10 %, B 50 %, C 30 %, D 10 %)."""
    from django.db import connection

    from enterprises.models import Enterprise, Tag
    from mujun.models import EvaluationRun
    from tiers.models import TierEntry, Title

    if EvaluationRun.objects.filter(year=MUJUN_YEAR, name="bench").exists():
        return
    rng = random.Random(5)
    pks = list(Enterprise.objects.values_list("pk", flat=True))
    titles = [Title.objects.get(name=name).pk for name in TIERS]
    progress("seeding tier titles, tags and a final 亩均 run")
    TierEntry.objects.bulk_create(
        [
            TierEntry(
                enterprise_id=pk,
                title_id=rng.choice(titles),
                year=2022,
                status="expired" if rng.random() < 0.1 else "recognised",
            )
            for pk in pks
            if rng.random() < 0.2
        ],
        batch_size=10000,
    )
    tags = [Tag.objects.get_or_create(name=t)[0].pk for t in TAGS]
    through = Enterprise.tags.through
    through.objects.bulk_create(
        [through(enterprise_id=pk, tag_id=rng.choice(tags)) for pk in pks if rng.random() < 0.2], batch_size=10000
    )
    run = EvaluationRun.objects.create(year=MUJUN_YEAR, name="bench", status="final", codes=[])
    with (
        connection.cursor() as cursor,
        cursor.copy(
            'COPY mujun_evaluationresult (run_id, enterprise_id, "group", parcel, division, value_list, benchmark_list,'
            " contribution_list, bonus, penalty, score, rank, group_size, computed_class, final_class, vetoed, protected)"
            " FROM STDIN"
        ) as copy,
    ):
        for i, pk in enumerate(pk for pk in pks if rng.random() < 0.6):
            klass = rng.choices("ABCD", [10, 50, 30, 10])[0]
            copy.write_row((run.pk, pk, "above", "", "", "", "", "", 0, 0, 50, i + 1, 1, klass, klass, False, False))
    with connection.cursor() as cursor:
        for table in ("tiers_tierentry", "enterprises_enterprise_tags", "mujun_evaluationresult"):
            cursor.execute(f"ANALYZE {table}")


def seed_policies(n: int) -> None:
    """n policies, 1–3 criteria each, of every kind but key-project investment (no projects are seeded)."""
    from enterprises.models import Industry
    from policies.models import Policy, PolicyCriterion
    from regions.models import Department, Region

    if Policy.objects.count() == n and PolicyCriterion.objects.filter(kind="mujun").exists():
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
        kinds = rng.sample(
            ["industry", "size", "region", "employees", "land", "tier", "tag", "mujun"], rng.randint(1, 3)
        )
        for kind in kinds:
            values: list[str] = []
            minimum, year = None, None
            if kind == "industry":
                values = rng.sample(divisions, rng.randint(1, 4))
            elif kind == "size":
                values = ["above"]
            elif kind == "region":
                values = rng.sample(units, rng.randint(1, 3))
            elif kind == "tier":
                values = rng.sample(TIERS, rng.randint(1, 2))
            elif kind == "tag":
                values = rng.sample(TAGS, rng.randint(1, 2))
            elif kind == "mujun":
                values, year = rng.sample("ABCD", rng.randint(1, 2)), MUJUN_YEAR
            else:
                minimum = Decimal(rng.choice([50, 100, 300]))
            PolicyCriterion.objects.create(policy=policy, kind=kind, values=values, minimum=minimum, year=year)


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
                checks.append(bool(firm["held"] & set(c.values)))
            elif c.kind == "tag":
                checks.append(bool(firm["tags"] & set(c.values)))
            elif c.kind == "mujun":
                checks.append(firm["mujun"].get(c.year) in c.values)
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
    seed_facts()
    seed_policies(args.policies)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from enterprises.models import Enterprise
    from mujun.models import EvaluationResult
    from policies.matching import policy_reach
    from policies.models import Policy
    from policies.selectors import eligible_enterprises, policies_for
    from regions.models import Region
    from tiers.models import TierEntry

    print(
        f"load average {os.getloadavg()}, {args.enterprises:,} enterprises, {args.policies} policies, runs={args.runs}"
    )
    policies = list(Policy.objects.prefetch_related("criteria").order_by("pk"))
    with CaptureQueriesContext(connection) as queries:
        w, c, reach = timed(lambda: policy_reach(policies), args.runs)
    print(
        f"all {len(policies)} policies in one pass (policy_reach): wall {w:.3f} s, cpu {c:.3f} s, "
        f"{len(queries) // args.runs} queries + COPY reads (not captured: the registry, one per kind of fact), "
        f"{sum(reach.values()):,} matches"
    )
    reach_w, reach_c, reach_q = w, c, len(queries) // args.runs
    w, c, counts = timed(lambda: [eligible_enterprises(p).count() for p in policies[:10]], 1)
    assert counts == [reach[p.pk] for p in policies[:10]], "the one pass differs from the per-policy queries"
    print(f"10 policies, one query each (eligible_enterprises().count()): wall {w:.3f} s, cpu {c:.3f} s")

    unit_paths = dict(Region.objects.values_list("code", "path"))

    def load() -> list[dict[str, Any]]:
        tags: dict[int, set[str]] = {}
        for pk, name in Enterprise.tags.through.objects.values_list("enterprise_id", "tag__name"):
            tags.setdefault(pk, set()).add(name)
        held: dict[int, set[str]] = {}
        for pk, name in TierEntry.objects.filter(status="recognised").values_list("enterprise_id", "title__name"):
            held.setdefault(pk, set()).add(name)
        mujun: dict[int, dict[int, str]] = {}
        final = EvaluationResult.objects.filter(run__status="final")
        for pk, year, klass in final.values_list("enterprise_id", "run__year", "final_class").iterator(
            chunk_size=10000
        ):
            mujun.setdefault(pk, {})[year] = klass
        return [
            {
                **row,
                "tags": tags.get(row["pk"], set()),
                "held": held.get(row["pk"], set()),
                "mujun": mujun.get(row["pk"], {}),
            }
            for row in Enterprise.objects.values(
                "pk", "industry__code", "size_class", "region__path", "employees", "land_mu"
            ).iterator(chunk_size=10000)
        ]

    w_load, c_load, firms = timed(load, 1)
    sample = policies[:10]
    w2, c2, naive = timed(lambda: [naive_match(p, firms, unit_paths) for p in sample], 1)
    assert naive == [reach[p.pk] for p in sample], (naive, [reach[p.pk] for p in sample])
    scale = len(policies) / len(sample)
    print(
        f"Python loop: load wall {w_load:.2f} s cpu {c_load:.2f} s; 10 policies wall {w2:.2f} s cpu {c2:.2f} s "
        f"→ {len(policies)} policies ≈ {w2 * scale + w_load:.1f} s wall, {c2 * scale + c_load:.1f} s cpu"
    )
    figure(f"{len(policies)} policies in one pass (policy_reach)", args.enterprises, reach_w, cpu_s=reach_c,
           naive_s=w2 * scale + w_load, queries=reach_q, equal=True)  # fmt: skip

    ids = list(Enterprise.objects.values_list("pk", flat=True)[:: max(1, args.enterprises // 20)])
    times = []
    for pk in ids:
        enterprise = Enterprise.objects.get(pk=pk)
        with CaptureQueriesContext(connection) as queries:
            w, c, matches = timed(partial(policies_for, enterprise, Policy.objects.all()), 1)
        times.append((w, c))
    print(
        f"one enterprise's {len(policies)} policies (policies_for, {len(ids)} enterprises): median wall "
        f"{statistics.median(t[0] for t in times) * 1000:.0f} ms, cpu {statistics.median(t[1] for t in times) * 1000:.0f} ms, "
        f"{len(queries)} queries, {sum(m.matched for m in matches)} matched"
    )
    figure(f"one enterprise's {len(policies)} policies (policies_for)", len(policies),
           statistics.median(t[0] for t in times), cpu_s=statistics.median(t[1] for t in times),
           queries=len(queries))  # fmt: skip
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
