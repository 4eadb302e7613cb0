"""Benchmark: the 亩均 evaluation run (issue 6) — read, score, classify, write results.

    # 1,000,000 enterprises on PostgreSQL (seed once, then measure in a fresh process for a clean peak RSS):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jingxin_bench_mujun .venv/bin/python benchmarks/bench_mujun.py --seed-only
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jingxin_bench_mujun .venv/bin/python benchmarks/bench_mujun.py
    # a city of 30,000 on SQLite (a file in /tmp, recreated):
    .venv/bin/python benchmarks/bench_mujun.py --sqlite --enterprises 30000 --sample 30000

Seeds `--enterprises` synthetic enterprises (COPY on PostgreSQL, executemany on SQLite, no ORM) with 2019
yearly data (80 % 规上, 1 % sharing a parcel with a neighbour, 0.5 % on the veto and 0.5 % on the protection
list, a few missing emission figures), and the same data as 2018 for the first `--sample` enterprises.
Rule sets: the published weights (规上 30/20/20/10/10/10, 亩均税收 benchmark 24.097; 规下 50/50), the
亩均增加值 benchmark as the group mean × 1, the R&D benchmark as the median × 1.

Measured in the same run:
- jingxin: `mujun.services.evaluation_run_compute` on 2019 (all enterprises) — the whole run; and
  `mujun.scoring.evaluate` alone on the same input frame (the calculation); median of `--runs` runs;
  peak RSS of the process (resource.getrusage);
- naive: a row-by-row ORM implementation of the same rules (per enterprise: its data, its enterprise and
  industry, its list entries, then one save per result) on the 2018 sample, and jingxin on the same sample;
  the two must give identical scores, ranks and classes for every enterprise (asserted). The naive time
  per row is extrapolated to the full size.

Targets (docs/benchmarks.md): whole run ≤ 10 s, calculation ≤ 1 s, peak memory ≤ 2 GB for 1,000,000 on
PostgreSQL; ≥ 20× faster than the naive way; 30,000 on SQLite ≤ 3 s end to end.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_database import bench_actor, ensure_database, figure, progress, setup_django

MEASURES = ("tax", "value_added", "revenue", "land_mu", "energy_tce", "emission_t", "employees", "rd", "electricity")
UNITS = ["330402", "330411", "330421", "330424", "330481", "330482", "330483"]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic(n: int, seed: int = 2026) -> dict[str, list[Any]]:
    """Columns of n enterprises' yearly data: plausible magnitudes, deterministic."""
    rng = random.Random(seed)
    cols: dict[str, list[Any]] = defaultdict(list)
    for i in range(n):
        above = rng.random() < 0.8
        land = round(rng.uniform(3, 120) if above else rng.uniform(0.5, 30), 2)
        tax = round(land * rng.lognormvariate(2.8, 0.9), 2)
        va = round(tax * rng.uniform(3, 8), 2)
        cols["size_class"].append("above" if above else "below")
        cols["land_mu"].append(land)
        cols["tax"].append(tax)
        cols["value_added"].append(va)
        cols["revenue"].append(round(va * rng.uniform(3, 6), 2))
        cols["energy_tce"].append(round(va / rng.uniform(0.5, 6), 2))
        cols["emission_t"].append(None if rng.random() < 0.03 else round(va / rng.uniform(20, 400), 3))
        cols["employees"].append(float(rng.randint(5, 800)))
        cols["rd"].append(round(va * rng.uniform(0, 0.2), 2))
        cols["electricity"].append(round(tax / rng.uniform(0.1, 2), 2))
        cols["parcel"].append(f"P{i // 2}" if rng.random() < 0.01 else "")
    return cols


