"""Import of the library from the bureau's 重点项目清单 (.xlsx): the layout the export writes (exports.py).

Parse and validate everything first (a preview job: every problem as a Finding with sheet, row and
column); write only a file without errors, in one transaction, with a history record per row naming
the user, the job and the file (a confirm job). A row is matched to an existing project by its project
code, or by unit + name when it has no code; it creates the project otherwise. 阶段 and 星级 are derived
and read back only for display; tier lists (亿元以上 …) follow the total investment.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import clock
from core.history import bulk_create_audited, bulk_m2m_history, bulk_update_audited
from core.imports import Finding, ImportResult, cell_text, column_letter
from core.services import require_perm
from enterprises.models import Enterprise
from regions.matching import RegionMatcher
from regions.models import Region

from ..choices import NODE_ORDER, Node, ProjectType
from ..models import Project, ProjectCategory, ProjectList, ProjectNode, ProjectYearPlan

Progress = Callable[[int, str], None]

# Column key → accepted header texts (the first is what the export writes).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("项目名称",),
    "code": ("项目代码", "投资项目代码", "赋码"),
    "enterprise": ("建设单位", "项目单位", "企业名称"),
    "region": ("所属单位", "县（市、区）", "地区", "属地"),
    "project_type": ("项目类型", "类型"),
    "total_investment": ("总投资（万元）", "总投资"),
    "equipment_investment": ("其中设备投资（万元）", "其中设备投资", "设备投资（万元）", "设备投资"),
    "year_plan": ("年度计划投资（万元）", "年度计划投资", "本年计划投资（万元）"),
    "land_mu": ("用地（亩）", "用地", "用地面积（亩）"),
    "categories": ("类别", "项目类别"),
    "lists": ("所属清单", "清单"),
}
REQUIRED = ("name", "region", "total_investment")
PROJECT_FIELDS = ["name", "code", "enterprise_id", "region_id", "project_type", "total_investment"]
PROJECT_FIELDS += ["equipment_investment", "land_mu"]
_TYPES = {str(label): value for value, label in ProjectType.choices} | {"技术改造": ProjectType.TECH, "新建项目": "new"}
_CHAIN = (Node.SIGNED, Node.STARTED, Node.COMPLETED, Node.PRODUCING, Node.FULL)
_YEAR = re.compile(r"(20\d{2})\s*年")


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]
    nodes: dict[str, tuple[dt.date | None, dt.date | None]]
    category_ids: list[int]
    list_ids: list[int]
    year_plan: Decimal | None
    existing_pk: int = 0  # the project's pk once matched or created


@dataclass
class ImportPlan(ImportResult):
    """The preview: projects to create and update, unchanged rows, and every finding."""

    year: int = 0
    rows_total: int = 0
    creates: list[ParsedRow] = field(default_factory=list)
    updates: list[ParsedRow] = field(default_factory=list)
    unchanged: int = 0

    def counts(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "rows_total": self.rows_total,
            "creates": len(self.creates),
            "updates": len(self.updates),
            "unchanged": self.unchanged,
            "sample": [{"row": r.row, "name": r.values["name"], "action": "create"} for r in self.creates[:20]]
            + [{"row": r.row, "name": r.values["name"], "action": "update"} for r in self.updates[:20]],
        }


def _norm(value: Any) -> str:
    return cell_text(value).replace("\n", "").replace(" ", "").replace("　", "")


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[str, int], dict[str, tuple[int, int]]] | None:
    """The header row (with 项目名称), its columns, and each node's (planned, actual) columns below it."""
    node_labels = {str(node.label): str(node) for node in NODE_ORDER}
    for index, row in enumerate(rows[:10]):
        texts = [_norm(c) for c in row]
        if "项目名称" not in texts:
            continue
        mapping: dict[str, int] = {}
        for key, names in COLUMNS.items():
            for col, text in enumerate(texts):
                if text in names:
                    mapping[key] = col
                    break
        nodes: dict[str, tuple[int, int]] = {}
        below = [_norm(c) for c in rows[index + 1]] if index + 1 < len(rows) else []
        for col, text in enumerate(texts):
            if text in node_labels:
                planned = col if col < len(below) and below[col] == "计划" else -1
                actual = col + 1 if col + 1 < len(below) and below[col + 1] == "实际" else -1
                nodes[node_labels[text]] = (planned, actual)
        return index, mapping, nodes
    return None


