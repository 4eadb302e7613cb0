"""Benchmark: importing a 500-row decomposition table (目标任务分解表) from Excel on PostgreSQL.

    .venv/bin/python benchmarks/bench_targets_import.py [--units 500] [--runs 5] [--naive-runs 5] [--keep]

Uses its own database (TARGETS_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
jingxin_bench_targets), created afresh and dropped at the end (unless --keep), then:

1. creates a synthetic city 测试市 under 浙江省 with N county-level units 测试县0001 … (names the
   RegionMatcher matches as written);
2. writes an .xlsx in the official layout: a merged title row, a two-level merged header (三个
   指标组 over ten indicators, units of measure inside the header text: `工业投资目标（亿元）`),
   N unit rows and a 合计 row whose additive values are the exact sums of the units' values;
3. jingxin (median of --runs): the whole import as the user goes through it — read the file
   (`read_tables`), recognise it against the region tree (`preview_tables`: units, indicators,
   values, sum checks, findings), build the preview page's data (`as_result`), then write the
   plan atomically with `services.plan_import` (a fresh plan every run: its own 文号 and title);
4. naive (median of --naive-runs), in the same run and on the same file: openpyxl reads the
   sheet at known positions, the plan and each indicator are saved one by one, and per cell the
   unit is looked up with `Region.objects.get(name=...)`, then `Target(...).full_clean()` and
   `save()`, all inside one transaction; the 合计 row is compared with the Python sums.

Target (issue #3): ≤ 2 s for the whole import of a 500-row table.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_database import drop_database, ensure_database, figure, progress, server_versions, setup_django

from core.actors import SYSTEM  # the project's path is set by bench_database

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jingxin_bench_targets"
YEAR = 2026
CITY_CODE, CITY_NAME = "339900", "测试市"
TITLE = f"{YEAR}年度{CITY_NAME}工业投资和技术改造目标任务分解表"

# (group, header as written, unit of measure, how the values are drawn)
INDICATORS = [
    ("投资", "工业投资目标（亿元）", "亿元", "amount"),
    ("投资", "技术改造投资（亿元）", "亿元", "amount"),
    ("投资", "700项重点技改项目投资目标（亿元）", "亿元", "amount"),
    ("投资", "民间投资（亿元）", "亿元", "amount"),
    ("项目与设备", "高质量工业投资项目（个）", "个", "count"),
    ("项目与设备", "智能化技术改造项目（项）", "项", "count"),
    ("项目与设备", "新增工业机器人（台）", "台", "count"),
    ("增速与占比", "技术改造投资增速（%）", "%", "rate"),
    ("增速与占比", "民间项目投资增速（%）", "%", "rate"),
    ("增速与占比", "数字经济核心产业投资占比（%）", "%", "rate"),
]
FIRST_BODY_ROW = 3  # title row, two header rows


def unit_name(i: int) -> str:
    return f"测试县{i:04d}"


def seed_regions(units: int) -> Any:
    """The synthetic city and its county-level units (treebeard children, codes in order)."""
    from django.db import transaction

    from regions.models import Region

    province = Region.objects.get(code="330000")
    with transaction.atomic():
        city = Region.objects.add_child(province, {"code": CITY_CODE, "name": CITY_NAME, "kind": "city"})
        for i in range(1, units + 1):
            city = Region.objects.get(pk=city.pk)
            Region.objects.add_child(city, {"code": f"{CITY_CODE}-{i:04d}", "name": unit_name(i), "kind": "county"})
            if i % 100 == 0:
                progress(f"  {i} units created")
    return Region.objects.get(pk=city.pk)


def table_values(units: int) -> tuple[list[list[Decimal]], list[Decimal]]:
    """Each unit's values (exact decimals) and the 合计 row: sums for amounts and counts, the common rate for rates."""
    rng = random.Random(2026)
    rows = []
    for _i in range(units):
        row = []
        for _group, _header, _unit, how in INDICATORS:
            if how == "amount":
                row.append(Decimal(rng.randint(10, 2000)) / 10)
            elif how == "count":
                row.append(Decimal(rng.randint(1, 400)))
            else:
                row.append(Decimal(rng.choice([8, 10, 12, 15])))
        rows.append(row)
    total = []
    for j, (_group, _header, _unit, how) in enumerate(INDICATORS):
        total.append(sum((r[j] for r in rows), Decimal(0)) if how != "rate" else Decimal(12))
    return rows, total


