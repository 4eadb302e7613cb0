"""Benchmark: importing 100,000 enterprises from Excel on PostgreSQL.

    .venv/bin/python benchmarks/bench_enterprise_import.py [--rows 100000] [--naive-sample 2000]

Uses its own database (IMPORT_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
jingxin_bench_import), dropped and created afresh on every run so that the figures are
comparable, then:

1. writes a workbook of N rows in the import layout (the registry's export columns; region
   names written as in official tables: full names, short names, half-width brackets);
2. parse + validate with `enterprises.importing.plan_import` (median of 3 runs; nothing exists
   yet, so every row is a creation) — target ≤ 5 s for 100,000 rows;
3. the row-by-row ORM way on a sample, extrapolated to N: openpyxl reads the row, the region
   and the industry are looked up by a query each, then `Enterprise(...).full_clean()` (which
   queries the unique code and both foreign keys); the full openpyxl read of the file is timed
   as well, since that approach has to read it;
4. `apply_import` of the same file: N creations, N history records, the tags;
5. `plan_import` again (every row now exists and is unchanged), and `apply_import` of a file
   where every row changed (N updates with N history records).

Step 2 also runs `plan_import` as it was before the improvements (loaded from git, commit
AS_FOUND_COMMIT) on the same file, for comparison.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench_database import (
    drop_database,
    ensure_database,
    figure,
    progress,
    server_versions,
    setup_django,
    synthetic_rows,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jingxin_bench_import"

# How the units are written in the files (domain.md §1: full names, short names, both bracket widths).
WRITTEN = {
    "330402": ["南湖区", "南湖"],
    "330411": ["秀洲区", "秀洲"],
    "330421": ["嘉善县", "嘉善"],
    "330424": ["海盐县", "海盐"],
    "330481": ["海宁市", "海宁"],
    "330482": ["平湖市", "平湖"],
    "330483": ["桐乡市", "桐乡"],
    "330400-ETDZ": ["嘉兴经济技术开发区（国际商务区）", "嘉兴经济技术开发区(国际商务区)", "经开区"],
    "330400-PORT": ["嘉兴港区", "港区"],
}
TAGS = ["专精特新", "高新技术", "链主", "外资"]


def write_file(path: Path, n: int, *, employees_delta: int = 0) -> None:
    import xlsxwriter

    from enterprises.importing import COLUMNS

    rng = random.Random(7)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = workbook.add_worksheet("企业")
    header = [names[0] for names in COLUMNS.values()]
    ws.write_row(0, 0, header)
    for i, row in enumerate(synthetic_rows(n, seed=11), start=1):
        employees = row["employees"] + employees_delta if row["employees"] is not None else None
        ws.write_row(
            i,
            0,
            [
                row["uscc"],
                row["name"],
                rng.choice(WRITTEN[row["unit"]]),
                row["industry"] or "",
                "规上" if row["size_class"] == "above" else "规下",
                float(row["land_mu"]) if row["land_mu"] is not None else "",
                employees if employees is not None else "",
                "是" if row["listed"] else "否",
                row["address"],
                "；".join(rng.sample(TAGS, rng.randint(1, 2))) if rng.random() < 0.05 else "",
            ],
        )
        if i % 25000 == 0:
            progress(f"  written {i:,} rows")
    workbook.close()


def reporter(label: str) -> Any:
    last = [-10]

    def report(percent: int, message: str) -> None:
        if percent >= last[0] + 10 or percent >= 100:
            last[0] = percent
            progress(f"  {label} {percent:3d}% {message}")

    return report


def city_staff() -> Any:
    from django.contrib.auth.models import Group

    from accounts.choices import Role
    from accounts.models import User
    from regions.models import Region

    user, _created = User.objects.get_or_create(
        username="bench_importer", defaults={"role": Role.CITY_STAFF, "region": Region.objects.get(code="330400")}
    )
    user.groups.set([Group.objects.get(name=Role.CITY_STAFF)])
    return user


def naive_sample(path: Path, sample: int, actor: Any) -> tuple[float, int]:
    """The row-by-row ORM path on the first `sample` rows: returns (seconds, queries)."""
    from django.core.exceptions import ValidationError
    from django.db import connection
    from django.db.models import Q
    from openpyxl import load_workbook

    from enterprises.models import Enterprise, Industry
    from regions.models import Region

    workbook = load_workbook(path, read_only=True)
    ws = workbook.active
    started = time.perf_counter()
    errors = 0
    queries = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    wrapper = connection.execute_wrapper(count)
    wrapper.__enter__()
    for values in ws.iter_rows(min_row=2, max_row=sample + 1, values_only=True):
        uscc, name, region_name, industry, size, land, employees, listed, address, _tags = values
        region = Region.objects.filter(Q(name=region_name) | Q(aliases__contains=[region_name])).first()
        industry_obj = Industry.objects.filter(code=industry).first() if industry else None
        enterprise = Enterprise(
            uscc=uscc,
            name=name,
            region=region,
            industry=industry_obj,
            size_class="above" if size == "规上" else "below",
            land_mu=Decimal(str(land)) if land not in ("", None) else None,
            employees=employees if employees != "" else None,
            listed=listed == "是",
            address=address or "",
        )
        try:
            enterprise.full_clean()
        except ValidationError:
            errors += 1
    elapsed = time.perf_counter() - started
    wrapper.__exit__(None, None, None)
    workbook.close()
    progress(f"  row-by-row: {sample:,} rows, {queries:,} queries, {errors} rows rejected, {elapsed:.2f} s")
    return elapsed, queries


def openpyxl_read_all(path: Path) -> float:
    from openpyxl import load_workbook

    started = time.perf_counter()
    workbook = load_workbook(path, read_only=True)
    count = sum(1 for _ in workbook.active.iter_rows(min_row=2, values_only=True))
    workbook.close()
    elapsed = time.perf_counter() - started
    progress(f"  openpyxl read of all {count:,} rows: {elapsed:.2f} s")
    return elapsed


CPU_SECONDS: dict[str, float] = {}


AS_FOUND_COMMIT = "2f322e3"  # enterprises/importing.py before this benchmark's improvements


def as_found_plan_import() -> Any:
    """`plan_import` as it was at AS_FOUND_COMMIT, loaded from git next to today's module."""
    import importlib.util
    import subprocess

    source = subprocess.run(
        ["git", "show", f"{AS_FOUND_COMMIT}:enterprises/importing.py"], capture_output=True, check=True, text=True
    ).stdout
    path = Path(tempfile.mkdtemp(prefix="jingxin-as-found-")) / "importing.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("enterprises.importing_as_found", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.plan_import