def _decimal(text: str) -> Decimal:
    value = Decimal(text.replace(",", ""))
    if not value.is_finite():
        raise InvalidOperation
    return value


def _date(value: Any) -> dt.date:
    """A date cell: an Excel date, or text 2019-04-01 / 2019/4/1 / 2019.4.1 / 2019年4月1日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if not match:
        raise ValueError(text)
    return dt.date(int(match[1]), int(match[2]), int(match[3]))


def _split(text: str) -> list[str]:
    for sep in ("；", "，", ",", ";", "/"):
        text = text.replace(sep, "、")
    return [t.strip() for t in text.split("、") if t.strip()]


class _Lookups:
    """Everything validation needs from the database, fetched once."""

    def __init__(self, actor: Any) -> None:
        self.regions = RegionMatcher(Region.objects.all())
        self.scope_ids = None if actor.sees_everything else set(actor.scope_region_ids)
        self.categories = dict(ProjectCategory.objects.values_list("name", "pk"))  # type: ignore[attr-defined]
        self.lists: dict[str, tuple[int, bool]] = {
            name: (pk, minimum is not None)
            for name, pk, minimum in ProjectList.objects.values_list("name", "pk", "min_total_investment")  # type: ignore[attr-defined]
        }


def plan_import(
    source: str | Path | IO[bytes], *, actor: Any, year: int | None = None, progress: Progress | None = None
) -> ImportPlan:
    """Parse and validate a workbook; writes nothing."""
    plan = ImportPlan()
    report = progress or (lambda p, m: None)
    found = plan.read_header(source, _find_header, _("未找到表头：需要包含“项目名称”的一行"), report)
    if found is None:
        return plan
    rows, (header_index, mapping, node_cols) = found
    sheet = plan.sheet
    title_year = next((int(m[1]) for r in rows[:header_index] for c in r if (m := _YEAR.search(cell_text(c)))), None)
    plan.year = year or title_year or clock.today().year
    for key in REQUIRED:
        if key not in mapping:
            plan.findings.append(Finding(sheet, header_index + 1, "", _("缺少必需的列“%s”") % COLUMNS[key][0]))
    if not plan.ok:
        return plan

    lookups = _Lookups(actor)
    today = clock.today()
    first_data = header_index + (2 if node_cols else 1)
    body = rows[first_data:]
    total = len(body)
    report(10, _("正在校验 %d 行") % total)
    region_cache: dict[str, Any] = {}
    enterprise_names: set[str] = set()
    parsed: list[ParsedRow] = []
    seen_codes: dict[str, int] = {}
    seen_names: dict[tuple[int, str], int] = {}

    def col(key: str) -> str:
        return f"{column_letter(mapping[key])}（{COLUMNS[key][0]}）" if key in mapping else COLUMNS[key][0]

    for offset, raw in enumerate(body):
        excel_row = first_data + 1 + offset
        cells = {key: cell_text(raw[i]) if i < len(raw) else "" for key, i in mapping.items()}
        if not any(cells.values()):
            continue
        plan.rows_total += 1
        problems: list[Finding] = []

        def bad(column: str, message: str, _row: int = excel_row, _problems: list[Finding] = problems) -> None:
            _problems.append(Finding(sheet, _row, column, message))

        name = cells["name"]
        if not name:
            bad(col("name"), _("项目名称为空"))
        elif len(name) > 200:
            bad(col("name"), _("项目名称超过200字"))
        code = cells.get("code", "")
        if len(code) > 40:
            bad(col("code"), _("项目代码超过40字"))
        elif code:
            if code in seen_codes:
                bad(col("code"), _("与第 %d 行的项目代码重复") % seen_codes[code])
            seen_codes.setdefault(code, excel_row)
        region_name = cells["region"]
        if region_name not in region_cache:
            region_cache[region_name] = lookups.regions.match(region_name)
        match = region_cache[region_name]
        region_id = None
        if not match.matched:
            bad(col("region"), match.problem)
        elif lookups.scope_ids is not None and match.region.pk not in lookups.scope_ids:
            bad(col("region"), _("“%s”不在您的管辖范围内") % region_name)
        else:
            region_id = match.region.pk
        if region_id and name and not code:
            name_key = (region_id, name)
            if name_key in seen_names:
                bad(
                    col("name"),
                    _("与第 %d 行同一单位的项目名称重复（无项目代码时按名称识别项目）") % seen_names[name_key],
                )
            seen_names.setdefault(name_key, excel_row)
        project_type = ProjectType.TECH
        if cells.get("project_type"):
            if cells["project_type"] not in _TYPES:
                bad(col("project_type"), _("项目类型应为新建、技改或零土地技改，实际为“%s”") % cells["project_type"])
            else:
                project_type = ProjectType(_TYPES[cells["project_type"]])
        amounts: dict[str, Decimal | None] = {}
        for amount_key in ("total_investment", "equipment_investment", "year_plan", "land_mu"):
            text = cells.get(amount_key, "")
            if not text:
                amounts[amount_key] = None
                continue
            try:
                number = _decimal(text)
                if number < 0 or number >= Decimal("1e13"):
                    raise InvalidOperation
                amounts[amount_key] = number.quantize(Decimal("0.01"))
            except InvalidOperation:
                bad(col(amount_key), _("应为不小于0的数字（万元或亩），实际为“%s”") % text)
                amounts[amount_key] = None
        if amounts["total_investment"] is None and cells.get("total_investment", "") == "":
            bad(col("total_investment"), _("总投资为空"))
        equipment = amounts["equipment_investment"] or Decimal(0)
        if amounts["total_investment"] is not None and equipment > amounts["total_investment"]:
            bad(col("equipment_investment"), _("设备投资不能大于总投资"))
        category_ids = []
        for text in _split(cells.get("categories", "")):
            if text not in lookups.categories:
                bad(col("categories"), _("类别“%s”不存在（请先在项目类别中维护）") % text)
            else:
                category_ids.append(lookups.categories[text])
        list_ids = []
        for text in _split(cells.get("lists", "")):
            if text not in lookups.lists:
                bad(col("lists"), _("清单“%s”不存在（请先在项目清单设置中维护）") % text)
            elif not lookups.lists[text][1]:  # tier lists follow the investment, the column is informative
                list_ids.append(lookups.lists[text][0])
        nodes: dict[str, tuple[dt.date | None, dt.date | None]] = {}
        for node, (planned_col, actual_col) in node_cols.items():
            dates: list[dt.date | None] = []
            for column, what in ((planned_col, _("计划")), (actual_col, _("实际"))):
                value = raw[column] if 0 <= column < len(raw) else None
                if value is None or cell_text(value) == "":
                    dates.append(None)
                    continue
                label = f"{column_letter(column)}（{Node(node).label}{what}）"
                try:
                    dates.append(_date(value))
                except ValueError:
                    bad(label, _("日期格式不正确：“%s”") % cell_text(value))
                    dates.append(None)
                    continue
                if what == _("实际") and dates[-1] is not None and dates[-1] > today:  # type: ignore[operator]
                    bad(label, _("实际时间不能晚于今天"))
            if dates[0] or dates[1]:
                nodes[node] = (dates[0], dates[1])
        if project_type == ProjectType.ZERO_LAND and Node.LAND in nodes:
            bad(f"{column_letter(node_cols[Node.LAND][0])}（{Node.LAND.label}）", _("零土地技改项目没有供地节点"))
        previous: tuple[str, dt.date] | None = None
        for node in _CHAIN:
            actual = nodes.get(node, (None, None))[1]
            if actual is None:
                continue
            if previous is not None and actual < previous[1]:
                bad(
                    f"{column_letter(node_cols[node][1])}（{node.label}{_('实际')}）",
                    _("%(node)s的实际时间早于%(before)s") % {"node": node.label, "before": Node(previous[0]).label},
                )
            previous = (node, actual)
        enterprise = cells.get("enterprise", "")
        if enterprise:
            enterprise_names.add(enterprise)
        if problems:
            plan.findings.extend(problems)
            continue
        parsed.append(
            ParsedRow(
                row=excel_row,
                values={
                    "name": name,
                    "code": code,
                    "enterprise": enterprise,
                    "region_id": region_id,
                    "project_type": project_type,
                    "total_investment": amounts["total_investment"],
                    "equipment_investment": equipment,
                    "land_mu": amounts["land_mu"] or Decimal(0),
                },
                nodes=nodes,
                category_ids=category_ids,
                list_ids=list_ids,
                year_plan=amounts["year_plan"],
            )
        )
        if offset % 2000 == 0 and total:
            report(10 + int(60 * offset / total), _("已校验 %(n)d / %(total)d 行") % {"n": offset, "total": total})

    report(75, _("正在比对已有项目"))
    _resolve_enterprises(plan, parsed, enterprise_names, lookups, sheet, col("enterprise"))
    _classify(plan, parsed, lookups, col("code"))
    report(95, _("校验完成"))
    return plan


def _resolve_enterprises(
    plan: ImportPlan, parsed: list[ParsedRow], names: set[str], lookups: _Lookups, sheet: str, column: str
) -> None:
    """建设单位 by name among the enterprises of the project's unit; an unknown name is a warning (left empty)."""
    by_name: dict[str, list[tuple[int, str]]] = {}
    for pk, name, path in Enterprise.objects.filter(name__in=names).values_list("pk", "name", "region__path"):
        by_name.setdefault(name, []).append((pk, path))
    region_paths = dict(Region.objects.values_list("pk", "path"))
    for row in parsed:
        name = row.values.pop("enterprise")
        row.values["enterprise_id"] = None
        if not name:
            continue
        unit_path = region_paths[row.values["region_id"]]
        candidates = [
            pk for pk, path in by_name.get(name, []) if path.startswith(unit_path) or unit_path.startswith(path)
        ]
        if len(candidates) == 1:
            row.values["enterprise_id"] = candidates[0]
        else:
            plan.findings.append(
                Finding(sheet, row.row, column, _("企业库中未找到该单位的建设单位“%s”，将不关联企业") % name, "warning")
            )


