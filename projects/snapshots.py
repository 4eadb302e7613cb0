"""Month-end snapshots of the project library (domain.md §6: the state of any past month is reproducible).

`snapshot_take` writes, for a region and a month, one SnapshotRow per project as it stood at the
month's end, in ONE `INSERT … SELECT` computed by the database: a node counts as reached only
with an actual date on or before the month end, so stage, stars (the active StarGate rules) and
flags are those of that day, the same as projects/calculations.py derives them (a test checks the
two agree row by row); the year-to-date investment is the latest reviewed update of the year up
to the month. 100,000 projects take a few seconds (benchmarks/bench_projects_snapshot.py).

`month_rows` reads a past month: from the snapshot covering the region when there is one, or else
reconstructed from the nodes' actual dates and the reviewed updates with the pure functions.
A scheduled job takes the city's snapshot of the previous month on the 1st of every month.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import clock
from core.actors import SYSTEM, user_of
from core.history import stamp
from core.scope import access_object, ensure_in_scope
from core.services import require_perm
from regions.choices import COUNTY_LEVEL, RegionKind
from regions.models import Region
from regions.selectors import access_region

from . import calculations as calc
from .choices import NODE_ORDER, Stage
from .models import (
    MonthSnapshot,
    Project,
    ProjectNode,
    ProjectUpdate,
    ProjectYearPlan,
    SnapshotRow,
    StarGate,
)
from .updates import COUNTED, REPORTED

Progress = Callable[[str], None]

# The place of each node in the lifecycle (1 = 签约 … 9 = 达产); a snapshot row keeps the furthest reached.
NODE_RANK: dict[str, int] = {str(node): i for i, node in enumerate(NODE_ORDER, start=1)}
RANK_SIGNED, RANK_FILED, RANK_STARTED, RANK_COMPLETED, RANK_PRODUCING, RANK_FULL = (
    NODE_RANK["signed"],
    NODE_RANK["filed"],
    NODE_RANK["started"],
    NODE_RANK["completed"],
    NODE_RANK["producing"],
    NODE_RANK["full"],
)


def stage_of_rank(reached: int) -> str:
    """The stage of a project whose furthest reached node has place `reached` (as calc.stage_from_nodes)."""
    if reached >= RANK_FULL:
        return Stage.OPERATING
    if reached >= RANK_COMPLETED:
        return Stage.COMMISSIONED
    if reached >= RANK_STARTED:
        return Stage.CONSTRUCTION
    if reached >= RANK_FILED:
        return Stage.PREPARATION
    return Stage.SIGNING


def next_month_start(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1)


def aware_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# --- the one INSERT … SELECT ------------------------------------------------------------------------


def _sql_pieces(vendor: str) -> dict[str, str]:
    """The few expressions that PostgreSQL and SQLite spell differently (JSON building, date arithmetic)."""
    if vendor == "postgresql":
        return {
            # Built as text and parsed once (DateStyle ISO is set for the statement): a third cheaper than
            # jsonb_object_agg over 900,000 nodes; the codes are the Node choices' (no quoting needed).
            "nodes": "CAST('{' || string_agg('\"' || n.node || '\":[' || COALESCE('\"' || n.planned_date || '\"', 'null') "
            "|| ',' || CASE WHEN n.actual_date <= %(end)s THEN '\"' || n.actual_date || '\"' ELSE 'null' END || ']', "
            "',') || '}' AS jsonb)",
            "planned_year": "CAST(EXTRACT(YEAR FROM n.planned_date) AS integer)",
            "deadline": "n.planned_date + g.grace_days",
            "ids": "jsonb_agg({col} ORDER BY {col})",
            "json": "CAST({} AS jsonb)",
            "empty_list": "CAST('[]' AS jsonb)",
            "empty_obj": "CAST('{}' AS jsonb)",
            # The year-to-date investment of the latest counted update and whether the month was reported,
            # in one pass over the year's updates.
            "updates": """up AS (
    SELECT u.project_id,
        (array_agg(u.investment_ytd ORDER BY u.month DESC) FILTER (WHERE u.status IN ({counted})))[1]
            AS investment_ytd,
        MAX(CASE WHEN u.month = %(month)s AND u.status IN ({reported}) THEN 1 ELSE 0 END) AS reported
    FROM {update} u
    WHERE u.year = %(year)s AND u.month <= %(month)s {only}
    GROUP BY u.project_id
),
rep AS (SELECT project_id FROM up WHERE reported = 1),""",
        }
    if vendor == "sqlite":
        return {
            "nodes": "json_group_object(n.node, json_array(n.planned_date, "
            "CASE WHEN n.actual_date <= %(end)s THEN n.actual_date END))",
            "planned_year": "CAST(strftime('%%Y', n.planned_date) AS INTEGER)",
            "deadline": "date(n.planned_date, '+' || g.grace_days || ' days')",
            "ids": "json_group_array({col})",
            "json": "{}",
            "empty_list": "'[]'",
            "empty_obj": "'{}'",
            "updates": """up AS (
    SELECT project_id, investment_ytd FROM (
        SELECT u.project_id, u.investment_ytd,
            ROW_NUMBER() OVER (PARTITION BY u.project_id ORDER BY u.month DESC) AS rn
        FROM {update} u
        WHERE u.year = %(year)s AND u.month <= %(month)s AND u.status IN ({counted}) {only}
    ) latest WHERE rn = 1
),
rep AS (
    SELECT DISTINCT u.project_id FROM {update} u
    WHERE u.year = %(year)s AND u.month = %(month)s AND u.status IN ({reported})
),""",
        }
    raise NotImplementedError(f"month-end snapshots are written by SQL for PostgreSQL and SQLite, not {vendor}")


def _insert_sql(vendor: str, *, restrict: bool = True) -> str:
    """The statement that writes a snapshot's rows; identifiers come from the models' metadata only.

    With `restrict` the per-project aggregates only read the selected projects' rows (a county's
    snapshot); without it (every project is selected: the city's) they read whole tables, which is
    cheaper than probing the selection for each of them.
    """
    s = _sql_pieces(vendor)
    t = {
        "project": Project._meta.db_table,
        "node": ProjectNode._meta.db_table,
        "gate": StarGate._meta.db_table,
        "update": ProjectUpdate._meta.db_table,
        "plan": ProjectYearPlan._meta.db_table,
        "lists": Project.lists.through._meta.db_table,
        "cats": Project.categories.through._meta.db_table,
        "region": Region._meta.db_table,
        "row": SnapshotRow._meta.db_table,
    }
    rank = "CASE n.node " + " ".join(f"WHEN '{code}' THEN {r}" for code, r in NODE_RANK.items()) + " ELSE 0 END"
    flag_parts = [
        ("overdue_node", "COALESCE(nd.overdue, 0) = 1"),
        (
            "completed_not_producing",
            f"COALESCE(nd.completed_itself, 0) = 1 AND COALESCE(nd.reached, 0) < {RANK_PRODUCING}",
        ),
        (
            "producing_not_full",
            f"COALESCE(nd.reached, 0) = {RANK_PRODUCING} AND COALESCE(nd.full_planned_passed, 0) = 1",
        ),
        ("no_update", f"rep.project_id IS NULL AND COALESCE(nd.reached, 0) < {RANK_FULL}"),
    ]
    flags_text = (
        "'[' || RTRIM("
        + " || ".join(f"CASE WHEN {cond} THEN '\"{code}\",' ELSE '' END" for code, cond in flag_parts)
        + ", ',') || ']'"
    )
    stage = (
        f"CASE WHEN COALESCE(nd.reached, 0) >= {RANK_FULL} THEN '{Stage.OPERATING}' "
        f"WHEN COALESCE(nd.reached, 0) >= {RANK_COMPLETED} THEN '{Stage.COMMISSIONED}' "
        f"WHEN COALESCE(nd.reached, 0) >= {RANK_STARTED} THEN '{Stage.CONSTRUCTION}' "
        f"WHEN COALESCE(nd.reached, 0) >= {RANK_FILED} THEN '{Stage.PREPARATION}' "
        f"ELSE '{Stage.SIGNING}' END"
    )
    only = "AND {col} IN (SELECT id FROM sel)" if restrict else ""
    counted = ", ".join(f"'{status}'" for status in COUNTED)
    reported = ", ".join(f"'{status}'" for status in REPORTED)
    return f"""
WITH sel AS (
    SELECT p.id FROM {t["project"]} p
    WHERE p.active = %(true)s AND p.region_id IN (SELECT r.id FROM {t["region"]} r WHERE r.path LIKE %(path)s)
),
nd AS (
    SELECT n.project_id,
        MAX(CASE WHEN n.actual_date <= %(end)s THEN {rank} ELSE 0 END) AS reached,
        MAX(CASE WHEN n.node = 'completed' AND n.actual_date <= %(end)s THEN 1 ELSE 0 END) AS completed_itself,
        MAX(CASE WHEN n.planned_date < %(end)s AND (n.actual_date IS NULL OR n.actual_date > %(end)s)
            THEN 1 ELSE 0 END) AS overdue,
        MAX(CASE WHEN n.node = 'full' AND n.planned_date < %(end)s THEN 1 ELSE 0 END) AS full_planned_passed,
        MAX(CASE WHEN n.node = 'completed' THEN {s["planned_year"]} END) AS completion_planned_year,
        {s["nodes"]} AS nodes
    FROM {t["node"]} n WHERE TRUE {only.format(col="n.project_id")}
    GROUP BY n.project_id
),
st AS (
    SELECT n.project_id, COUNT(*) AS stars
    FROM {t["node"]} n JOIN {t["gate"]} g ON g.node = n.node AND g.active = %(true)s
    WHERE n.actual_date <= %(end)s {only.format(col="n.project_id")}
        AND (n.planned_date IS NULL OR n.actual_date <= {s["deadline"]})
    GROUP BY n.project_id
),
{s["updates"].format(counted=counted, reported=reported, only=only.format(col="u.project_id"), update=t["update"])}
ls AS (
    SELECT l.project_id, {s["ids"].format(col="l.projectlist_id")} AS ids FROM {t["lists"]} l
    WHERE TRUE {only.format(col="l.project_id")} GROUP BY l.project_id
),
cs AS (
    SELECT c.project_id, {s["ids"].format(col="c.projectcategory_id")} AS ids FROM {t["cats"]} c
    WHERE TRUE {only.format(col="c.project_id")} GROUP BY c.project_id
)
INSERT INTO {t["row"]} (snapshot_id, project_id, region_id, enterprise_id, name, code, project_type,
    total_investment, year_plan, investment_ytd, stage, stars, flags, list_ids, category_ids, nodes,
    reached, completion_planned_year)
SELECT %(snapshot)s, p.id, p.region_id, p.enterprise_id, p.name, p.code, p.project_type,
    p.total_investment, COALESCE(yp.planned_investment, 0), COALESCE(up.investment_ytd, 0),
    {stage}, COALESCE(st.stars, 0), {s["json"].format(flags_text)},
    COALESCE(ls.ids, {s["empty_list"]}), COALESCE(cs.ids, {s["empty_list"]}), COALESCE(nd.nodes, {s["empty_obj"]}),
    COALESCE(nd.reached, 0), nd.completion_planned_year
FROM {t["project"]} p
JOIN sel ON sel.id = p.id
LEFT JOIN nd ON nd.project_id = p.id
LEFT JOIN st ON st.project_id = p.id
LEFT JOIN up ON up.project_id = p.id
LEFT JOIN rep ON rep.project_id = p.id
LEFT JOIN ls ON ls.project_id = p.id
LEFT JOIN cs ON cs.project_id = p.id
LEFT JOIN {t["plan"]} yp ON yp.project_id = p.id AND yp.year = %(year)s
WHERE COALESCE(nd.reached, 0) >= {RANK_SIGNED} OR p.created_at < %(created_before)s
"""  # noqa: S608 - identifiers from model metadata and code constants; values are parameters


def write_rows(snapshot: MonthSnapshot) -> int:
    """Write the snapshot's rows with one INSERT … SELECT; returns how many projects it holds."""
    end = calc.month_end(snapshot.year, snapshot.month)
    params = {
        "true": True,
        "path": snapshot.region.path + "%",
        "end": end,
        "year": snapshot.year,
        "month": snapshot.month,
        "snapshot": snapshot.pk,
        "created_before": aware_midnight(next_month_start(snapshot.year, snapshot.month)),
    }
    # The city's snapshot selects every active project: the aggregates then need no selection probe.
    restrict = Project.objects.filter(active=True).exclude(region__path__startswith=snapshot.region.path).exists()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement sorts and hashes 100,000 projects' rows: let it do that in memory; compiling it
            # (JIT) costs more than it saves; the nodes' dates are written as ISO text.
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL DateStyle = 'ISO'")
        cursor.execute(_insert_sql(connection.vendor, restrict=restrict), params)
        written = int(cursor.rowcount)
    if written < 0:  # Python's sqlite3 reports no row count for a statement that starts with WITH
        written = SnapshotRow.objects.filter(snapshot=snapshot).count()
    return written


@transaction.atomic
def snapshot_take(
    *,
    region: Region,
    year: int,
    month: int,
    actor: Any,
    replace: bool = False,
    today: dt.date | None = None,
) -> MonthSnapshot:
    """Take (or, with `replace`, retake) the month-end snapshot of a region's projects.

    Only for a month that has ended. The scheduled job takes it as `core.actors.SYSTEM`. The snapshot row names
    who took it (its history too); the rows themselves are written once and never changed.
    """
    require_perm(actor, "projects.add_monthsnapshot")
    today = today or clock.today()
    if not 1 <= month <= 12:
        raise ValidationError({"month": _("月份应为 1–12")})
    if next_month_start(year, month) > today:
        raise ValidationError({"month": _("只能生成已结束月份的月末快照")})
    access_region(actor, region.pk)
    snapshot = MonthSnapshot.objects.select_for_update().filter(region=region, year=year, month=month).first()
    now = timezone.now()
    if snapshot is not None:
        if not replace:
            raise ValidationError(
                _("%(region)s %(year)s年%(month)s月的快照已存在") % {"region": region, "year": year, "month": month}
            )
        SnapshotRow.objects.filter(snapshot=snapshot).delete()
        snapshot.taken_at, snapshot.taken_by = now, user_of(actor)
        reason = _("重新生成月末快照")
    else:
        reason = _("生成月末快照")
        snapshot = MonthSnapshot(region=region, year=year, month=month, taken_at=now, taken_by=user_of(actor))
        snapshot.full_clean()
        stamp(snapshot, actor=actor, reason=reason)
        snapshot.save()
    snapshot.region = region
    snapshot.project_count = write_rows(snapshot)
    stamp(snapshot, actor=actor, reason=reason)
    snapshot.save(update_fields=["taken_at", "taken_by", "project_count", "updated_at"])
    ensure_in_scope(snapshot, actor)
    return snapshot


@transaction.atomic
def snapshot_delete(*, snapshot: MonthSnapshot, actor: Any) -> None:
    """Remove a snapshot (its rows go with it); the month is then read by reconstruction again."""
    require_perm(actor, "projects.delete_monthsnapshot")
    access_object(MonthSnapshot, actor, snapshot.pk)
    stamp(snapshot, actor=actor, reason=_("删除月末快照"))
    snapshot.delete()


def monthsnapshot_delete(*, monthsnapshot: MonthSnapshot, actor: Any) -> None:
    """The generic delete view's signature."""
    snapshot_delete(snapshot=monthsnapshot, actor=actor)


def city_region() -> Region | None:
    """The city (the bureau's own level): the scheduled snapshot covers all its units."""
    return Region.objects.filter(kind=RegionKind.CITY).order_by("path").first()


def snapshot_month_all(
    *, year: int, month: int, today: dt.date, progress: Progress | None = None
) -> MonthSnapshot | None:
    """The city's snapshot of a month and one per county-level unit (each unit browses its own), unless taken.

    The units' snapshots hold the same rows as the city's for their projects: a unit user sees the
    snapshots of their unit only (MonthSnapshot is scoped by its region). Returns the city's new
    snapshot, or None when it existed already.
    """
    city = city_region()
    if city is None:
        return None
    units = Region.objects.filter(path__startswith=city.path, kind__in=COUNTY_LEVEL).order_by("path")
    taken: MonthSnapshot | None = None
    for region in [city, *units]:
        if MonthSnapshot.objects.filter(region=region, year=year, month=month).exists():
            continue
        snapshot = snapshot_take(region=region, year=year, month=month, actor=SYSTEM, today=today)
        if region == city:
            taken = snapshot
        if progress:
            progress(
                _("%(region)s %(year)s年%(month)s月快照：%(n)s 个项目")
                % {"region": region, "year": year, "month": month, "n": snapshot.project_count}
            )
    return taken


def snapshot_previous_month(*, today: dt.date, progress: Progress | None = None) -> MonthSnapshot | None:
    """The scheduled job: the snapshots (city and units) of the month before `today`, unless taken already."""
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return snapshot_month_all(year=year, month=month, today=today, progress=progress)


# --- reconstruction with the pure functions ------------------------------------------------------------


def compute_rows(*, region: Region, year: int, month: int) -> list[SnapshotRow]:
    """The month-end rows of a region computed in Python from the current data (unsaved SnapshotRow objects).

    What `write_rows` writes, derived with projects/calculations.py instead of SQL: used to read a
    month that has no snapshot, and by the tests as the reference the SQL must agree with.
    """
    end = calc.month_end(year, month)
    created_before = aware_midnight(next_month_start(year, month))
    projects = list(
        Project.objects.filter(active=True, region__path__startswith=region.path)
        .order_by("pk")
        .values("pk", "region_id", "enterprise_id", "name", "code", "project_type", "total_investment", "created_at")
    )
    ids = [p["pk"] for p in projects]
    nodes: dict[int, list[tuple[str, dt.date | None, dt.date | None]]] = defaultdict(list)
    for pid, node, planned, actual in ProjectNode.objects.filter(project_id__in=ids).values_list(
        "project_id", "node", "planned_date", "actual_date"
    ):
        nodes[pid].append((node, planned, actual))
    rules = [calc.StarRule(g.name, g.node, g.grace_days) for g in StarGate.objects.filter(active=True)]
    plans = dict(
        ProjectYearPlan.objects.filter(project_id__in=ids, year=year).values_list("project_id", "planned_investment")
    )
    ytd: dict[int, Decimal] = {}
    for pid, value in (
        ProjectUpdate.objects.filter(project_id__in=ids, year=year, month__lte=month, status__in=COUNTED)
        .order_by("project_id", "month")
        .values_list("project_id", "investment_ytd")
    ):
        ytd[pid] = value  # ordered by month: the latest month wins
    reported = set(
        ProjectUpdate.objects.filter(project_id__in=ids, year=year, month=month, status__in=REPORTED).values_list(
            "project_id", flat=True
        )
    )
    lists: dict[int, list[int]] = defaultdict(list)
    for pid, lid in (
        Project.lists.through.objects.filter(project_id__in=ids)
        .order_by("projectlist_id")
        .values_list("project_id", "projectlist_id")
    ):
        lists[pid].append(lid)
    cats: dict[int, list[int]] = defaultdict(list)
    for pid, cid in (
        Project.categories.through.objects.filter(project_id__in=ids)
        .order_by("projectcategory_id")
        .values_list("project_id", "projectcategory_id")
    ):
        cats[pid].append(cid)
    rows = []
    for p in projects:
        nmap = calc.node_map(nodes.get(p["pk"], []))
        reached_codes = calc.reached_nodes(nmap, end)
        reached = max((NODE_RANK[c] for c in reached_codes), default=0)
        if reached < RANK_SIGNED and p["created_at"] >= created_before:
            continue  # not yet in the library at that month's end
        completion = nmap.get("completed")
        rows.append(
            SnapshotRow(
                project_id=p["pk"],
                region_id=p["region_id"],
                enterprise_id=p["enterprise_id"],
                name=p["name"],
                code=p["code"],
                project_type=p["project_type"],
                total_investment=p["total_investment"],
                year_plan=plans.get(p["pk"], Decimal(0)),
                investment_ytd=ytd.get(p["pk"], Decimal(0)),
                stage=str(calc.stage_from_nodes(nmap, end)),
                stars=calc.evaluate_stars(nmap, rules, end).stars,
                flags=calc.project_flags(nmap, end, updated_this_month=p["pk"] in reported),
                list_ids=lists.get(p["pk"], []),
                category_ids=cats.get(p["pk"], []),
                nodes={
                    code: [
                        d.planned.isoformat() if d.planned else None,
                        d.actual.isoformat() if d.actual and d.actual <= end else None,
                    ]
                    for code, d in nmap.items()
                },
                reached=reached,
                completion_planned_year=completion.planned.year if completion and completion.planned else None,
            )
        )
    return rows


def covering_snapshot(*, region: Region, year: int, month: int) -> MonthSnapshot | None:
    """The snapshot of the month taken for the region or for a region above it (the nearest one)."""
    ancestors = [region.path[:i] for i in range(Region.steplen, len(region.path) + 1, Region.steplen)]
    return (
        MonthSnapshot.objects.filter(year=year, month=month, region__path__in=ancestors)
        .select_related("region")
        .order_by("-region__depth")
        .first()
    )


def month_rows(*, region: Region, year: int, month: int) -> tuple[MonthSnapshot | None, list[SnapshotRow]]:
    """The region's projects as they stood at the end of the month: the snapshot's rows, or reconstructed."""
    snapshot = covering_snapshot(region=region, year=year, month=month)
    if snapshot is None:
        return None, compute_rows(region=region, year=year, month=month)
    rows = list(SnapshotRow.objects.filter(snapshot=snapshot, region__path__startswith=region.path).order_by("pk"))
    return snapshot, rows