def write_paths(actor: Any, sample: int) -> dict[str, float]:
    """Seconds per 1,000 rows of the bulk write helpers, today's and simple-history's as found.

    On `sample` existing enterprises (updates) and `sample` new ones (creates), each inside a
    transaction that is rolled back, so the database is left as it was.
    """
    from django.db import transaction
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    from core.history import bulk_create_audited, bulk_update_audited
    from enterprises.importing import FIELDS
    from enterprises.models import Enterprise

    def rolled_back(func: Any) -> float:
        started = time.perf_counter()
        with transaction.atomic():
            func()
            elapsed = time.perf_counter() - started
            transaction.set_rollback(True)
        return elapsed / sample * 1000

    def changed() -> list[Any]:
        objs = list(Enterprise.objects.order_by("pk")[:sample])
        now = timezone.now()
        for obj in objs:
            obj.employees = (obj.employees or 0) + 7
            obj.updated_at = now
        return objs

    def fresh() -> list[Any]:
        region = Enterprise.objects.values_list("region_id", flat=True).first()
        return [
            Enterprise(uscc=row["uscc"], name=row["name"], region_id=region, size_class=row["size_class"])
            for row in synthetic_rows(sample, seed=99)
        ]

    fields = [*FIELDS, "updated_at"]
    results = {
        "update, Django bulk_update + simple-history (as found)": rolled_back(
            lambda: bulk_update_with_history(
                changed(), Enterprise, fields, batch_size=2000, default_user=actor, default_change_reason="x"
            )
        ),
        "update, bulk_update_audited (UPDATE … FROM unnest, history by INSERT … SELECT)": rolled_back(
            lambda: bulk_update_audited(Enterprise, changed(), fields, actor=actor, reason="x")
        ),
        "create, simple-history bulk_create_with_history (as found)": rolled_back(
            lambda: bulk_create_with_history(
                fresh(), Enterprise, batch_size=2000, default_user=actor, default_change_reason="x"
            )
        ),
        "create, bulk_create_audited (history by INSERT … SELECT)": rolled_back(
            lambda: bulk_create_audited(Enterprise, fresh(), actor=actor, reason="x")
        ),
    }
    for label, seconds in results.items():
        progress(f"  {label}: {seconds:.2f} s per 1,000 rows")
    return results


