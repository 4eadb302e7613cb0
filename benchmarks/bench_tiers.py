"""Benchmark: tier counts, subsidies and a month-end computed source on a province-sized registry (issue 17).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jx_h17_bench .venv/bin/python benchmarks/bench_tiers.py

Seeds (once) 300,000 synthetic enterprises with one history record each dated 2019-01-01 and a move to
another unit for 5 % of them dated 2021-03-15 (history rows, as the register would have them), 50,000 tier
entries over the ten titles and 2019–2022 (60 % recognised, with level and date; history dated on the
recognition), and 2,000 recognised demonstrations with 3,000 diagnosis pilots for 2019.

Measured in the same run (median of `--runs`, wall and CPU time of this process):
- counts for all titles, units and years (`tiers.selectors.title_counts`, one GROUP BY rolled up in Python)
  against the per-row way (every entry with its enterprise and region as objects, unit found per row);
  recognised counts asserted equal;
- subsidies for the 2,000 demonstrations (`smart.services.subsidies_compute`: read, pure function, one
  bulk write with history) against the per-row way (per demonstration: its rule read, the award computed
  and saved by the ORM with its own history record); totals asserted equal;
- the month-end computed source for the province (`enterprises_above_size` for 浙江省 in June 2021, when no
  enterprise has changed since, and June 2020, with 15,000 moves after it; `tiers_recognised_xjr`), read
  with `core.asof.count_as_of` (the live table for rows unchanged since the cut-off, the history for the
  rest), against `as_of` over the whole history (one GROUP BY) and the per-row way (each enterprise's latest
  history record before the cut-off, one query each) on a 2,000-enterprise sample with 500 movers,
  extrapolated; the sample's counts asserted equal.

Targets: counts ≤ 300 ms, subsidies ≤ 1 s, month-end source ≤ 500 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_database import ensure_database, figure, progress, seed_enterprises, setup_django

from core.actors import SYSTEM  # the project's path is set by bench_database

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jx_h17_bench"


def timed(fn: Any, runs: int) -> tuple[Any, float, float]:
    """(result, median wall ms, median CPU ms) over `runs` calls."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append((time.perf_counter() - w) * 1000)
        cpus.append((time.process_time() - c) * 1000)
    return result, statistics.median(walls), statistics.median(cpus)