def write_xlsx(units: int) -> bytes:
    import xlsxwriter

    rows, total = table_values(units)
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    fmt = workbook.add_format({"text_wrap": True, "valign": "vcenter", "align": "center", "border": 1})
    ws = workbook.add_worksheet("分解表")
    width = len(INDICATORS) + 1
    ws.merge_range(0, 0, 0, width - 1, TITLE, fmt)
    ws.merge_range(1, 0, 2, 0, "单位", fmt)
    start = 1
    while start < width:
        group = INDICATORS[start - 1][0]
        end = start
        while end + 1 < width and INDICATORS[end][0] == group:
            end += 1
        ws.merge_range(1, start, 1, end, group, fmt)
        start = end + 1
    for j, (_group, header, _unit, _how) in enumerate(INDICATORS, start=1):
        ws.write_string(2, j, header, fmt)
    for i, values in enumerate(rows):
        r = FIRST_BODY_ROW + i
        ws.write_string(r, 0, unit_name(i + 1), fmt)
        for j, value in enumerate(values, start=1):
            ws.write_number(r, j, float(value), fmt)
    r = FIRST_BODY_ROW + units
    ws.write_string(r, 0, "合计", fmt)
    for j, value in enumerate(total, start=1):
        ws.write_number(r, j, float(value), fmt)
    workbook.close()
    return out.getvalue()


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def plan_data(run: str, city: Any) -> dict[str, Any]:
    return {
        "title": f"{TITLE}（{run}）",
        "document_number": f"测经信投资〔{YEAR}〕{run}号",
        "issuer": "测试市经济和信息化局",
        "year_start": YEAR,
        "year_end": YEAR,
        "scope_region": city,
    }


def jingxin_import(data: bytes, run: int, city: Any, units: int) -> dict[str, float]:
    """Read + recognise + preview data, then the atomic write; returns the seconds of each phase."""
    from django.db import connection

    from targets.importing import as_result, preview_tables
    from targets.importing.readers import read_tables
    from targets.models import Target
    from targets.services import plan_import

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        t0 = time.perf_counter()
        sources, _file_findings = read_tables(data, "分解表.xlsx")
        t1 = time.perf_counter()
        preview = preview_tables(sources)
        t2 = time.perf_counter()
        result = as_result(preview)
        t3 = time.perf_counter()
        assert preview.ok, [f.message for f in preview.errors][:5]
        table = preview.tables[0]
        assert len(table.units) == units and len(table.lines) == len(INDICATORS), (len(table.units), len(table.lines))
        assert all(line.check.consistent is not False for line in table.lines)
        assert result["errors"] == 0
        plan = plan_import(
            data=plan_data(f"J{run}", city),
            tables=preview.tables,
            actor=SYSTEM,
            source="分解表.xlsx",
            reason="基准测试",
        )
        t4 = time.perf_counter()
    written = Target.objects.filter(indicator__plan=plan).count()
    assert written == (units + 1) * len(INDICATORS), written
    times = {"read": t1 - t0, "recognise": t2 - t1, "preview": t3 - t2, "write": t4 - t3, "total": t4 - t0}
    progress(
        f"  jingxin run {run}: read {times['read'] * 1000:.0f} ms, recognise {times['recognise'] * 1000:.0f} ms, "
        f"preview data {times['preview'] * 1000:.0f} ms, plan_import {times['write'] * 1000:.0f} ms, "
        f"total {times['total'] * 1000:.0f} ms, {counter.count} queries, {written} targets, "
        f"{len(table.warnings)} warnings"
    )
    times["queries"] = counter.count
    return times


