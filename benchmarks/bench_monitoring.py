"""Benchmark: monitoring of a province-sized plan (100 units × 40 indicators × 36 months).

    .venv/bin/python benchmarks/bench_monitoring.py [--runs 20] [--units 100] [--indicators 40]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jingxin_bench_monitoring .venv/bin/python benchmarks/bench_monitoring.py --drop

Default database: a SQLite file in /tmp (recreated). Seeds a province with `--units` county-level
units, a 2019 plan with `--indicators` indicators (flows, counts, stocks, growth rates, shares)
and targets, the same indicators (same `series`) in 2017 and 2018 plans, and accepted monthly
reports for every unit and month of 2017–2019 (33 reports a unit: January is merged into 1—2月,
so 36 months), then measures, in the same run:

- jingxin: `monitoring.selectors.monitoring_matrix` (the dashboard's whole computation: matrix,
  city row, per-indicator and overall ranks with change of rank, two-year averages, forecasts),
  and the matrix API request through Django's test Client (server time, JSON included);
- naive: the same figures computed cell by cell with ORM lookups (target, month, previous
  month, earlier years for each unit × indicator), the way a first version would do it.

Target (docs/benchmarks.md): ≤ 200 ms server time.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_database import drop_database, ensure_database, figure, progress, setup_django

KINDS = ["flow_amount"] * 28 + ["flow_count"] * 4 + ["stock"] * 2 + ["growth_rate"] * 3 + ["share"] * 3
YEAR, MONTH = 2019, 6


def seed(units: int, indicators: int) -> tuple[Any, Any]:
    from django.db import transaction

    from regions.models import Region
    from reporting.models import MonthlyReport, ReportValue
    from targets.models import Indicator, Plan, Target

    rng = random.Random(2026)
    province = Region.objects.get(code="330000")
    with transaction.atomic():
        regions = []
        for i in range(units):
            code = f"BM{i:03d}"
            found = Region.objects.filter(code=code).first()
            regions.append(
                found
                or Region.objects.add_child(
                    province, create_kwargs={"code": code, "name": f"基准单位{i:03d}", "kind": "county"}
                )
            )
        province.refresh_from_db()
        plans = {
            y: Plan.objects.create(title=f"基准计划{y}", year_start=y, year_end=y, scope_region=province)
            for y in (2017, 2018, YEAR)
        }
        inds: dict[int, list[Any]] = {}
        for y, plan in plans.items():
            inds[y] = Indicator.objects.bulk_create(
                Indicator(
                    plan=plan,
                    name=f"指标{j:02d}",
                    unit="亿元" if KINDS[j % len(KINDS)] == "flow_amount" else "%",
                    kind=KINDS[j % len(KINDS)],
                    order=j,
                    series=f"bench_{j:02d}",
                )
                for j in range(indicators)
            )
        targets = []
        for region in [*regions, province]:
            for ind in inds[YEAR]:
                base = Decimal(rng.randint(50, 500)) * (units if region == province else 1)
                value = Decimal(rng.randint(5, 20)) if ind.kind in ("growth_rate", "share") else base * 10000
                targets.append(
                    Target(
                        indicator=ind,
                        region=region,
                        period_kind="year",
                        year_start=YEAR,
                        year_end=YEAR,
                        status="number",
                        comparator="eq",
                        value=value,
                        raw_text=str(value),
                    )
                )
        Target.objects.bulk_create(targets, batch_size=2000)
        reports = MonthlyReport.objects.bulk_create(
            (
                MonthlyReport(
                    region=region, year=y, month=m, status="accepted", deadline=f"{y}-{min(m + 1, 12):02d}-05"
                )
                for region in regions
                for y in (2017, 2018, YEAR)
                for m in range(2, 13)
            ),
            batch_size=2000,
        )
        progress(f"{len(reports)} reports")
        values = []
        for report in reports:
            for ind in inds[report.year]:
                scale = Decimal(rng.randint(50, 500)) * 10000
                share = Decimal(report.month) / 12 * Decimal(rng.uniform(0.7, 1.3)).quantize(Decimal("0.01"))
                if ind.kind == "share":
                    values.append(
                        ReportValue(
                            report=report,
                            indicator=ind,
                            numerator=Decimal(rng.randint(1, 30)),
                            denominator=Decimal(100),
                        )
                    )
                else:
                    ytd = (scale * share).quantize(Decimal("0.01"))
                    values.append(
                        ReportValue(
                            report=report,
                            indicator=ind,
                            value=ytd,
                            base_value=(ytd / Decimal("1.08")).quantize(Decimal("0.01")),
                        )
                    )
            if len(values) >= 20000:
                ReportValue.objects.bulk_create(values, batch_size=2000)
                values = []
        ReportValue.objects.bulk_create(values, batch_size=2000)
    progress(f"{ReportValue.objects.count()} report values")
    return plans[YEAR], province


def naive_matrix(plan: Any, user: Any, sample: int | None = None) -> int:
    """Per cell: the target, this month's and last month's value, and the earlier years' values, each by the ORM.

    With `sample`, only that many units (the caller extrapolates per cell).
    """
    from monitoring import calculations as calc
    from reporting.models import ReportValue
    from targets.models import Indicator, Target

    cells = 0
    indicators = Indicator.objects.filter(plan=plan)
    units = sorted(
        {t.region for t in Target.objects.visible_to(user).filter(indicator__plan=plan).select_related("region")},
        key=lambda r: r.code,
    )
    if sample is not None:
        units = units[: sample + 1]
    for unit in units:
        if unit.pk == plan.scope_region_id:
            continue
        for indicator in indicators:
            target = Target.objects.filter(indicator=indicator, region=unit, year_start=YEAR).first()

            def fetch(year: int, month: int, indicator: Any = indicator, unit: Any = unit) -> Any:
                return ReportValue.objects.filter(
                    report__region=unit,
                    report__year=year,
                    report__month=month,
                    report__status__in=("accepted", "locked"),
                    indicator__series=indicator.series,
                ).first()

            now, before = fetch(YEAR, MONTH), fetch(YEAR, MONTH - 1)
            shares = []
            for y in (YEAR - 2, YEAR - 1):
                m, d = fetch(y, MONTH), fetch(y, 12)
                shares.append(calc.profile_share({MONTH: m and m.value, 12: d and d.value}, MONTH))
            earlier = fetch(YEAR - 2, MONTH)
            for row, month in ((now, MONTH), (before, MONTH - 1)):
                figures = calc.Figures(row.value, row.base_value, row.numerator, row.denominator) if row else None
                calc.evaluate(
                    kind=indicator.kind,
                    figures=figures,
                    target=target.value if target else None,
                    month=month,
                    two_years_earlier=earlier.value if earlier else None,
                    profile_shares=shares,
                )
            cells += 1
    return cells


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--drop", action="store_true", help="drop the PostgreSQL database afterwards")
    parser.add_argument(
        "--naive-units", type=int, default=None, help="time the naive way on this many units and extrapolate"
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL")
    if url is None:
        path = Path(tempfile.gettempdir()) / "jingxin_bench_monitoring.sqlite3"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    elif url.startswith("postgres"):
        drop_database(url)
        ensure_database(url)
    setup_django(url)

    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.choices import Role
    from accounts.models import User
    from monitoring.selectors import monitoring_matrix

    plan, province = seed(args.units, args.indicators)
    user = User.objects.create_user(username="bench_city", password="x", role=Role.CITY_ADMIN, region=province)
    from accounts.roles import sync_roles

    sync_roles()
    from django.contrib.auth.models import Group

    user.groups.set([Group.objects.get(name=Role.CITY_ADMIN)])
    user = User.objects.get(pk=user.pk)
    # The seed's hundreds of thousands of objects would make every garbage collection of the timed
    # runs walk them; a server process does not hold them. Collect once and leave them out.
    gc.collect()
    gc.freeze()

    def timed(func: Any) -> tuple[float, int]:
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            func()
            elapsed = time.perf_counter() - start
        return elapsed * 1000, len(ctx.captured_queries)

    selector_times, queries = [], 0
    for _ in range(args.runs):
        user.__dict__.pop("scope_region_ids", None)
        ms, queries = timed(lambda: monitoring_matrix(plan=plan, year=YEAR, month=MONTH, user=user))
        selector_times.append(ms)
    matrix = monitoring_matrix(plan=plan, year=YEAR, month=MONTH, user=user)
    cells = len(matrix.cells)

    client = Client()
    client.force_login(user)
    api = reverse("monitoring-matrix", args=[plan.pk])
    api_times = []
    for _ in range(args.runs):
        reset_queries()
        start = time.perf_counter()
        response = client.get(api, {"year": YEAR, "month": MONTH})
        api_times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    page_times, page_cpu = [], []
    page = reverse("monitoring:plan_dashboard", args=[plan.pk])
    client.get(page, {"year": YEAR, "month": MONTH})  # warm: templates compiled, translations loaded
    for _ in range(args.runs):
        start, cpu = time.perf_counter(), time.process_time()
        response = client.get(page, {"year": YEAR, "month": MONTH})
        page_times.append((time.perf_counter() - start) * 1000)
        page_cpu.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200

    progress("naive per-cell ORM computation (one run)")
    naive_cells = 0

    def naive() -> None:
        nonlocal naive_cells
        naive_cells = naive_matrix(plan, user, args.naive_units)

    naive_ms, naive_queries = timed(naive)

    print()
    print(f"database: {connection.vendor}; units {args.units}, indicators {args.indicators}, cells {cells}")
    print(
        f"jingxin selector: median {statistics.median(selector_times):.1f} ms, "
        f"min {min(selector_times):.1f} ms, {queries} queries ({args.runs} runs)"
    )
    print(f"jingxin matrix API (JSON, test Client): median {statistics.median(api_times):.1f} ms")
    print(
        f"jingxin dashboard page (HTML, charts): median {statistics.median(page_times):.1f} ms, "
        f"CPU {statistics.median(page_cpu):.1f} ms, {len(response.content):,} bytes"
    )
    if naive_cells < cells:
        print(
            f"naive per-cell ORM: {naive_ms:.0f} ms for {naive_cells} cells → "
            f"{naive_ms / naive_cells * cells:.0f} ms extrapolated to {cells} cells"
        )
    else:
        print(f"naive per-cell ORM: {naive_ms:.0f} ms, {naive_queries} queries")
    naive_full_ms = naive_ms / naive_cells * cells if naive_cells else None
    figure("monitoring_matrix (selector)", cells, statistics.median(selector_times) / 1000,
           naive_s=naive_full_ms / 1000 if naive_full_ms else None, queries=queries)  # fmt: skip
    figure("matrix API (JSON, test Client)", cells, statistics.median(api_times) / 1000)
    figure(
        "dashboard page (HTML)", cells, statistics.median(page_times) / 1000, cpu_s=statistics.median(page_cpu) / 1000
    )
    connection.close()
    if args.drop and url.startswith("postgres"):
        drop_database(url)
        progress("dropped the benchmark database")


if __name__ == "__main__":
    main()