def seed_history_and_entries(n_entries: int, n_demos: int) -> None:
    from django.db import connection, transaction

    from core.history import history_from_rows
    from enterprises.models import Enterprise
    from regions.models import Region
    from smart.models import Demonstration, Diagnosis, ServiceCompany, SubsidyRule
    from tiers.models import TierEntry, Title

    tz = dt.timezone(dt.timedelta(hours=8))
    history = Enterprise.history.model
    rng = random.Random(17)
    with transaction.atomic():
        if not history.objects.exists():
            progress("history of the register (one record each, 5 % moved in March 2021)")
            ids = list(Enterprise.objects.values_list("pk", flat=True))
            history_from_rows(Enterprise, ids, history_type="+", actor=SYSTEM, reason="bench",
                              date=dt.datetime(2019, 1, 1, tzinfo=tz))  # fmt: skip
            units = list(
                Region.objects.filter(kind__in=["district", "county", "county_city"]).values_list("pk", flat=True)
            )
            movers = rng.sample(ids, len(ids) // 20)
            for start in range(0, len(movers), 5000):
                chunk = movers[start : start + 5000]
                Enterprise.objects.filter(pk__in=chunk).update(region_id=rng.choice(units))
                history_from_rows(Enterprise, chunk, history_type="~", actor=SYSTEM, reason="bench move",
                                  date=dt.datetime(2021, 3, 15, tzinfo=tz))  # fmt: skip
        if not TierEntry.objects.exists():
            progress(f"{n_entries:,} tier entries")
            titles = list(Title.objects.all())
            ids = list(Enterprise.objects.values_list("pk", flat=True))
            seen: set[tuple[int, int, int]] = set()
            rows: list[TierEntry] = []
            while len(rows) < n_entries:
                title, year, firm = rng.choice(titles), rng.randint(2019, 2022), rng.choice(ids)
                if (firm, title.pk, year) in seen:
                    continue
                seen.add((firm, title.pk, year))
                recognised = rng.random() < 0.6
                rows.append(TierEntry(
                    enterprise_id=firm, title=title, year=year,
                    status="recognised" if recognised else rng.choice(["nominated", "cultivating", "dropped"]),
                    level=rng.choice(title.levels) if recognised and title.levels else "",
                    recognised_on=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)) if recognised else None,
                ))  # fmt: skip
            TierEntry.objects.bulk_create(rows, batch_size=5000)
            for year in range(2019, 2023):
                pks = list(TierEntry.objects.filter(year=year).values_list("pk", flat=True))
                history_from_rows(TierEntry, pks, history_type="+", actor=SYSTEM, reason="bench",
                                  date=dt.datetime(year, 7, 1, tzinfo=tz))  # fmt: skip
        if not Demonstration.objects.exists():
            progress(f"{n_demos:,} demonstrations and their pilots")
            city = Region.objects.get(code="330400")
            companies = ServiceCompany.objects.bulk_create(
                [ServiceCompany(name=f"工程服务公司{i:03d}", region=city, level="province" if i % 3 else "city")
                 for i in range(60)]
            )  # fmt: skip
            SubsidyRule.objects.create(year=2019, name="三年行动计划补助")
            population = list(Enterprise.objects.values_list("pk", flat=True))
            n_diagnoses = min(3000, len(population) - n_demos)  # a small registry (SCALE=tiny) has fewer firms
            ids = rng.sample(population, n_demos + n_diagnoses)
            Demonstration.objects.bulk_create([
                Demonstration(enterprise_id=ids[i], name=f"示范{i}", kind=rng.choice(["workshop", "factory"]), year=2019,
                              stage="recognised", level="city", recognised_on=dt.date(2019, 10, 1),
                              company=rng.choice(companies),
                              equipment_investment=Decimal(rng.randint(50, 20000)),
                              it_investment=Decimal(rng.randint(10, 5000)))
                for i in range(n_demos)
            ], batch_size=2000)  # fmt: skip
            Diagnosis.objects.bulk_create([
                Diagnosis(enterprise_id=ids[n_demos + i], company=rng.choice(companies),
                          diagnosed_on=dt.date(2019, 5, 1), kind=rng.choice(["workshop", "factory"]), pilot=True,
                          level_before=1, level_after=2)
                for i in range(n_diagnoses)
            ], batch_size=2000)  # fmt: skip
    # VACUUM as autovacuum would have by the time anyone reads a production table: a freshly bulk-loaded one
    # is otherwise measured setting its rows' hint bits (buffers written during a read) in the first runs.
    with connection.cursor() as cursor:
        for table in ("enterprises_enterprise", "enterprises_historicalenterprise", "tiers_tierentry",
                      "tiers_historicaltierentry", "smart_demonstration"):  # fmt: skip
            cursor.execute(f"VACUUM ANALYZE {table}")


def naive_subsidies(year: int, actor: Any) -> Decimal:
    """Per demonstration: read the rule, compute, save the award (ORM, its own history record)."""
    from smart import subsidies
    from smart.models import Demonstration, SubsidyAward, SubsidyRule

    total = Decimal(0)
    for demo in Demonstration.objects.filter(stage="recognised", recognised_on__year=year):
        rule = SubsidyRule.objects.filter(year=year, superseded=False).order_by("-version").first()
        award = subsidies.demonstration_award(rule.params(), equipment=demo.equipment_investment, it=demo.it_investment)
        if award.amount:
            SubsidyAward(year=year, rule=rule, kind="demonstration", demonstration=demo, region=demo.enterprise.region,
                         amount=award.amount, basis=award.basis).save()  # fmt: skip
            total += award.amount
    return total