def seed(n: int, sample: int) -> None:
    """Enterprises, 2019 data for all, 2018 data for the sample, list entries — without the ORM."""
    import polars as pl
    from django.db import connection, transaction
    from django.utils import timezone

    from enterprises.models import Enterprise, Industry
    from mujun.models import EnterpriseYearData
    from regions.models import Region

    have = Enterprise.objects.filter(uscc__startswith="BM").count()
    if have >= n and EnterpriseYearData.objects.filter(year=2018).count() >= sample:
        progress(f"{have} benchmark enterprises already seeded")
        return
    progress(f"seeding {n} enterprises")
    regions = [Region.objects.get(code=c).pk for c in UNITS]
    industries = list(Industry.objects.filter(level="division").values_list("pk", flat=True))
    now = timezone.now().isoformat()
    data = synthetic(n)
    rng = random.Random(7)
    ents = pl.DataFrame(
        {
            "created_at": [now] * n,
            "updated_at": [now] * n,
            "uscc": [f"BM{i:016d}" for i in range(n)],
            "name": [f"基准企业{i:07d}" for i in range(n)],
            "size_class": data["size_class"],
            "land_mu": data["land_mu"],
            "listed": [False] * n,
            "address": [""] * n,
            "region_id": [regions[i % len(regions)] for i in range(n)],
            "industry_id": [industries[rng.randrange(len(industries))] for _ in range(n)],
        }
    )
    with transaction.atomic():
        _bulk_insert("enterprises_enterprise", ents)
        ids = list(Enterprise.objects.filter(uscc__startswith="BM").order_by("uscc").values_list("pk", flat=True))
        base = {"enterprise_id": ids, "created_at": [now] * n, "updated_at": [now] * n, "not_graded": [False] * n,
                "items": ["[]"] * n, **{k: data[k] for k in ("size_class", *MEASURES, "parcel")}}  # fmt: skip
        _bulk_insert("mujun_enterpriseyeardata", pl.DataFrame({**base, "year": [2019] * n}))
        _bulk_insert("mujun_enterpriseyeardata", pl.DataFrame({**base, "year": [2018] * n}).head(sample))
        lists = []
        for year in (2018, 2019):
            for i, pk in enumerate(ids[: n if year == 2019 else sample]):
                if i % 200 == 3:
                    lists.append((year, pk, "veto"))
                elif i % 200 == 7:
                    lists.append((year, pk, "protect"))
        _bulk_insert(
            "mujun_listentry",
            pl.DataFrame(
                {"created_at": [now] * len(lists), "updated_at": [now] * len(lists), "year": [y for y, _, _ in lists],
                 "enterprise_id": [e for _, e, _ in lists], "kind": [k for _, _, k in lists], "reason": ["基准"] * len(lists)}
            ),
        )  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    progress("seeded")


