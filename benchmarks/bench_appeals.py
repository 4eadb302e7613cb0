"""Benchmark: a year of enterprise requests — deadline arithmetic, the figures and the filtered, sorted list.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jx_h13_bench .venv/bin/python benchmarks/bench_appeals.py [--requests 500000] [--runs 5]

Measured in the same run (median of --runs, wall and CPU time):
- deadlines: accept and answer due dates of every request by `WorkdayCalendar.add_workdays_series` (the
  precomputed working-day index) against the day-by-day loop `add_workdays_naive`;
- figures: `appeals.figures.figure_table` by unit and by month (one GROUP BY each) against a Python loop
  over every row;
- list: the requests page filtered (status, category) and sorted by answer due date, as a city user, with
  its query count (constant: LazyPaginator, select_related).
Targets (issue 13): province year of 500,000 requests — figures ≤ 1 s, list ≤ 150 ms, deadlines ≤ 1 s.
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


def seed_requests(n: int) -> None:
    from django.db import connection

    from appeals.models import Appeal, AppealCategory
    from enterprises.models import Enterprise
    from workdays.selectors import workday_calendar

    if Appeal.objects.count() == n:
        progress(f"{n:,} requests already seeded")
        return
    import polars as pl

    progress(f"seeding {n:,} requests")
    Appeal.objects.all().delete()
    rng = random.Random(13)
    ents = list(Enterprise.objects.values_list("pk", "region_id"))
    cats = list(AppealCategory.objects.values_list("pk", flat=True))
    cal = workday_calendar()
    days = [d for d in (dt.date(2024, 1, 2) + dt.timedelta(days=i) for i in range(360)) if cal.is_workday(d)]
    filed = [rng.choice(days) for _ in range(n)]
    due = cal.add_workdays_series(pl.Series(filed, dtype=pl.Date), 3).to_list()
    statuses = rng.choices(["closed", "answered", "in_progress", "submitted"], [80, 8, 8, 4], k=n)
    ratings = ["satisfied", "basically", "unsatisfied", "unrated"]
    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY appeals_appeal (number, enterprise_id, region_id, channel, category_id, complexity, urgency, title, text,"
            " contact_name, contact_phone, status, level, filed_on, accept_due, answer_due, answered_on, extended,"
            " extension_reason, paused_workdays, workdays_to_answer, on_time, rating, rating_comment, reopened,"
            " escalation_level, answer, created_at, updated_at) FROM STDIN"
        ) as copy,
    ):
        now = dt.datetime.now(dt.UTC)
        for i in range(n):
            ent, region = ents[i % len(ents)]
            done = statuses[i] in ("closed", "answered")
            taken = rng.choice([1, 2, 3, 4, 6]) if done else None
            answered = cal.add_workdays(filed[i], taken) if taken else None
            copy.write_row((
                f"B{i:09d}", ent, region, "hotline", rng.choice(cats), "simple", "normal", "缺工", "缺工", "", "",
                statuses[i], "unit", filed[i], filed[i], due[i], answered, False, "", 0, taken,
                (answered <= due[i]) if answered else None, rng.choice(ratings) if statuses[i] == "closed" else "",
                "", False, 0, "", now, now,
            ))  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE appeals_appeal")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500_000)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    url = database_url()
    ensure_database(url)
    setup_django(url)
    seed_enterprises(args.enterprises)
    seed_requests(args.requests)

    import polars as pl
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from appeals.figures import figure_table
    from appeals.models import Appeal
    from regions.models import Region
    from workdays.calendar import add_workdays_naive
    from workdays.selectors import calendar_years, workday_calendar

    print(
        f"load average {os.getloadavg()}, {args.requests:,} requests, {args.enterprises:,} enterprises, runs={args.runs}"
    )
    starts = pl.Series([d for (d,) in Appeal.objects.values_list("filed_on")], dtype=pl.Date)
    counts = pl.Series(random.Random(1).choices([1, 3, 15, 30], k=len(starts)))
    cal = workday_calendar()
    w, c, fast = timed(lambda: cal.add_workdays_series(starts, counts), args.runs)
    print(f"deadlines (index, {len(starts):,}): wall {w:.3f} s, cpu {c:.3f} s")
    years = calendar_years()
    dates, ns = starts.to_list(), counts.to_list()
    w2, c2, slow = timed(lambda: [add_workdays_naive(years, d, n) for d, n in zip(dates, ns, strict=True)], 1)
    assert slow == fast.to_list()
    print(f"deadlines (day by day): wall {w2:.3f} s, cpu {c2:.3f} s — ratio {c2 / max(c, 1e-9):.0f}×")
    figure("deadlines (working-day index)", len(starts), w, cpu_s=c, naive_s=w2, equal=True)

    today = dt.date(2024, 12, 31)
    qs = Appeal.objects.all()
    by_times: dict[str, tuple[float, float]] = {}
    for by in ("unit", "month", "category"):
        w, c, rows = timed(lambda by=by: figure_table(qs, by=by, today=today), args.runs)
        print(f"figures by {by}: wall {w:.3f} s, cpu {c:.3f} s ({len(rows)} rows)")
        by_times[by] = (w, c)

    def naive_figures() -> dict[Any, list[int]]:
        out: dict[Any, list[int]] = {}
        for region, status, on_time, rating in qs.values_list("region__name", "status", "on_time", "rating").iterator(
            chunk_size=5000
        ):
            row = out.setdefault(region, [0, 0, 0, 0])
            row[0] += status != "merged"
            row[1] += status in ("answered", "closed")
            row[2] += bool(on_time)
            row[3] += rating in ("satisfied", "basically", "unsatisfied")
        return out

    w2, c2, naive = timed(naive_figures, 1)
    fast_rows = {
        r.key: [r.received, r.answered, r.on_time, r.rated] for r in figure_table(qs, by="unit", today=today)[:-1]
    }
    assert fast_rows == naive, "figures differ from the Python loop"
    print(f"figures by unit (Python loop over rows): wall {w2:.3f} s, cpu {c2:.3f} s")
    w, c = by_times["unit"]
    figure("figures by unit (figure_table)", args.requests, w, cpu_s=c, naive_s=w2, equal=True)

    from django.contrib.auth.models import Group

    from accounts.roles import sync_roles

    sync_roles()
    city = User.objects.filter(username="bench_city").first() or User.objects.create(
        username="bench_city", role="city_staff", region=Region.objects.get(code="330400")
    )
    city.groups.set([Group.objects.get(name="city_staff")])
    client = Client()
    client.force_login(city)
    category = Appeal.objects.values_list("category_id", flat=True).first()
    url = f"/appeals/?status=in_progress&category={category}&sort=-answer_due"
    for page in ("", "&page=3"):
        client.get(url + page)
        w, c, _r = timed(lambda page=page: client.get(url + page), args.runs)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url + page).status_code
        print(
            f"list{page or ' page 1'}: wall {w * 1000:.0f} ms, cpu {c * 1000:.0f} ms, {len(queries)} queries, status {status}"
        )
        figure(f"request list, filtered, sorted{page or ' page 1'}", args.requests, w, cpu_s=c, queries=len(queries))


if __name__ == "__main__":
    main()
