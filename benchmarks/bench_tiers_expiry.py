"""Benchmark: the daily expiry of tier recognitions on 50,000 run-out entries (issue 17).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jx_expiry_bench .venv/bin/python benchmarks/bench_tiers_expiry.py

Seeds (once) 20,000 synthetic enterprises and 60,000 tier entries with one history record each: 50,000
recognitions that have run out by 2022-01-01 (2015–2019 on the titles of 3 validity years, 2016–2020 on 科技型中小企业
of 1 year) and 10,000 that have not (recognised 2021, titles without validity, dropped entries).

Measured in the same run, each inside a transaction rolled back (so every run expires the same rows):
- `tiers.services.tierentries_expire_due(today=2022-01-01)`: per validity length one locked read and one
  `UPDATE … FROM` per 2,000 rows with their history records; median of `--runs`; the count asserted;
- the per-row way: `tierentry_transition(action=expire)` per entry (the ORM save with full_clean and its own
  history record) on a `--sample` of the due entries, extrapolated to all of them; both ways' resulting
  (status, ended_on) asserted equal on the sample;
- the 即将到期 counts per title and unit (`tiers.selectors.ending_counts`, one GROUP BY) for 2022–2023.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_database import ensure_database, figure, progress, seed_enterprises, setup_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jx_expiry_bench"
TODAY = dt.date(2022, 1, 1)


def timed(fn: Any, runs: int) -> tuple[Any, float, float]:
    """(result, median wall ms, median CPU ms) over `runs` calls."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append((time.perf_counter() - w) * 1000)
        cpus.append((time.process_time() - c) * 1000)
    return result, statistics.median(walls), statistics.median(cpus)


def seed_entries(due: int, other: int) -> None:
    from django.db import connection, transaction

    from core.actors import SYSTEM
    from core.history import history_from_rows
    from enterprises.models import Enterprise
    from tiers.models import TierEntry, Title

    if TierEntry.objects.exists():
        progress(f"{TierEntry.objects.count():,} tier entries already seeded")
        return
    progress(f"seeding {due:,} run-out and {other:,} other tier entries")
    rng = random.Random(17)
    titles = {t.code: t for t in Title.objects.all()}
    ids = list(Enterprise.objects.values_list("pk", flat=True))
    seen: set[tuple[int, int, int]] = set()
    rows: list[TierEntry] = []

    def add(code: str, year: int, status: str = "recognised") -> None:
        title, firm = titles[code], rng.choice(ids)
        if (firm, title.pk, year) in seen:
            return
        seen.add((firm, title.pk, year))
        rows.append(TierEntry(
            enterprise_id=firm, title=title, year=year, status=status,
            level=rng.choice(title.levels) if title.levels else "",
            recognised_on=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
        ))  # fmt: skip

    three = ["cxx", "zjtx", "xjr", "yxgj", "dxgj"]
    while len(rows) < due:
        if rng.random() < 0.2:
            add("kjx", rng.randint(2016, 2020))
        else:
            add(rng.choice(three), rng.randint(2015, 2019))
    while len(rows) < due + other:
        kind = rng.random()
        if kind < 0.4:
            add(rng.choice(three), 2021)
        elif kind < 0.7:
            add(rng.choice(["xy", "lz", "xsg", "fsyy"]), rng.randint(2015, 2021))
        else:
            add(rng.choice(three), rng.randint(2015, 2019), status="dropped")
    with transaction.atomic():
        TierEntry.objects.bulk_create(rows, batch_size=5000)
        pks = list(TierEntry.objects.values_list("pk", flat=True))
        history_from_rows(TierEntry, pks, history_type="+", actor=SYSTEM, reason="bench",
                          date=dt.datetime(2021, 7, 1, tzinfo=dt.timezone(dt.timedelta(hours=8))))  # fmt: skip
    with connection.cursor() as cursor:
        for table in ("tiers_tierentry", "tiers_historicaltierentry"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=20_000)
    parser.add_argument("--due", type=int, default=50_000)
    parser.add_argument("--other", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sample", type=int, default=1_000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    setup_django(url)
    seed_enterprises(args.enterprises)
    seed_entries(args.due, args.other)

    from django.db import transaction

    from accounts.models import User
    from core.actors import SYSTEM
    from regions.models import Region
    from tiers import services
    from tiers.choices import Action
    from tiers.models import TierEntry
    from tiers.selectors import ending_counts

    province = Region.objects.get(code="330000")
    user, _ = User.objects.get_or_create(
        username="bench_expiry", defaults={"region": province, "role": "city_admin", "is_superuser": True}
    )
    print(f"load average {os.getloadavg()}")

    def expire() -> int:
        with transaction.atomic():
            expired = services.tierentries_expire_due(today=TODAY, actor=SYSTEM)
            transaction.set_rollback(True)
        return expired

    expired, wall, cpu = timed(expire, args.runs)
    assert expired == args.due, (expired, args.due)
    print(
        f"tierentries_expire_due: {expired:,} expired in {wall:.0f} ms wall, {cpu:.0f} ms CPU (median of {args.runs})"
    )

    rng = random.Random(5)
    due_ids = list(
        TierEntry.objects.filter(status="recognised", recognised_on__lt=dt.date(2020, 1, 1))
        .exclude(title__validity_years=None)
        .values_list("pk", flat=True)
    )
    sample = sorted(rng.sample(due_ids, min(args.sample, len(due_ids))))

    def naive() -> dict[int, Any]:
        with transaction.atomic():
            for entry in TierEntry.objects.filter(pk__in=sample).select_related("title"):
                ended = dt.date(entry.recognised_on.year + entry.title.validity_years, 1, 1)
                services.tierentry_transition(tierentry=entry, action=Action.EXPIRE, ended_on=ended, actor=user)
            states = dict(TierEntry.objects.filter(pk__in=sample).values_list("pk", "ended_on"))
            transaction.set_rollback(True)
        return states

    naive_states, n_wall, n_cpu = timed(naive, 1)
    with transaction.atomic():
        services.tierentries_expire_due(today=TODAY, actor=SYSTEM)
        fast_states = dict(TierEntry.objects.filter(pk__in=sample, status="expired").values_list("pk", "ended_on"))
        transaction.set_rollback(True)
    assert fast_states == naive_states, "the two ways differ"
    per_row = n_wall / len(sample)
    print(f"  naive per row on {len(sample):,}: {n_wall:.0f} ms wall, {n_cpu:.0f} ms CPU → "
          f"{per_row * expired / 1000:.1f} s extrapolated to {expired:,} (× {per_row * expired / wall:.0f})")  # fmt: skip
    figure("tierentries_expire_due (run-out recognitions)", expired, wall / 1000, cpu_s=cpu / 1000,
           naive_s=per_row * expired / 1000, equal=True)  # fmt: skip

    table, wall, cpu = timed(lambda: ending_counts(user, today=dt.date(2021, 1, 1)), args.runs)
    ending = sum(table.counts.get((t.pk, None, y), 0) for t in table.titles for y in table.years)
    print(f"ending_counts 2021–2022 (all titles and units): {wall:.0f} ms wall, {cpu:.0f} ms CPU = {ending:,}")
    figure("tier recognitions ending this year or next, per title and unit", ending, wall / 1000, cpu_s=cpu / 1000)
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