def _classify(plan: ImportPlan, parsed: list[ParsedRow], lookups: _Lookups, code_column: str) -> None:
    """Split rows into creates, updates and unchanged; a code registered by another unit outside scope is an error."""
    codes = [r.values["code"] for r in parsed if r.values["code"]]
    by_code = {}
    for start in range(0, len(codes), 5000):
        for values in Project.objects.filter(code__in=codes[start : start + 5000]).values("pk", *PROJECT_FIELDS):  # type: ignore[attr-defined]
            by_code[values["code"]] = values
    names = [r.values["name"] for r in parsed if not r.values["code"]]
    by_name: dict[tuple[int, str], dict[str, Any]] = {}
    for start in range(0, len(names), 5000):
        for values in Project.objects.filter(name__in=names[start : start + 5000], code="").values(  # type: ignore[attr-defined]
            "pk", *PROJECT_FIELDS
        ):
            by_name[(values["region_id"], values["name"])] = values
    ids = [v["pk"] for v in [*by_code.values(), *by_name.values()]]
    nodes: dict[int, dict[str, tuple[dt.date | None, dt.date | None]]] = {}
    plans: dict[int, Decimal] = {}
    categories: dict[int, set[int]] = {}
    lists: dict[int, set[int]] = {}
    manual_lists = {pk for pk, tier in lookups.lists.values() if not tier}
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for pid, node, planned, actual in ProjectNode.objects.filter(project_id__in=chunk).values_list(  # type: ignore[attr-defined]
            "project_id", "node", "planned_date", "actual_date"
        ):
            if planned or actual:
                nodes.setdefault(pid, {})[node] = (planned, actual)
        plans.update(
            ProjectYearPlan.objects.filter(project_id__in=chunk, year=plan.year).values_list(  # type: ignore[attr-defined]
                "project_id", "planned_investment"
            )
        )
        for pid, cid in Project.categories.through.objects.filter(project_id__in=chunk).values_list(
            "project_id", "projectcategory_id"
        ):
            categories.setdefault(pid, set()).add(cid)
        for pid, lid in Project.lists.through.objects.filter(
            project_id__in=chunk, projectlist_id__in=manual_lists
        ).values_list("project_id", "projectlist_id"):
            lists.setdefault(pid, set()).add(lid)
    for row in parsed:
        current = (
            by_code.get(row.values["code"])
            if row.values["code"]
            else by_name.get((row.values["region_id"], row.values["name"]))
        )
        if current is None:
            plan.creates.append(row)
            continue
        if lookups.scope_ids is not None and current["region_id"] not in lookups.scope_ids:
            plan.findings.append(Finding(plan.sheet, row.row, code_column, _("该项目代码已由其他单位登记，您无权修改")))
            continue
        row.existing_pk = current["pk"]
        pk = current["pk"]
        changed = (
            any(current[f] != row.values[f] for f in PROJECT_FIELDS)
            or nodes.get(pk, {}) != row.nodes
            or set(row.category_ids) != categories.get(pk, set())
            or set(row.list_ids) != lists.get(pk, set())
            or (row.year_plan is not None and plans.get(pk) != row.year_plan)
        )
        if changed:
            plan.updates.append(row)
        else:
            plan.unchanged += 1


