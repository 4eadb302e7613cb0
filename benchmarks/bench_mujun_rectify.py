"""Benchmark: 高耗低效 rectification candidates of a final 亩均 run (issue 16) — set-based against one save a firm.

    # the 1,000,000 enterprises of bench_mujun.py (seeded there with --seed-only):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jx_mujun_bench .venv/bin/python benchmarks/bench_mujun_rectify.py
    # a city on SQLite:
    .venv/bin/python benchmarks/bench_mujun_rectify.py --sqlite --enterprises 30000

Measured in the same run, on one final run of 2019 (computed through the service once, kept across runs of this
script under the name 基准整治…):
- jingxin: `mujun.services.rectification_identify` — one INSERT … SELECT over the run's results and one history
  record per new row copied by the database; median of `--runs` (the candidates and their history are deleted
  between runs, not timed);
- naive: the implementation it replaced (`naive_identify`: the year's data into Python dictionaries, every result
  through the ORM with its enterprise, per candidate one `save()` with its history record), on the first
  `--naive` results of the run, extrapolated per result to the whole run. Both must list the same firms with the
  same reasons (asserted on the naive sample).

Target (issue 16): ≤ 5 s for a run of 1,000,000 on PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_database import bench_actor, ensure_database, figure, progress, setup_django

RUN_NAME = "基准整治"


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def naive_identify(run: Any, actor: Any, limit: int | None = None) -> dict[int, str]:
    """The row-by-row way (the service before session 8): Python over every result, one save per candidate."""
    from django.db import transaction
    from django.utils.translation import gettext as _

    from core.history import stamp
    from mujun.choices import RECTIFY_LAND_MU, RECTIFY_TAX_PER_MU, Group, Klass
    from mujun.models import EnterpriseYearData, Rectification

    rule_sets = {rs.group: rs for rs in run.rule_sets.all()}
    existing = set(Rectification.objects.filter(year=run.year).values_list("enterprise_id", flat=True))
    land_of: dict[int, Decimal | None] = {}
    parcel_land: dict[tuple[str, str], Decimal] = {}
    rows = EnterpriseYearData.objects.filter(year=run.year).values_list(
        "enterprise_id", "size_class", "parcel", "land_mu"
    )
    for enterprise_id, size_class, parcel, land in rows.iterator(chunk_size=5000):
        land_of[enterprise_id] = land
        if parcel:
            key = (size_class, parcel)
            parcel_land[key] = parcel_land.get(key, Decimal("0")) + (land or Decimal("0"))
    created: dict[int, str] = {}
    with transaction.atomic():
        results = run.results.select_related("enterprise", "run").exclude(enterprise_id__in=existing)
        if limit is not None:
            results = results[:limit]
        for result in results.iterator(chunk_size=2000):
            reasons = []
            if result.final_class == Klass.D:
                reasons.append(_("D类"))
            rs = rule_sets.get(result.group)
            tax_line = None
            if rs is not None:
                tax_line = rs.rectify_tax_per_mu
                if tax_line is None:
                    tax_line = RECTIFY_TAX_PER_MU.get(result.group)
            tax = result.values.get("tax_per_mu")
            if tax_line is not None and tax is not None and Decimal(str(tax)) < tax_line:
                reasons.append(_("亩均税收低于%s万元/亩") % tax_line)
            if rs and result.group != Group.ABOVE:
                land_line = rs.rectify_land_mu if rs.rectify_land_mu is not None else RECTIFY_LAND_MU
                land = parcel_land.get(("below", result.parcel)) if result.parcel else land_of.get(result.enterprise_id)
                if land is not None and land >= land_line:
                    reasons.append(_("用地%s亩以上仍为规下") % land_line)
            if reasons:
                item = Rectification(enterprise=result.enterprise, run=run, year=run.year, reasons="；".join(reasons))
                stamp(item, actor=actor, reason=_("查找高耗低效企业"))
                item.save()
                created[item.enterprise_id] = item.reasons
    return created


def forget_candidates(year: int) -> None:
    """The year's candidates and their history removed (not timed)."""
    from django.db import connection

    with connection.cursor() as cursor:  # no milestones or progress yet: plain deletes
        cursor.execute("DELETE FROM mujun_historicalrectification WHERE year = %s", [year])
        cursor.execute("DELETE FROM mujun_rectification WHERE year = %s", [year])
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE mujun_rectification")
            cursor.execute("VACUUM ANALYZE mujun_historicalrectification")