def timed(label: str, func: Any) -> tuple[float, Any]:
    """Wall time of func(); its CPU time (this process only) is kept in CPU_SECONDS[label]."""
    started, started_cpu = time.perf_counter(), time.process_time()
    value = func()
    elapsed = time.perf_counter() - started
    CPU_SECONDS[label] = time.process_time() - started_cpu
    progress(f"{label}: {elapsed:.2f} s (CPU {CPU_SECONDS[label]:.2f} s)")
    return elapsed, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--naive-sample", type=int, default=2_000)
    parser.add_argument("--write-sample", type=int, default=5_000)
    parser.add_argument("--keep", action="store_true", help="keep the generated workbooks in var/bench/")
    args = parser.parse_args()

    url = os.environ.get("IMPORT_DATABASE_URL", DEFAULT_URL)
    drop_database(url)
    ensure_database(url)
    setup_django(url)

    from enterprises.importing import apply_import, plan_import
    from enterprises.models import Enterprise

    actor = city_staff()
    workdir = Path("var/bench") if args.keep else Path(tempfile.mkdtemp(prefix="jingxin-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"enterprises-{args.rows}.xlsx"
    changed_path = workdir / f"enterprises-{args.rows}-changed.xlsx"
    progress(f"writing {args.rows:,} rows to {path}")
    write_seconds, _ = timed("workbook written", lambda: write_file(path, args.rows))
    size_mb = path.stat().st_size / 1e6

    plan_times = []
    for run in range(3):
        seconds, plan = timed(
            f"plan_import run {run + 1}", lambda: plan_import(str(path), actor=actor, progress=reporter("plan"))
        )
        plan_times.append(seconds)
        assert plan.ok, plan.errors[:5]
        assert len(plan.creates) == args.rows
    plan_median = statistics.median(plan_times)
    old_plan_import = as_found_plan_import()
    as_found_seconds, as_found = timed(
        f"plan_import as found ({AS_FOUND_COMMIT})", lambda: old_plan_import(str(path), actor=actor)
    )
    assert as_found.ok and len(as_found.creates) == args.rows

    progress(f"row-by-row ORM path on a sample of {args.naive_sample:,} rows")
    sample_seconds, sample_queries = naive_sample(path, args.naive_sample, actor)
    read_all = openpyxl_read_all(path)
    naive_validate = sample_seconds / args.naive_sample * args.rows
    naive_total = naive_validate + read_all * (1 - args.naive_sample / args.rows)

    apply_seconds, applied = timed(
        "apply_import (creates)",
        lambda: apply_import(str(path), actor=actor, reason="基准测试导入", progress=reporter("apply")),
    )
    assert applied.ok and Enterprise.objects.count() == args.rows
    history = Enterprise.history.count()
    assert history == args.rows, history

    progress(f"bulk write helpers on {args.write_sample:,} rows (rolled back)")
    per_thousand = write_paths(actor, args.write_sample)

    unchanged_seconds, again = timed(
        "plan_import of the same file (all rows exist)", lambda: plan_import(str(path), actor=actor)
    )
    assert again.unchanged == args.rows, (len(again.creates), len(again.updates), again.unchanged)

    progress(f"writing the changed file {changed_path}")
    write_file(changed_path, args.rows, employees_delta=1)
    update_seconds, updated = timed(
        "apply_import (updates)",
        lambda: apply_import(str(changed_path), actor=actor, reason="基准测试更新", progress=reporter("apply")),
    )
    assert updated.ok
    assert Enterprise.history.count() == args.rows + len(updated.updates)

    print()
    load = os.getloadavg()
    print(
        f"PostgreSQL {server_versions()['postgresql']}, {args.rows:,} rows ({size_mb:.1f} MB xlsx), "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs"
    )
    plan_cpu = statistics.median(CPU_SECONDS[f"plan_import run {run + 1}"] for run in range(3))
    print(f"{'step':58} {'seconds':>9}")
    rows = [
        ("write the workbook (xlsxwriter)", write_seconds),
        ("plan_import: parse + validate, all new (median of 3)", plan_median),
        (f"  the same, code as found ({AS_FOUND_COMMIT})", as_found_seconds),
        (
            f"row-by-row ORM, extrapolated from {args.naive_sample:,} rows ({sample_queries / args.naive_sample:.1f} queries a row)",
            naive_total,
        ),
        ("  of which openpyxl reading the whole file", read_all),
        ("apply_import: validate again + create rows, history, tags", apply_seconds),
        ("plan_import: all rows exist, unchanged", unchanged_seconds),
        (f"apply_import: {len(updated.updates):,} updates with history", update_seconds),
    ]
    for label, seconds in rows:
        print(f"{label:58} {seconds:9.2f}")
    print(f"\nbulk writes, seconds per 1,000 rows (sample of {args.write_sample:,}, rolled back):")
    for label, seconds in per_thousand.items():
        print(f"  {label:78} {seconds:6.3f}")
    print(f"(plan_import CPU time of this process, median: {plan_cpu:.2f} s)")
    figure("plan_import: parse + validate", args.rows, plan_median, cpu_s=plan_cpu, naive_s=naive_total)
    figure("apply_import: creates with history", args.rows, apply_seconds)
    figure("apply_import: updates with history", len(updated.updates), update_seconds)
    verdict = "met" if plan_median <= 5 else "MISSED"
    print(
        f"\ntarget ≤ 5 s for parse + validate: {plan_median:.2f} s — {verdict}; "
        f"row-by-row is {naive_total / plan_median:.0f}× slower"
    )


if __name__ == "__main__":
    main()