def _bulk_insert(table: str, frame: Any) -> None:
    from django.db import connection

    cols = ", ".join(connection.ops.quote_name(c) for c in frame.columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.BytesIO()
            frame.write_csv(buffer, include_header=False, quote_style="non_numeric", null_value="")
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN WITH (FORMAT csv)") as copy:
                copy.write(buffer.getvalue())
        else:
            marks = ", ".join(["%s"] * len(frame.columns))
            cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", frame.rows())


def forget_runs() -> None:
    """Earlier benchmark runs' results removed (not timed), so every measurement starts from the same table:
    the measured runs then find the results of the runs before them, as a province's table would."""
    from django.db import connection

    from mujun.models import EvaluationRun

    ids = list(EvaluationRun.objects.filter(name__startswith="基准评价").values_list("pk", flat=True))
    if not ids:
        return
    progress(f"removing {len(ids)} earlier benchmark runs")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM mujun_evaluationresult WHERE run_id = ANY(%s)", [ids])
    EvaluationRun.objects.filter(pk__in=ids).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE mujun_evaluationresult")


def rule_sets(year: int) -> list[Any]:
    from mujun.models import RuleIndicator, RuleSet

    found = list(RuleSet.objects.filter(year=year, name__startswith="基准"))
    if found:
        return found
    above = RuleSet.objects.create(year=year, group="above", name=f"基准{year}规上", version=90)
    spec = [("tax_per_mu", 30, "entered", "24.097", None), ("va_per_mu", 20, "mean", None, None),
            ("va_per_energy", 20, "entered", "2.5", "3"), ("va_per_emission", 10, "entered", "120", None),
            ("labour_productivity", 10, "entered", "30", None), ("rd_ratio", 10, "median", None, "3")]  # fmt: skip
    for code, w, mode, bench, cap in spec:
        RuleIndicator.objects.create(
            rule_set=above, code=code, weight=w, benchmark_mode=mode,
            benchmark=Decimal(bench) if bench else None, cap=Decimal(cap) if cap else None,
        )  # fmt: skip
    below = RuleSet.objects.create(year=year, group="below", name=f"基准{year}规下", version=90)
    RuleIndicator.objects.create(rule_set=below, code="tax_per_mu", weight=50, benchmark=Decimal("12"))
    RuleIndicator.objects.create(rule_set=below, code="tax_per_kwh", weight=50, benchmark=Decimal("0.5"))
    return [above, below]


def new_run(year: int, user: Any) -> Any:
    from mujun.services import evaluation_run_create

    return evaluation_run_create(
        year=year, name=f"基准评价{year}-{time.time_ns()}", rule_sets=rule_sets(year), actor=user
    )


# --- the naive, row-by-row ORM implementation of the same rules -------------------------------------


def naive_run(run: Any, user: Any) -> None:
    """Per enterprise: ORM reads of its data, enterprise, industry and lists; Python arithmetic; one save each."""
    from mujun.models import EnterpriseYearData, EvaluationResult, ListEntry
    from mujun.scoring import FORMULAS, group_mean, group_median, round4
    from mujun.selectors import group_rules

    rules = {rs.group: group_rules(rs) for rs in run.rule_sets.all()}
    ids = list(
        EnterpriseYearData.objects.filter(year=run.year, not_graded=False).values_list("enterprise_id", flat=True)
    )
    rows = {}
    for eid in ids:
        d = EnterpriseYearData.objects.get(enterprise_id=eid, year=run.year)
        division = d.enterprise.industry.code if d.enterprise.industry_id else None
        rows[eid] = {
            "id": eid, "size": d.size_class, "division": division, "parcel": d.parcel,
            **{m: None if getattr(d, m) is None else float(getattr(d, m)) for m in MEASURES},
            "veto": ListEntry.objects.filter(year=run.year, enterprise_id=eid, kind="veto").exists(),
            "protect": ListEntry.objects.filter(year=run.year, enterprise_id=eid, kind="protect").exists(),
        }  # fmt: skip
    # parcels: members summed, within the size class; the parcel's land decides the group
    units: dict[str, dict[str, Any]] = {}
    member_unit = {}
    parcel_land: dict[tuple[str, str], float] = defaultdict(float)
    for r in rows.values():
        if r["parcel"]:
            parcel_land[(r["size"], r["parcel"])] += r["land_mu"] or 0.0
    for eid in sorted(rows):
        r = rows[eid]
        land = parcel_land[(r["size"], r["parcel"])] if r["parcel"] else (r["land_mu"] or 0.0)
        group = "above" if r["size"] == "above" else ("below" if land >= 3 else "small")
        key = f"p{group}|{r['parcel']}" if r["parcel"] else f"e{eid}"
        member_unit[eid] = (key, group)
        if key not in units:
            units[key] = {**r, "group": group}
        else:
            u = units[key]
            for m in MEASURES:
                if r[m] is not None:
                    u[m] = r[m] if u[m] is None else u[m] + r[m]
            u["veto"] = u["veto"] or r["veto"]
            u["protect"] = u["protect"] or r["protect"]
    out: dict[str, dict[str, Any]] = {}
    for group, gr in rules.items():
        members = [u for u in units.values() if u["group"] == group]
        scored = {}
        for u in members:
            scored[u["id"]] = {}
        for ind in gr.indicators:
            num, den, scale = FORMULAS[ind.code]
            values = {}
            for u in members:
                values[u["id"]] = (
                    round4(u[num] / u[den] * scale)
                    if u[den] is not None and u[den] > 0 and u[num] is not None
                    else None
                )
            known = [v for v in values.values() if v is not None]
            if ind.mode == "entered":
                bench = ind.benchmark
            elif not known:
                bench = None
            else:
                centre = group_mean(known) if ind.mode == "mean" else group_median(known)
                bench = round4(centre * ind.factor)
            scores = {}
            for uid, v in values.items():
                if v is None or bench is None or not bench > 0:
                    scores[uid] = None
                    continue
                ratio = v * (1.0 / bench)
                if ind.cap is not None:
                    ratio = min(ratio, ind.cap)
                scores[uid] = round4(ratio * ind.weight)
            have = [s for s in scores.values() if s is not None]
            fill = (round4(group_mean(have)) if have else 0.0) if ind.missing == "group_average" else 0.0
            for uid in scores:
                scored[uid][ind.code] = scores[uid] if scores[uid] is not None else fill
        totals = {}
        for u in members:
            total = 0.0
            for ind in gr.indicators:
                total = total + scored[u["id"]][ind.code]
            totals[u["id"]] = round4(total + 0.0 - 0.0)
        ordered = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
        n = len(ordered)
        quotas = (int(n * gr.cut_a // 100), int(n * gr.cut_b // 100), int(n * gr.cut_c // 100))
        rank = 0
        previous = None
        for position, (uid, score) in enumerate(ordered, start=1):
            if score != previous:
                rank, previous = position, score
            klass = "A" if rank <= quotas[0] else "B" if rank <= quotas[1] else "C" if rank <= quotas[2] else "D"
            out[uid] = {"score": score, "rank": rank, "n": n, "klass": klass}
        for u in members:
            o = out[u["id"]]
            k = o["klass"]
            if u["veto"] and k in ("A", "B"):
                k = "C"
            if u["protect"] and k == "D":
                k = "C"
            o["final"] = k
            o["group"] = group
            o["veto"], o["protect"] = u["veto"], u["protect"]
    EvaluationResult.objects.filter(run=run).delete()
    unit_first = {key: units[key]["id"] for key in units}
    for eid, (key, group) in member_unit.items():
        if group not in rules:
            continue
        o = out[unit_first[key]]
        EvaluationResult(
            run=run, enterprise_id=eid, group=group, parcel=rows[eid]["parcel"], score=Decimal(repr(o["score"])),
            rank=o["rank"], group_size=o["n"], computed_class=o["final"], final_class=o["final"],
            vetoed=o["veto"], protected=o["protect"],
        ).save()  # fmt: skip


def results_of(run: Any) -> dict[int, tuple[Any, ...]]:
    from mujun.models import EvaluationResult

    return {
        e: (s.quantize(Decimal("0.0001")), r, c, f)
        for e, s, r, c, f in EvaluationResult.objects.filter(run=run).values_list(
            "enterprise_id", "score", "rank", "computed_class", "final_class"
        )
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=20_000, help="enterprises of the naive comparison (2018 data)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--seed-only", action="store_true")
    args = parser.parse_args()
    if args.sqlite:
        path = Path(tempfile.gettempdir()) / "jingxin_bench_mujun.sqlite3"
        if not args.seed_only and path.exists() and os.environ.get("KEEP") != "1":
            path.unlink()
        url = f"sqlite:///{path}"
    else:
        url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jingxin_bench_mujun")
        ensure_database(url)
    setup_django(url)
    from django.db import connection

    from mujun import runstore
    from mujun.scoring import evaluate
    from mujun.selectors import group_rules, rule_items
    from mujun.services import evaluation_run_compute

    seed(args.enterprises, args.sample)
    if args.seed_only:
        return
    forget_runs()
    user = bench_actor()
    progress(f"database {connection.vendor}; peak RSS after setup {rss_mb():.0f} MB")

    # the whole run on the full year
    whole, calc = [], []
    phases: list[list[float]] = []
    for i in range(args.runs):
        run = new_run(2019, user)
        marks: list[float] = []
        t0 = time.perf_counter()
        evaluation_run_compute(
            run=run, actor=user, progress=lambda text, marks=marks: marks.append(time.perf_counter())
        )
        whole.append(time.perf_counter() - t0)
        # the service reports: reading, computing, writing, done → read, score, write (and the run's save)
        phases.append([b - a for a, b in zip([t0, *marks], marks, strict=False)][1:4])
        progress(
            f"whole run {i + 1}: {whole[-1]:.2f} s, {run.result_count} results "
            f"(read {phases[-1][0]:.2f} s, score {phases[-1][1]:.2f} s, write {phases[-1][2]:.2f} s)"
        )
    rsets = list(run.rule_sets.all())
    rules = {rs.group: group_rules(rs) for rs in rsets}
    frame = runstore.item_points(runstore.read_input(2019), rule_items(rsets))
    for _ in range(args.runs):
        t0 = time.perf_counter()
        evaluate(frame, rules)
        calc.append(time.perf_counter() - t0)
    progress(f"calculation alone: median {statistics.median(calc):.3f} s over {frame.height} rows")
    peak = rss_mb()

    # naive vs jingxin on the sample (2018)
    fast_run = new_run(2018, user)
    t0 = time.perf_counter()
    evaluation_run_compute(run=fast_run, actor=user)
    fast_sample = time.perf_counter() - t0
    naive = new_run(2018, user)
    t0 = time.perf_counter()
    naive_run(naive, user)
    naive_sample = time.perf_counter() - t0
    a, b = results_of(fast_run), results_of(naive)
    assert a.keys() == b.keys(), (len(a), len(b))
    diffs = [k for k in a if a[k] != b[k]]
    assert not diffs, [(k, a[k], b[k]) for k in diffs[:5]]
    per_row = naive_sample / len(b)
    whole_median = statistics.median(whole)
    print()
    print(f"database: {connection.vendor}; enterprises: {frame.height}; sample: {len(b)}")
    print(
        f"whole run (read, score, classify, write): median {whole_median:.2f} s  (runs: {', '.join(f'{w:.2f}' for w in whole)})"
    )
    print("phases of the whole run, medians: " + ", ".join(
        f"{name} {statistics.median(p[k] for p in phases):.2f} s" for k, name in enumerate(("read", "score", "write"))
    ))  # fmt: skip
    print(f"calculation alone: median {statistics.median(calc):.3f} s")
    print(f"peak RSS: {peak:.0f} MB")
    print(f"sample of {len(b)}: jingxin {fast_sample:.2f} s, naive row-by-row ORM {naive_sample:.1f} s "
          f"({naive_sample / fast_sample:.0f}×); identical scores, ranks and classes: yes")  # fmt: skip
    print(f"naive extrapolated to {frame.height}: {per_row * frame.height:.0f} s "
          f"({per_row * frame.height / whole_median:.0f}× the whole run)")  # fmt: skip
    figure("evaluation run (read, score, classify, write)", frame.height, whole_median,
           naive_s=per_row * frame.height, equal=True, peak_rss_mb=round(peak))  # fmt: skip
    figure("calculation alone (scoring.evaluate)", frame.height, statistics.median(calc))


if __name__ == "__main__":
    main()