def naive_above_size(region: Any, ids: list[int], cutoff: dt.datetime) -> int:
    from enterprises.models import Enterprise

    count = 0
    for pk in ids:
        state = Enterprise.history.filter(id=pk, history_date__lt=cutoff).order_by("-history_id").first()
        if state is not None and state.size_class == "above" and state.region.path.startswith(region.path):
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=300_000)
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--demonstrations", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sample", type=int, default=2_000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    setup_django(url)
    seed_enterprises(args.enterprises)
    seed_history_and_entries(args.entries, args.demonstrations)

    from django.db import transaction
    from django.db.models import Q

    from accounts.models import User
    from core.actors import SYSTEM
    from core.asof import as_of, count_as_of, month_end
    from core.sources import compute
    from enterprises.models import Enterprise
    from regions.models import Region
    from smart import services
    from smart.models import SubsidyAward
    from tiers.choices import COUNTED
    from tiers.selectors import title_counts, title_counts_naive

    province = Region.objects.get(code="330000")
    user, _ = User.objects.get_or_create(username="bench_h17", defaults={"region": province, "role": "city_admin"})
    print(f"load average {os.getloadavg()}")

    table, wall, cpu = timed(lambda: title_counts(user), args.runs)
    print(f"counts (all titles/units/years): {wall:.0f} ms wall, {cpu:.0f} ms CPU, {len(table.cells)} cells")
    naive, n_wall, n_cpu = timed(lambda: title_counts_naive(user), 1)
    fast = {k: c.recognised for k, c in table.cells.items() if c.recognised}
    assert fast == naive, "counts differ"
    print(f"  naive per row: {n_wall:.0f} ms wall, {n_cpu:.0f} ms CPU (× {n_wall / wall:.1f} wall)")
    figure("title counts (all titles, units, years)", args.entries, wall / 1000, cpu_s=cpu / 1000,
           naive_s=n_wall / 1000, equal=True)  # fmt: skip

    def compute_subsidies() -> Any:
        with transaction.atomic():
            result = services.subsidies_compute(year=2019, actor=SYSTEM)  # the yearly computation, as its job runs it
            transaction.set_rollback(True)
        return result

    result, wall, cpu = timed(compute_subsidies, args.runs)
    print(f"subsidies for {args.demonstrations:,} demonstrations: {wall:.0f} ms wall, {cpu:.0f} ms CPU, "
          f"{result['awards']} awards, {result['total']} 万元")  # fmt: skip

    def naive_run() -> Decimal:
        with transaction.atomic():
            total = naive_subsidies(2019, user)
            transaction.set_rollback(True)
        return total

    n_total, n_wall, n_cpu = timed(naive_run, 1)
    fast_demo = SubsidyAward.objects.none()
    with transaction.atomic():
        services.subsidies_compute(year=2019, actor=SYSTEM)
        fast_demo_total = sum(a.amount for a in SubsidyAward.objects.filter(kind="demonstration"))
        transaction.set_rollback(True)
    assert fast_demo_total == n_total, (fast_demo_total, n_total)
    del fast_demo
    print(f"  naive per row: {n_wall:.0f} ms wall, {n_cpu:.0f} ms CPU (× {n_wall / wall:.1f} wall)")
    figure("subsidies_compute", args.demonstrations, wall / 1000, cpu_s=cpu / 1000, naive_s=n_wall / 1000, equal=True)
    source_times: dict[tuple[str, int], tuple[float, float]] = {}

    for key, year, month in (
        ("enterprises_above_size", 2021, 6),
        ("enterprises_above_size", 2020, 6),
        ("tiers_recognised_xjr", 2021, 6),
        ("enterprises_entered_above", 2021, 6),  # 新增入库 (规上): the 4,500 规上 firms changed in the year read
        ("tiers_entered_xjr", 2021, 12),  # 入库 of the 小巨人 library: the seed records entries on 1 July
    ):
        value, wall, cpu = timed(lambda k=key, y=year, m=month: compute(k, province, y, m), args.runs)
        print(f"month-end source {key} for the province, {year}-{month:02d}: {wall:.0f} ms wall, {cpu:.0f} ms CPU "
              f"= {value}")  # fmt: skip
        source_times[(key, year)] = (wall, cpu)
    slow = as_of(Enterprise, month_end(2020, 6)).filter(region__path__startswith=province.path, size_class="above")
    value, wall, cpu = timed(slow.count, 1)
    assert value == compute("enterprises_above_size", province, 2020, 6), value
    print(f"  as_of over the whole history (one GROUP BY, June 2020): {wall:.0f} ms wall, {cpu:.0f} ms CPU = {value}")
    cutoff = month_end(2020, 6)
    movers = list(Enterprise.history.filter(history_type="~").values_list("id", flat=True)[: args.sample // 4])
    sample = sorted(
        set(movers) | set(Enterprise.objects.order_by("pk").values_list("pk", flat=True)[: args.sample - len(movers)])
    )
    n_count, n_wall, n_cpu = timed(lambda: naive_above_size(province, sample, cutoff), 1)
    fast_sample = count_as_of(Enterprise, cutoff, Q(size_class="above", id__in=sample))
    assert fast_sample == n_count, (fast_sample, n_count)
    total = Enterprise.objects.count()
    print(f"  naive per row on {len(sample):,}: {n_wall:.0f} ms wall, {n_cpu:.0f} ms CPU → "
          f"{n_wall * total / len(sample) / 1000:.0f} s extrapolated to {total:,}")  # fmt: skip
    wall, cpu = source_times[("enterprises_above_size", 2020)]
    figure("month-end source 规上 count, 2020-06 (count_as_of)", total, wall / 1000, cpu_s=cpu / 1000,
           naive_s=n_wall * total / len(sample) / 1000, equal=True)  # fmt: skip
    print(f"statuses counted: {COUNTED}")


if __name__ == "__main__":
    main()
