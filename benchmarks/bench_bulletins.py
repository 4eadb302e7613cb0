"""Benchmark: a city's monthly bulletin (9 units × 40 indicators, 2,000 projects) in Word, Excel and PDF.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jingxin_bench_bulletins .venv/bin/python benchmarks/bench_bulletins.py [--runs 5] [--drop]

Seeds a 2019 plan of 嘉兴市 with 40 indicators (flows, counts, stocks, growth rates, shares) and
targets for the 9 county-level units and the city, accepted reports of 1—8月 and 1—9月, and
publishes 1—9月 through `reporting.services.month_publish`. The project section: when
`projects.selectors.project_bulletin_figures` exists it is measured as part of the selector;
otherwise synthetic figures of 2,000 projects (9 units, 300 overdue nodes, 200 open problems) are
put into the data, so the renderers draw a full-size project section either way. Measured, in
the same run (median of `--runs`):

- jingxin: `selectors.bulletin_data` (monitoring over the publication snapshot + commentary), the
  two charts (Pillow), Word (docxtpl from the template), Excel (xlsxwriter with native charts), PDF
  (WeasyPrint with the bundled subset font); and the whole `services.bulletin_generate`;
- naive: the same tables written cell by cell with python-docx (`table.cell(r, c).text = …`) and
  openpyxl, the way a first version would build them.

Targets (docs/benchmarks.md): Word + Excel ≤ 3 s, PDF ≤ 10 s.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_database import (
    database_url,
    drop_database,
    ensure_database,
    figure,
    progress,
    seed_enterprises,
    server_versions,
    setup_django,
)

KINDS = ["flow_amount"] * 28 + ["flow_count"] * 4 + ["stock"] * 2 + ["growth_rate"] * 3 + ["share"] * 3
YEAR, MONTH = 2019, 9
UNITS = ["330402", "330411", "330421", "330424", "330481", "330482", "330483", "330400-ETDZ", "330400-PORT"]


def seed(indicators: int) -> tuple[Any, Any, Any]:
    import datetime as dt

    from django.db import transaction

    from accounts.choices import Role
    from accounts.models import User
    from regions.models import Region
    from reporting.models import MonthlyReport, MonthPublication, ReportValue
    from reporting.services import month_publish
    from targets.models import Indicator, Plan, Target

    rng = random.Random(2026)
    city = Region.objects.get(code="330400")
    admin = User.objects.filter(username="bench_bulletins").first() or User.objects.create(
        username="bench_bulletins", role=Role.CITY_ADMIN, region=city, is_superuser=True
    )
    title = "基准通报计划2019"
    plan = Plan.objects.filter(title=title).first()
    if plan is not None and MonthPublication.objects.filter(region=city, year=YEAR, month=MONTH).exists():
        return plan, admin, MonthPublication.objects.get(region=city, year=YEAR, month=MONTH)
    units = [Region.objects.get(code=c) for c in UNITS]
    with transaction.atomic():
        plan = Plan.objects.create(title=title, year_start=YEAR, year_end=YEAR, scope_region=city)
        inds = Indicator.objects.bulk_create(
            Indicator(
                plan=plan,
                name=f"指标{j:02d}",
                unit="亿元"
                if KINDS[j % len(KINDS)] == "flow_amount"
                else ("%" if KINDS[j % len(KINDS)] in ("growth_rate", "share") else "个"),
                kind=KINDS[j % len(KINDS)],
                order=j,
                series=f"bench_bulletin_{j:02d}",
            )
            for j in range(indicators)
        )
        targets = []
        for region in [*units, city]:
            for ind in inds:
                base = Decimal(rng.randint(50, 500)) * (len(units) if region == city else 1)
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
        Target.objects.bulk_create(targets)
        values = []
        for region in units:
            for month in (MONTH - 1, MONTH):
                report = MonthlyReport.objects.create(
                    region=region, year=YEAR, month=month, status="accepted", deadline=dt.date(YEAR, month + 1, 5)
                )
                for ind in inds:
                    level = Decimal(rng.randint(100, 5000)) * 10000 * month / 12
                    if ind.kind == "share":
                        values.append(ReportValue(report=report, indicator=ind, numerator=level / 5, denominator=level))
                    else:
                        values.append(
                            ReportValue(report=report, indicator=ind, value=level, base_value=level * Decimal("0.9"))
                        )
        ReportValue.objects.bulk_create(values)
    publication = month_publish(region=city, year=YEAR, month=MONTH, actor=admin, incomplete_reason="benchmark")
    return plan, admin, publication


def seed_projects(count: int) -> int:
    """About `count` projects over the 9 units through the projects app's own demo loader (its nodes,
    year plans, problems), with enough enterprises to carry them. Returns the number of projects."""
    from enterprises.models import Enterprise

    try:
        from projects import demo as projects_demo
        from projects.models import Project
    except ImportError:
        return 0
    if Project.objects.count() >= count:
        return Project.objects.count()
    if Enterprise.objects.count() < 3000:
        seed_enterprises(3000)
    projects_demo.PER_UNIT = -(-count // len(UNITS))  # the loader's per-unit count (a module constant)
    projects_demo.load_demo(progress=progress)
    return Project.objects.count()


def synthetic_projects(data: dict[str, Any], projects: int = 2000) -> dict[str, Any]:
    """Project figures of `projects` projects spread over the units (used while the projects app has none)."""
    rng = random.Random(7)
    stages = [("signed", "已签约"), ("approved", "已立项"), ("started", "已开工"), ("producing", "已投产")]
    units = []
    per_unit = projects // len(data["rows"])
    for row in data["rows"]:
        counts = {code: per_unit // 4 for code, _label in stages}
        units.append(
            {
                "region": row["region"],
                "signed": per_unit,
                "started": per_unit // 2,
                "producing": per_unit // 4,
                "start_rate": "50.0",
                "production_rate": "25.0",
                "stage_counts": counts,
                "average_stars": "3.4",
                "five_star_share": "12.0",
                "investment_ytd": f"{rng.randint(50, 300)}.00",
            }
        )
    total = {**units[0], "region": data["region"], "signed": projects}
    return {
        "stages": [{"code": c, "label": label} for c, label in stages],
        "units": units,
        "total": total,
        "overdue_nodes": [
            {
                "project": i,
                "project_name": f"基准项目{i:04d}",
                "region": data["rows"][i % 9]["region"]["name"],
                "node": "竣工投产",
                "planned": "2019-08-31",
                "days_overdue": rng.randint(1, 90),
            }
            for i in range(300)
        ],
        "open_problems": [
            {
                "problem": i,
                "project": i,
                "project_name": f"基准项目{i:04d}",
                "region": data["rows"][i % 9]["region"]["name"],
                "kind": "用地",
                "text": "用地指标尚未落实，影响项目开工",
                "department": "市自然资源和规划局",
                "deadline": "2019-10-31",
                "overdue": False,
            }
            for i in range(200)
        ],
    }


def timed(runs: int, func: Callable[[], Any]) -> tuple[float, float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), result


def naive_docx(data: dict[str, Any]) -> bytes:
    """A first version: python-docx, one table of every unit × indicator, cell by cell."""
    from docx import Document

    document = Document()
    document.add_heading(data["period"], 0)
    for text in data["commentary"]:
        document.add_paragraph(text)
    columns = data["columns"]
    table = document.add_table(rows=len(data["rows"]) + 1, cols=1 + len(columns) * 3)
    for i, column in enumerate(columns):
        table.cell(0, 1 + i * 3).text = column["name"]
    for r, row in enumerate(data["rows"], start=1):
        table.cell(r, 0).text = row["region"]["name"]
        for i, cell in enumerate(row["cells"]):
            cell = cell or {}
            for j, key in enumerate(("value", "completion", "deviation")):
                table.cell(r, 1 + i * 3 + j).text = str(cell.get(key) or "")
    projects = data.get("projects") or {}
    for item in projects.get("overdue_nodes", []):
        document.add_paragraph(f"{item['region']} {item['project_name']} {item['node']}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def naive_xlsx(data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    book = Workbook()
    ws = book.active
    fills = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}
    for r, row in enumerate(data["rows"], start=2):
        ws.cell(r, 1, row["region"]["name"])
        for i, cell in enumerate(row["cells"]):
            cell = cell or {}
            for j, key in enumerate(("value", "completion", "deviation", "growth", "rank")):
                target = ws.cell(r, 2 + i * 5 + j, float(cell[key]) if cell.get(key) not in (None, "") else None)
                if key == "deviation" and cell.get("colour"):
                    target.fill = PatternFill("solid", fgColor=fills[cell["colour"]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--drop", action="store_true", help="drop the database first")
    args = parser.parse_args()
    url = (
        database_url()
        if "DATABASE_URL" in __import__("os").environ
        else "postgres://postgres@127.0.0.1:5432/jingxin_bench_bulletins"
    )
    if url.startswith("postgres"):
        if args.drop:
            drop_database(url)
        ensure_database(url)
    setup_django(url)
    import logging

    logging.disable(logging.INFO)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bulletins import charts, excel, pdf, word
    from bulletins.selectors import bulletin_data
    from bulletins.services import bulletin_generate

    progress("seeding 9 units × %d indicators, publishing 1—9月" % args.indicators)
    plan, admin, publication = seed(args.indicators)
    progress("seeding 2,000 projects")
    projects = seed_projects(2000)
    progress(f"{projects} projects; measuring")
    with CaptureQueriesContext(connection) as queries:
        bulletin_data(plan=plan, year=YEAR, month=MONTH, publication=publication, user=admin)
    selector_queries = len(queries)
    m_sel, min_sel, data = timed(
        args.runs, lambda: bulletin_data(plan=plan, year=YEAR, month=MONTH, publication=publication, user=admin)
    )
    project_source = f"projects.selectors.project_bulletin_figures over {projects} projects"
    if data.get("projects") is None:
        data["projects"] = synthetic_projects(data)
        project_source = "synthetic (projects app not yet providing figures)"
    data["issued_on"] = "2019年10月12日"
    progress(f"selector {m_sel:.0f} ms; charts")
    m_charts, _min, images = timed(args.runs, lambda: charts.charts(data))
    m_docx, min_docx, docx = timed(args.runs, lambda: word.bulletin_docx(data, images=images))
    m_xlsx, min_xlsx, xlsx = timed(args.runs, lambda: excel.bulletin_xlsx(data))
    progress(f"charts {m_charts:.0f} ms, Word {m_docx:.0f} ms, Excel {m_xlsx:.0f} ms; PDF")
    m_pdf, min_pdf, pdf_bytes = timed(args.runs, lambda: pdf.bulletin_pdf(data, images=images))
    progress(f"PDF {m_pdf:.0f} ms; whole generation")
    m_gen, min_gen, _version = timed(
        max(1, args.runs // 2),
        lambda: bulletin_generate(plan=plan, year=YEAR, month=MONTH, actor=admin, reason="benchmark"),
    )
    progress("naive")
    m_ndocx, _min, _ = timed(1, lambda: naive_docx(data))  # one run: about a minute
    m_nxlsx, _min, _ = timed(args.runs, lambda: naive_xlsx(data))
    versions = server_versions() if url.startswith("postgres") else {"database": "SQLite"}
    print()
    nodes, problems = len(data["projects"]["overdue_nodes"]), len(data["projects"]["open_problems"])
    print(f"database: {versions}; project figures: {project_source}; {nodes} overdue nodes, {problems} open problems")
    print(f"| variant (9 units × {args.indicators} indicators, 2,000 projects) | median of {args.runs} | min |")
    print("|---|---|---|")
    print(f"| selector `bulletin_data` ({selector_queries} queries) | {m_sel:.0f} ms | {min_sel:.0f} ms |")
    print(f"| charts (2 PNG, Pillow) | {m_charts:.0f} ms | |")
    print(f"| Word (docxtpl), {len(docx) // 1024} KB | {m_docx:.0f} ms | {min_docx:.0f} ms |")
    print(f"| Excel (xlsxwriter, native charts), {len(xlsx) // 1024} KB | {m_xlsx:.0f} ms | {min_xlsx:.0f} ms |")
    print(f"| **Word + Excel incl. selector and charts** | **{m_sel + m_charts + m_docx + m_xlsx:.0f} ms** | |")
    print(f"| PDF (WeasyPrint, subset font), {len(pdf_bytes) // 1024} KB | **{m_pdf:.0f} ms** | {min_pdf:.0f} ms |")
    print(f"| whole `bulletin_generate` (data, 3 files, save) | {m_gen:.0f} ms | {min_gen:.0f} ms |")
    print(f"| naive Word: python-docx cell by cell (1 run) | {m_ndocx:.0f} ms | |")
    print(f"| naive Excel: openpyxl cell by cell | {m_nxlsx:.0f} ms | |")
    cells = 10 * args.indicators  # 9 units and the city
    # naive_s: the two cell-by-cell writers alone (no selector, no charts), so the ratio understates the gain
    figure("Word + Excel incl. selector and charts", cells, (m_sel + m_charts + m_docx + m_xlsx) / 1000,
           naive_s=(m_ndocx + m_nxlsx) / 1000, queries=selector_queries)  # fmt: skip
    figure("PDF (WeasyPrint)", cells, m_pdf / 1000)
    figure("whole bulletin_generate", cells, m_gen / 1000)


if __name__ == "__main__":
    main()
