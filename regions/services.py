"""Loading the region tree from a CSV (code,name,kind,parent_code,aliases) and editing regions.

Loading again updates names, kinds, aliases and parents by code; it never duplicates. The
whole file is validated first; with any problem nothing is written (brief promise 5).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import bulk_create_audited, bulk_update_audited, bulk_update_values, stamp
from core.imports import Finding, formula_text_findings
from core.services import create_audited, delete_audited, require_perm

from .choices import RegionKind
from .models import Department, Region

CSV_COLUMNS = ["code", "name", "kind", "parent_code", "aliases"]


@dataclass
class RegionRow:
    line: int
    code: str
    name: str
    kind: str
    parent_code: str
    aliases: list[str]


@dataclass
class RegionLoadPlan:
    """What loading a file would do: rows to create or update, and every problem found."""

    rows: list[RegionRow] = field(default_factory=list)
    creates: list[str] = field(default_factory=list)
    updates: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, Any]:
        return {
            "creates": self.creates,
            "updates": self.updates,
            "unchanged": self.unchanged,
            "findings": [f.as_dict() for f in self.findings],
        }


def csv_text(data: bytes) -> str:
    """The text of an uploaded CSV: UTF-8 (with or without BOM), else GB18030 (a superset of GBK, what
    Excel on Chinese Windows saves). Decodes the bytes already read; raises ValueError when neither fits."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(_("文件编码无法识别，请保存为 UTF-8 的 CSV"))


def regions_plan_csv(data: bytes | str, *, sheet: str = "CSV") -> RegionLoadPlan:
    """Parse and validate a region CSV against the current tree, writing nothing."""
    plan = RegionLoadPlan()
    text = data if isinstance(data, str) else csv_text(data)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CSV_COLUMNS[:3] if c not in (reader.fieldnames or [])]
    if missing:
        plan.findings.append(Finding(sheet, 1, ",".join(missing), _("缺少必需的列：%s") % ", ".join(missing)))
        return plan
    kinds = set(RegionKind.values)
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        plan.findings += formula_text_findings(sheet, [(line, raw.items())])
        row = RegionRow(
            line=line,
            code=(raw.get("code") or "").strip(),
            name=(raw.get("name") or "").strip(),
            kind=(raw.get("kind") or "").strip(),
            parent_code=(raw.get("parent_code") or "").strip(),
            aliases=[a.strip() for a in (raw.get("aliases") or "").split(";") if a.strip()],
        )
        if not row.code:
            plan.findings.append(Finding(sheet, line, "code", _("代码为空")))
        elif row.code in seen:
            plan.findings.append(
                Finding(
                    sheet,
                    line,
                    "code",
                    _("代码 %(code)s 与第 %(line)s 行重复") % {"code": row.code, "line": seen[row.code]},
                )
            )
        else:
            seen[row.code] = line
        if not row.name:
            plan.findings.append(Finding(sheet, line, "name", _("名称为空")))
        if row.kind not in kinds:
            plan.findings.append(
                Finding(
                    sheet,
                    line,
                    "kind",
                    _("类型“%(kind)s”无效，应为 %(kinds)s") % {"kind": row.kind, "kinds": ", ".join(sorted(kinds))},
                )
            )
        plan.rows.append(row)

    existing = {r.code: r for r in Region.objects.all()}
    for row in plan.rows:
        if row.parent_code and row.parent_code not in seen and row.parent_code not in existing:
            plan.findings.append(Finding(sheet, row.line, "parent_code", _("上级代码 %s 不存在") % row.parent_code))
        if row.parent_code == row.code and row.code:
            plan.findings.append(Finding(sheet, row.line, "parent_code", _("上级不能是自身")))
    _check_cycles(plan, sheet)
    by_path = {r.path: r for r in existing.values()}
    for row in plan.rows:
        current = existing.get(row.code)
        if current is None:
            plan.creates.append(row.code)
        elif _differs(current, row, by_path):
            plan.updates.append(row.code)
        else:
            plan.unchanged.append(row.code)
    return plan


def _check_cycles(plan: RegionLoadPlan, sheet: str) -> None:
    parent = {r.code: r.parent_code for r in plan.rows}
    for row in plan.rows:
        seen = {row.code}
        code = parent.get(row.code, "")
        while code and code in parent:
            if code in seen:
                plan.findings.append(Finding(sheet, row.line, "parent_code", _("上级关系形成循环")))
                break
            seen.add(code)
            code = parent[code]


def _parent_code(region: Region, by_path: dict[str, Region]) -> str:
    if region.depth <= 1:
        return ""
    parent = by_path.get(region.path[: -Region.steplen])
    return parent.code if parent else ""


def _differs(current: Region, row: RegionRow, by_path: dict[str, Region]) -> bool:
    return (
        current.name != row.name
        or current.kind != row.kind
        or list(current.aliases or []) != row.aliases
        or _parent_code(current, by_path) != row.parent_code
    )