def apply_import(
    source: str | Path | IO[bytes],
    *,
    actor: Any,
    reason: str,
    year: int | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Validate again (the data may have changed since the preview) and, if clean, write it all at once."""
    require_perm(actor, "projects.add_project")
    from ..services import projects_recompute

    report = progress or (lambda p, m: None)
    plan = plan_import(source, actor=actor, year=year, progress=lambda p, m: report(p // 2, m))
    if not plan.ok:
        return plan
    with transaction.atomic():
        report(50, _("正在写入 %d 个新项目") % len(plan.creates))
        created = bulk_create_audited(Project, [Project(**r.values) for r in plan.creates], actor=actor, reason=reason)
        for obj, row in zip(created, plan.creates, strict=True):
            row.existing_pk = obj.pk
        report(60, _("正在更新 %d 个项目") % len(plan.updates))
        by_pk = Project.objects.in_bulk([r.existing_pk for r in plan.updates])  # type: ignore[attr-defined]
        now = timezone.now()
        changed = []
        for row in plan.updates:
            obj = by_pk[row.existing_pk]
            for name, value in row.values.items():
                setattr(obj, name, value)
            obj.updated_at = now
            changed.append(obj)
        bulk_update_audited(Project, changed, [*PROJECT_FIELDS, "updated_at"], actor=actor, reason=reason)
        rows = [*plan.creates, *plan.updates]
        report(70, _("正在写入节点"))
        _write_nodes(rows, actor=actor, reason=reason)
        _write_year_plans(rows, plan.year, actor=actor, reason=reason)
        _write_m2m(rows)
        report(85, _("正在重算阶段、星级和预警"))
        ids = [r.existing_pk for r in rows]
        projects_recompute(queryset=Project.objects.filter(pk__in=ids), actor=actor, reason=reason)  # type: ignore[attr-defined]
        bulk_m2m_history(Project, "categories", reason=reason, ids=ids)
        bulk_m2m_history(Project, "lists", reason=reason, ids=ids)
    report(100, _("导入完成"))
    return plan


def _write_nodes(rows: list[ParsedRow], *, actor: Any, reason: str) -> None:
    ids = [r.existing_pk for r in rows]
    existing: dict[tuple[int, str], ProjectNode] = {}
    for start in range(0, len(ids), 5000):
        for row_node in ProjectNode.objects.filter(project_id__in=ids[start : start + 5000]):  # type: ignore[attr-defined]
            existing[(row_node.project_id, row_node.node)] = row_node
    new, changed = [], []
    now = timezone.now()
    for row in rows:
        for node in NODE_ORDER:
            planned, actual = row.nodes.get(str(node), (None, None))
            current = existing.get((row.existing_pk, str(node)))  # type: ignore[arg-type]
            if current is None:
                if planned or actual:
                    new.append(
                        ProjectNode(
                            project_id=row.existing_pk, node=str(node), planned_date=planned, actual_date=actual
                        )
                    )
            elif (current.planned_date, current.actual_date) != (planned, actual):
                current.planned_date, current.actual_date, current.updated_at = planned, actual, now
                changed.append(current)
    bulk_create_audited(ProjectNode, new, actor=actor, reason=reason)
    bulk_update_audited(ProjectNode, changed, ["planned_date", "actual_date", "updated_at"], actor=actor, reason=reason)


def _write_year_plans(rows: list[ParsedRow], year: int, *, actor: Any, reason: str) -> None:
    wanted = {r.existing_pk: r.year_plan for r in rows if r.year_plan is not None}
    existing = {
        p.project_id: p
        for p in ProjectYearPlan.objects.filter(project_id__in=list(wanted), year=year)  # type: ignore[attr-defined]
    }
    new, changed = [], []
    now = timezone.now()
    for pid, amount in wanted.items():
        current = existing.get(pid)  # type: ignore[arg-type]
        if current is None:
            new.append(ProjectYearPlan(project_id=pid, year=year, planned_investment=amount))
        elif current.planned_investment != amount:
            current.planned_investment, current.updated_at = amount, now
            if current.monthly_plan:
                current.monthly_plan = []  # the old monthly split no longer adds up to the new year plan
            changed.append(current)
    bulk_create_audited(ProjectYearPlan, new, actor=actor, reason=reason)
    bulk_update_audited(
        ProjectYearPlan, changed, ["planned_investment", "monthly_plan", "updated_at"], actor=actor, reason=reason
    )


def _write_m2m(rows: list[ParsedRow]) -> None:
    """Categories and hand-picked lists as the file says (tier lists are kept by the recompute)."""
    ids = [r.existing_pk for r in rows]
    manual = list(ProjectList.objects.filter(min_total_investment__isnull=True).values_list("pk", flat=True))  # type: ignore[attr-defined]
    categories = Project.categories.through
    lists = Project.lists.through
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        categories.objects.filter(project_id__in=chunk).delete()
        lists.objects.filter(project_id__in=chunk, projectlist_id__in=manual).delete()
    categories.objects.bulk_create(
        [
            categories(project_id=r.existing_pk, projectcategory_id=c)
            for r in rows
            for c in dict.fromkeys(r.category_ids)
        ],
        batch_size=5000,
    )
    lists.objects.bulk_create(
        [lists(project_id=r.existing_pk, projectlist_id=lid) for r in rows for lid in dict.fromkeys(r.list_ids)],
        batch_size=5000,
    )
