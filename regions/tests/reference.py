"""The slow reference for loading a region CSV: treebeard's own inserts and moves, one region at a time.

What regions_load_csv did before it computed the whole tree's paths at once; the tests check the bulk
load gives the same tree, and benchmarks/bench_scale_loads.py measures both (this one is quadratic).
"""

from __future__ import annotations

from typing import Any

from core.history import stamp
from regions.models import Region
from regions.services import RegionLoadPlan, RegionRow, regions_plan_csv


def order_parents_first(rows: list[RegionRow]) -> list[RegionRow]:
    codes = {r.code for r in rows}
    done: set[str] = set()
    ordered: list[RegionRow] = []
    pending = list(rows)
    while pending:
        progressed = False
        for row in list(pending):
            if not row.parent_code or row.parent_code not in codes or row.parent_code in done:
                ordered.append(row)
                done.add(row.code)
                pending.remove(row)
                progressed = True
        if not progressed:
            raise ValueError("cycle in region parents")
    return ordered


def load_one_by_one(*, data: bytes | str, actor: Any, reason: str = "导入地区 CSV") -> RegionLoadPlan:
    plan = regions_plan_csv(data)
    if not plan.ok:
        return plan
    for row in order_parents_first(plan.rows):
        region = Region.objects.filter(code=row.code).first()
        parent = Region.objects.filter(code=row.parent_code).first() if row.parent_code else None
        if region is None:
            region = Region(code=row.code, name=row.name, kind=row.kind, aliases=row.aliases)
            stamp(region, actor=actor, reason=reason)
            if parent is None:
                Region.objects.add_root(instance=region)
            else:
                Region.objects.add_child(parent, instance=region)
            continue
        if row.code not in plan.updates:
            continue
        current_parent = Region.objects.get_parent(region)
        if (current_parent.code if current_parent else "") != row.parent_code:
            if parent is None:
                Region.objects.move(region, Region.get_first_root_node(), "sorted-sibling")
            else:
                Region.objects.move(region, parent, "sorted-child")
            region.refresh_from_db()
        region.name, region.kind, region.aliases = row.name, row.kind, row.aliases
        region.full_clean(exclude=["path", "depth", "numchild"])
        stamp(region, actor=actor, reason=reason)
        region.save(update_fields=["name", "kind", "aliases", "updated_at"])
    return plan


def tree() -> list[tuple[Any, ...]]:
    """The tree in path order: code, name, kind, aliases, depth, number of children, parent code."""
    regions = list(Region.objects.order_by("path"))
    by_path = {r.path: r.code for r in regions}
    return [
        (r.code, r.name, r.kind, r.aliases, r.depth, r.numchild, by_path.get(r.path[: -Region.steplen], ""))
        for r in regions
    ]