def naive_import(data: bytes, run: int, units: int) -> dict[str, float]:
    """The same import written the first way that comes to mind: openpyxl, then the ORM cell by cell."""
    from django.db import connection, transaction
    from openpyxl import load_workbook

    from regions.models import Region
    from targets.choices import IndicatorKind
    from targets.measures import to_storage
    from targets.models import Indicator, Plan, Target

    kinds = {"amount": IndicatorKind.FLOW_AMOUNT, "count": IndicatorKind.FLOW_COUNT, "rate": IndicatorKind.GROWTH_RATE}
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        t0 = time.perf_counter()
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        grid = [list(row) for row in workbook.active.iter_rows(values_only=True)]
        workbook.close()
        t1 = time.perf_counter()
        mismatches = 0
        with transaction.atomic():
            plan = Plan(**plan_data(f"N{run}", Region.objects.get(name=CITY_NAME)))
            plan.full_clean()
            plan.save()
            indicators = []
            for j, (_group, header, unit, how) in enumerate(INDICATORS, start=1):
                indicator = Indicator(
                    plan=plan, name=header.split("（")[0], unit=unit, kind=kinds[how], order=j, series=f"n{j}"
                )
                indicator.full_clean()
                indicator.save()
                indicators.append(indicator)
            sums = [Decimal(0)] * len(INDICATORS)
            for r, row in enumerate(grid[FIRST_BODY_ROW:], start=FIRST_BODY_ROW + 1):
                name = str(row[0]).strip()
                region = Region.objects.get(name=CITY_NAME if name == "合计" else name)
                for j, indicator in enumerate(indicators):
                    value = Decimal(str(row[j + 1]))
                    if name == "合计":
                        if INDICATORS[j][3] != "rate" and value != sums[j]:
                            mismatches += 1
                    else:
                        sums[j] += value
                    target = Target(
                        indicator=indicator,
                        region=region,
                        period_kind="year",
                        year_start=YEAR,
                        year_end=YEAR,
                        status="number",
                        comparator="eq",
                        value=to_storage(value, indicator.unit),
                        raw_text=str(row[j + 1]),
                        source=f"分解表 {chr(ord('B') + j)}{r}",
                    )
                    target.full_clean()
                    target.save()
        t2 = time.perf_counter()
    written = Target.objects.filter(indicator__plan=plan).count()
    assert written == (units + 1) * len(INDICATORS), written
    assert mismatches == 0
    times = {"read": t1 - t0, "write": t2 - t1, "total": t2 - t0, "queries": counter.count}
    progress(
        f"  naive run {run}: openpyxl read {times['read'] * 1000:.0f} ms, per-cell ORM {times['write'] * 1000:.0f} ms, "
        f"total {times['total'] * 1000:.0f} ms, {counter.count} queries, {written} targets"
    )
    return times


def median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--naive-runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    args = parser.parse_args()

    url = os.environ.get("TARGETS_DATABASE_URL", DEFAULT_URL)
    progress(f"database {url} (dropped and created afresh)")
    drop_database(url)
    ensure_database(url)
    try:
        setup_django(url)
        progress(f"seeding {CITY_NAME} with {args.units} county-level units")
        city = seed_regions(args.units)
        data = write_xlsx(args.units)
        progress(f"workbook: {args.units} unit rows × {len(INDICATORS)} indicators + 合计, {len(data):,} bytes")

        progress(f"jingxin: read + recognise + preview + plan_import, {args.runs} runs")
        jingxin = [jingxin_import(data, run, city, args.units) for run in range(1, args.runs + 1)]
        progress(f"naive: openpyxl + per-cell Region.objects.get / full_clean / save, {args.naive_runs} runs")
        naive = [naive_import(data, run, args.units) for run in range(1, args.naive_runs + 1)]

        cells = (args.units + 1) * len(INDICATORS)
        progress("results (median)")
        progress(f"  {server_versions()}, load average {os.getloadavg()}")
        progress(
            f"  jingxin: total {median(jingxin, 'total') * 1000:.0f} ms (min {min(r['total'] for r in jingxin) * 1000:.0f}"
            f" ms) = read {median(jingxin, 'read') * 1000:.0f} + recognise {median(jingxin, 'recognise') * 1000:.0f}"
            f" + preview data {median(jingxin, 'preview') * 1000:.0f} + plan_import {median(jingxin, 'write') * 1000:.0f}"
            f" ms; {median(jingxin, 'queries'):.0f} queries for {cells} targets"
        )
        progress(
            f"  naive:   total {median(naive, 'total') * 1000:.0f} ms (min {min(r['total'] for r in naive) * 1000:.0f}"
            f" ms) = openpyxl read {median(naive, 'read') * 1000:.0f} + per-cell ORM {median(naive, 'write') * 1000:.0f}"
            f" ms; {median(naive, 'queries'):.0f} queries"
        )
        progress(f"  naive / jingxin: {median(naive, 'total') / median(jingxin, 'total'):.1f}×")
        figure("decomposition table import (read, recognise, preview, write)", args.units, median(jingxin, "total"),
               naive_s=median(naive, "total"), queries=round(median(jingxin, "queries")), targets=cells)  # fmt: skip
        verdict = "met" if median(jingxin, "total") <= 2 else "NOT met"
        progress(f"  target ≤ 2 s for the whole import: {verdict}")
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database(url)
            progress("dropped the benchmark database")


if __name__ == "__main__":
    main()
