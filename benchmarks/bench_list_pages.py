"""Benchmark: the enterprise and project list and detail pages at 100,000 rows against the stock Django admin.

    .venv/bin/python benchmarks/bench_list_pages.py [--runs 40] [--rows 100000] [--only enterprises,projects,...]

Issue 16's target for every list page at 100,000 rows: ≤ 50 ms server time median and ≤ 100 ms p95 on
PostgreSQL, a constant query count, and ≥ 3× faster than the Django admin changelist of the same model on the
same data, in the same run. The database of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
jingxin_bench_lists) is created, migrated and seeded once (`--rows` enterprises and as many projects) and kept.

Variants, each a page of 50 rows through Django's test Client (the whole request: middleware, context processors,
templates):

- jingxin: the page as shipped, for a city staff user (the navigation, the filter form, the table);
- admin: a stock `ModelAdmin` changelist mounted on its own `AdminSite` for this run, with the page's columns as
  `list_display`, `list_select_related` for the same joins, the same default order and 50 rows a page, for a
  superuser (what Django gives for free: it counts the table on every page);
- naive: the site's page with Django's default Paginator (COUNT(*) every page) and no joins (N+1).

Each variant is measured at page 1 and at a deep page; the query count must be the same at both (constant).

Detail pages (issue 16: "every list and detail page"): one enterprise with every panel of its page (the enterprise
of the largest project, so the projects panel has rows) and one project, for the same city staff user, against the
admin's page of the same object as a user who may view but not change it (`has_change_permission` False: the
admin's read-only page, its counterpart of a detail page; the editable form would draw a select of every region).
Figures: wall median, p95, CPU median (Django's own, insensitive to other load), queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_database import (
    database_url,
    ensure_database,
    figure,
    progress,
    seed_enterprises,
    server_versions,
    setup_django,
)

urlpatterns: list[Any] = []  # filled in main(): the project's URLs, the admin site and the naive views

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jingxin_bench_lists"


def build_urls() -> None:
    from django.contrib import admin
    from django.core.paginator import Paginator
    from django.urls import path

    import config.urls
    from core.views import ObjectListView
    from enterprises.models import Enterprise
    from enterprises.views import EnterpriseViews
    from projects.models import Project
    from projects.views.projects import ProjectListView

    site = admin.AdminSite(name="bench_admin")

    class EnterpriseAdmin(admin.ModelAdmin):
        list_display = ("uscc", "name", "region", "industry", "size_class", "land_mu", "employees", "listed")
        list_select_related = ("region", "industry")
        list_per_page = 50
        ordering = ("name",)
        search_fields = ("name", "uscc")
        list_filter = ("size_class",)

    class ProjectAdmin(admin.ModelAdmin):
        list_display = (
            "name",
            "code",
            "enterprise",
            "region",
            "project_type",
            "total_investment",
            "stage",
            "stars",
            "flags",
        )
        list_select_related = ("region", "enterprise")
        list_per_page = 50
        ordering = ("-total_investment", "-pk")
        list_filter = ("stage",)

    site.register(Enterprise, EnterpriseAdmin)
    site.register(Project, ProjectAdmin)

    class ReadOnly(admin.ModelAdmin):  # the admin's page of one object, read-only: its detail page
        def has_change_permission(self, request: Any, obj: Any = None) -> bool:
            return False

        def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
            return False

    view_site = admin.AdminSite(name="bench_admin_view")
    view_site.register(Enterprise, ReadOnly)
    view_site.register(Project, ReadOnly)

    class NaiveEnterpriseListView(ObjectListView):
        related = ()
        paginator_class = Paginator
        table_pagination = {"per_page": 50, "paginator_class": Paginator}

    class NaiveProjectListView(ProjectListView):
        related = ()
        paginator_class = Paginator
        table_pagination = {"per_page": 50, "paginator_class": Paginator}

    urlpatterns[:] = [
        path("bench/admin/", site.urls),
        path("bench/admin-view/", view_site.urls),
        path("bench/naive/enterprises/", EnterpriseViews.view(NaiveEnterpriseListView)),
        path("bench/naive/projects/", NaiveProjectListView.as_view()),
        *config.urls.urlpatterns,
    ]


def users() -> tuple[Any, Any]:
    from django.contrib.auth.models import Group

    from accounts.choices import Role
    from accounts.models import User
    from regions.models import Region

    city = Region.objects.get(code="330400")
    staff, _ = User.objects.get_or_create(
        username="bench_city_staff", defaults={"role": Role.CITY_STAFF, "region": city}
    )
    staff.groups.set([Group.objects.get(name=Role.CITY_STAFF)])
    superuser, _ = User.objects.get_or_create(
        username="bench_superuser",
        defaults={"role": Role.CITY_ADMIN, "region": city, "is_staff": True, "is_superuser": True},
    )
    return staff, superuser


def measure(client: Any, url: str, runs: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm up: templates, connection, PostgreSQL caches
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return {
        "median_ms": statistics.median(times),
        "p95_ms": sorted(times)[round(0.95 * (len(times) - 1))],
        "cpu_ms": statistics.median(cpu),
        "queries": len(ctx.captured_queries),
        "rows": response.content.count(b"<tr") - 1,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", default="enterprises,projects,enterprise,project", help="pages to measure")
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    url = database_url()
    ensure_database(url)
    setup_django(url)
    from bench_projects_list import seed_projects

    from projects.models import Project

    if Project.objects.count() != args.rows:
        # A re-seed: the projects go first (they protect their enterprises); seed_projects adds enterprises of its
        # own to a small registry, so the enterprise count of a kept database is not `rows` at SCALE=tiny.
        Project.objects.all().delete()
        seed_enterprises(args.rows)
    seed_projects(args.rows)
    build_urls()

    from django.test import Client, override_settings

    staff, superuser = users()
    deep = max(2, min(200, args.rows // 100))
    from projects.models import Project

    project = Project.objects.order_by("-total_investment", "-pk").first()
    assert project is not None
    pages = {
        "enterprises": {
            "jingxin": (staff, "/enterprises/?sort=name&page={page}"),
            "admin": (superuser, "/bench/admin/enterprises/enterprise/?p={admin_page}"),
            "naive": (staff, "/bench/naive/enterprises/?sort=name&page={page}"),
        },
        "projects": {
            # the default order pages by keyset (core/keyset.py): page N is the page after the last row of page
            # N - 1, as the page's "next" link gives it; "offset" is the same page asked by number (?page=N)
            "jingxin": (staff, "/projects/{after}"),
            "offset": (staff, "/projects/?page={page}"),
            "admin": (superuser, "/bench/admin/projects/project/?p={admin_page}"),
            "naive": (staff, "/bench/naive/projects/?page={page}"),
        },
        "enterprise": {  # detail pages: one object, "page" 1 only
            "jingxin": (staff, f"/enterprises/{project.enterprise_id}/"),
            "admin": (superuser, f"/bench/admin-view/enterprises/enterprise/{project.enterprise_id}/change/"),
        },
        "project": {
            "jingxin": (staff, f"/projects/{project.pk}/"),
            "admin": (superuser, f"/bench/admin-view/projects/project/{project.pk}/change/"),
        },
    }
    pages = {name: variants for name, variants in pages.items() if name in args.only.split(",")}

    def after(page: int) -> str:
        """The keyset address of a page of the project list: after the last row of the page before."""
        from core.keyset import encode_cursor
        from projects.views.projects import ProjectListView

        if page == 1:
            return ""
        last = Project.objects.order_by(*ProjectListView.keyset)[(page - 1) * 50 - 1]
        return f"?after={encode_cursor(last, ProjectListView.keyset)}"

    lists = [name for name in pages if name.endswith("s")]
    results: dict[tuple[str, str, int], dict[str, Any]] = {}
    with override_settings(ROOT_URLCONF=__name__):
        for model, variants in pages.items():
            for variant, (user, template) in variants.items():
                client = Client()
                client.force_login(user)
                for page in (1, deep) if model in lists else (1,):
                    progress(f"{model} — {variant} — page {page}: {args.runs} runs")
                    target = template.format(page=page, admin_page=page, after=after(page))  # all count from 1
                    results[(model, variant, page)] = measure(client, target, args.runs)

    print()
    load = os.getloadavg()
    print(
        f"PostgreSQL {server_versions()['postgresql']}, {args.rows:,} enterprises and {args.rows:,} projects, "
        f"{args.runs} runs each, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs"
    )
    print(f"{'page':12} {'variant':8} {'page#':>6} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>7} {'queries':>8}")
    for (model, variant, page), r in results.items():
        print(
            f"{model:12} {variant:8} {page:6d} {r['median_ms']:10.1f} {r['p95_ms']:8.1f} {r['cpu_ms']:7.1f} "
            f"{r['queries']:8d}"
        )
    print()
    for model in pages:
        for page in (1, deep) if model in lists else (1,):
            ours, theirs = results[(model, "jingxin", page)], results[(model, "admin", page)]
            print(
                f"{model} page {page}: admin / jingxin = {theirs['median_ms'] / ours['median_ms']:.1f}× wall, "
                f"{theirs['cpu_ms'] / ours['cpu_ms']:.1f}× CPU"
            )
            naive = results.get((model, "naive", page))
            figure(f"{model} list · page {page}" if model in lists else f"{model} detail", args.rows,
                   ours["median_ms"] / 1000, cpu_s=ours["cpu_ms"] / 1000,
                   naive_s=naive["median_ms"] / 1000 if naive else None, admin_s=theirs["median_ms"] / 1000,
                   admin_cpu_s=theirs["cpu_ms"] / 1000, p95_s=ours["p95_ms"] / 1000,
                   queries=ours["queries"])  # fmt: skip
        if model not in lists:
            continue
        constant = results[(model, "jingxin", 1)]["queries"] == results[(model, "jingxin", deep)]["queries"]
        print(f"{model}: query count constant across pages: {'yes' if constant else 'NO'}")


if __name__ == "__main__":
    main()