def final_run(user: Any) -> Any:
    """The kept final run of 2019 (computed once through the service)."""
    import bench_mujun

    from mujun.models import EvaluationRun
    from mujun.services import evaluation_run_compute

    run = EvaluationRun.objects.filter(name__startswith=RUN_NAME, status="final").order_by("-pk").first()
    if run is not None:
        return run
    EvaluationRun.objects.filter(name__startswith=RUN_NAME).delete()
    run = bench_mujun.new_run(2019, user)
    run.name = f"{RUN_NAME}{run.pk}"
    run.save(update_fields=["name"])
    progress("computing the 2019 run once")
    evaluation_run_compute(run=run, actor=user)
    EvaluationRun.objects.filter(pk=run.pk).update(status="final")  # the bench's shortcut past 公示
    run.refresh_from_db()
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--enterprises", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--naive", type=int, default=100_000, help="results of the run the naive way reads")
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()
    if args.sqlite:
        url = f"sqlite:///{Path(tempfile.gettempdir()) / 'jingxin_bench_mujun_rectify.sqlite3'}"
    else:
        url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jx_mujun_bench")
        ensure_database(url)
    setup_django(url)
    import bench_mujun
    from django.db import connection

    from mujun.models import Rectification
    from mujun.services import rectification_identify

    bench_mujun.seed(args.enterprises, min(args.enterprises, 20_000))
    user = bench_actor()  # the run and the candidates go through the services, which check the actor
    run = final_run(user)
    if connection.vendor == "postgresql":  # as autovacuum would have done by the time a run is final (not timed)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE mujun_evaluationresult")
    progress(f"run {run.pk}: {run.result_count} results; load {os.getloadavg()}")

    walls, cpus, count = [], [], 0
    for i in range(args.runs):
        forget_candidates(run.year)
        t0, c0 = time.perf_counter(), cpu()
        count = rectification_identify(run=run, actor=user)
        walls.append(time.perf_counter() - t0)
        cpus.append(cpu() - c0)
        progress(f"jingxin {i + 1}: {walls[-1]:.2f} s (CPU {cpus[-1]:.2f} s), {count} candidates")
    ours = dict(Rectification.objects.filter(run=run).values_list("enterprise_id", "reasons"))
    history = Rectification.history.filter(year=run.year, history_type="+", history_user=user).count()
    assert count == len(ours) == history, (count, len(ours), history)

    forget_candidates(run.year)
    t0, c0 = time.perf_counter(), cpu()
    naive = naive_identify(run, user, limit=args.naive)
    naive_wall, naive_cpu = time.perf_counter() - t0, cpu() - c0
    sampled = set(
        run.results.order_by(*run.results.model._meta.ordering).values_list("enterprise_id", flat=True)[: args.naive]
    )
    assert naive == {k: v for k, v in ours.items() if k in sampled}, "the two ways list different firms"
    forget_candidates(run.year)
    per_row = naive_wall / min(args.naive, run.result_count)
    print()
    print(f"database {connection.vendor}; run of {run.result_count} results; load average {os.getloadavg()}")
    print(f"jingxin: median {statistics.median(walls):.2f} s wall, {statistics.median(cpus):.2f} s CPU "
          f"(runs: {', '.join(f'{w:.2f}' for w in walls)}); {count} candidates, {history} history records")  # fmt: skip
    print(f"naive on {len(sampled)} results: {naive_wall:.1f} s wall, {naive_cpu:.1f} s CPU, {len(naive)} candidates; "
          f"extrapolated to the run: {per_row * run.result_count:.0f} s "
          f"({per_row * run.result_count / statistics.median(walls):.0f}×); same firms and reasons: yes")  # fmt: skip
    figure("rectification_identify", run.result_count, statistics.median(walls), cpu_s=statistics.median(cpus),
           naive_s=per_row * run.result_count, equal=True)  # fmt: skip


if __name__ == "__main__":
    main()