def _tree_paths(parent_of: dict[str, str]) -> dict[str, tuple[str, int, int]]:
    """(path, depth, numchild) of every code of the tree `parent_of` (code → parent code, '' for a root).

    The shape treebeard gives the same tree (materialised paths, siblings in code order as
    `node_order_by` says), computed in one pass instead of one insert or move at a time.
    """
    children: dict[str, list[str]] = {}
    for code, parent in parent_of.items():
        children.setdefault(parent, []).append(code)
    result: dict[str, tuple[str, int, int]] = {}
    stack: list[tuple[str, str, int]] = [("", "", 0)]  # (code, path, depth); "" is above the roots
    while stack:
        code, path, depth = stack.pop()
        kids = sorted(children.get(code, []))
        if code:
            result[code] = (path, depth, len(kids))
        for step, kid in enumerate(kids, start=1):
            stack.append((kid, Region._get_path(path, depth + 1, step), depth + 1))
    return result


@transaction.atomic
def regions_load_csv(*, data: bytes | str, actor: Any, reason: str = "") -> RegionLoadPlan:
    """Apply a region CSV: create new codes, update changed ones (moving nodes if the parent changed).

    The whole tree's paths are computed at once (_tree_paths) and written in bulk: new regions in
    one insert, changed ones in one update each way, one history record per region created or
    changed (actor and reason); regions whose place alone shifted (a new sibling before them) get
    their new path without a history record, as treebeard's own shifts do. Linear in the rows
    (benchmarks/bench_scale_loads.py); treebeard's one-at-a-time inserts were quadratic.
    """
    require_perm(actor, "regions.change_region")
    require_perm(actor, "regions.add_region")
    plan = regions_plan_csv(data)
    if not plan.ok:
        return plan
    reason = reason or _("导入地区 CSV")
    existing = {r.code: r for r in Region.objects.all()}
    by_path = {r.path: r for r in existing.values()}
    parent_of = {code: _parent_code(region, by_path) for code, region in existing.items()}
    rows = {row.code: row for row in plan.rows}
    for row in plan.rows:
        parent_of[row.code] = row.parent_code
    shape = _tree_paths(parent_of)
    updates = set(plan.updates)
    created: list[Region] = []
    changed: list[Region] = []
    shifted: list[Region] = []
    now = timezone.now()
    for code, (path, depth, numchild) in shape.items():
        region = existing.get(code)
        if region is None:
            row = rows[code]
            region = Region(code=code, name=row.name, kind=row.kind, aliases=row.aliases)
            region.path, region.depth, region.numchild = path, depth, numchild
            region.created_at = region.updated_at = now
            region.full_clean(exclude=["path", "depth", "numchild"], validate_unique=False)
            created.append(region)
            continue
        if code in updates:
            row = rows[code]
            region.name, region.kind, region.aliases = row.name, row.kind, row.aliases
            region.full_clean(exclude=["path", "depth", "numchild"], validate_unique=False)
            region.updated_at = now
            changed.append(region)
        elif (region.path, region.depth, region.numchild) != (path, depth, numchild):
            shifted.append(region)
        region.path, region.depth, region.numchild = path, depth, numchild
    moved = changed + shifted
    if moved:
        # Paths are unique: park the moving rows on paths no tree uses ("#" + code) before the final ones.
        parked = [Region(pk=r.pk, path="#" + r.code) for r in moved]
        bulk_update_values(Region, parked, ["path"])
        bulk_update_values(Region, shifted, ["path", "depth", "numchild"])
        bulk_update_audited(
            Region, changed, ["path", "depth", "numchild", "name", "kind", "aliases", "updated_at"],
            actor=actor, reason=reason,
        )  # fmt: skip
    bulk_create_audited(Region, sorted(created, key=lambda r: r.path), actor=actor, reason=reason)
    return plan


@transaction.atomic
def region_update(*, region: Region, data: dict[str, Any], actor: Any) -> Region:
    """Edit a region's name, kind and aliases (the tree shape changes by CSV load)."""
    require_perm(actor, "regions.change_region")
    for name in ("name", "kind", "aliases"):
        if name in data:
            setattr(region, name, data[name])
    region.full_clean(exclude=["path", "depth", "numchild"])
    stamp(region, actor=actor)
    region.save(update_fields=["name", "kind", "aliases", "updated_at"])
    return region


def department_create(*, data: dict[str, Any], actor: Any) -> Department:
    return create_audited(Department, data=data, fields=data.keys(), actor=actor, reason="")


@transaction.atomic
def department_update(*, department: Department, data: dict[str, Any], actor: Any) -> Department:
    require_perm(actor, "regions.change_department")
    from core.scope import ensure_in_scope

    for name, value in data.items():
        setattr(department, name, value)
    department.full_clean()
    stamp(department, actor=actor)
    department.save(update_fields=[*data.keys(), "updated_at"])
    ensure_in_scope(department, actor)
    return department


def department_delete(*, department: Department, actor: Any) -> None:
    delete_audited(department, actor=actor, reason="")
