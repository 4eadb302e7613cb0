"""Business rules of the key-project library (domain.md §6): projects, nodes, year plans, approval steps,
标准地 contracts, and the reference data the city admin keeps (categories, lists, star gates).

Every write runs in one transaction, validates with `full_clean`, names its actor in the history and
checks that the object stays in the actor's scope. A project's stage, stars, flags and tier lists are
derived (projects/calculations.py) and stored by `project_recompute` after every change to its
nodes or investment, so lists of 100,000 projects filter and sort on indexed columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core import clock
from core.history import bulk_update_audited, stamp
from core.scope import ensure_in_scope
from core.services import assign, create_audited, delete_audited, require_perm, save_audited, update_audited

from . import calculations as calc
from .choices import NODE_ORDER, Node, ProjectType
from .memberships import _record_list_history, _sync_all_tier_lists, tier_thresholds
from .models import (
    ApprovalStep,
    Project,
    ProjectCategory,
    ProjectList,
    ProjectNode,
    ProjectYearPlan,
    SnapshotRow,
    StandardLandContract,
    StarGate,
)

PROJECT_FIELDS = (
    "code",
    "name",
    "enterprise",
    "region",
    "industry",
    "project_type",
    "total_investment",
    "equipment_investment",
    "land_mu",
    "description",
    "contact",
    "active",
)
NODE_FIELDS = ("project", "node", "planned_date", "actual_date", "note")
YEAR_PLAN_FIELDS = ("project", "year", "planned_investment", "monthly_plan")
STEP_FIELDS = ("project", "phase", "name", "submitted_on", "approved_on")
CONTRACT_FIELDS = (
    "project",
    "investment_intensity",
    "plot_ratio",
    "tax_per_mu",
    "energy_per_value",
    "emission_per_value",
    "rd_ratio",
    "actual_investment_intensity",
    "actual_plot_ratio",
    "actual_tax_per_mu",
    "actual_energy_per_value",
    "actual_emission_per_value",
    "actual_rd_ratio",
    "checked_on",
)
CATEGORY_FIELDS = ("code", "name", "order", "active")
LIST_FIELDS = ("code", "name", "min_total_investment", "order", "active", "description")
GATE_FIELDS = ("name", "node", "grace_days", "order", "active")

# The chain of nodes whose actual dates must not go backwards (the approvals in between may run in
# parallel and in any order).
_CHAIN = (Node.SIGNED, Node.STARTED, Node.COMPLETED, Node.PRODUCING, Node.FULL)


def today() -> dt.date:
    return clock.today()


# --- derived fields ------------------------------------------------------------------------------------


def star_rules() -> list[calc.StarRule]:
    """The active star gates as plain rules, in their order (the city admin edits them)."""
    return [
        calc.StarRule(g.name, g.node, g.grace_days)
        for g in StarGate.objects.filter(active=True).order_by("order", "pk")  # type: ignore[attr-defined]
    ]


def project_node_map(project: Project) -> dict[str, calc.NodeDates]:
    return calc.node_map(project.nodes.values_list("node", "planned_date", "actual_date"))


def _updated_in(project: Project, as_of: dt.date) -> bool | None:
    if project.last_update_year_month is None:
        return False
    return project.last_update_year_month >= as_of.year * 100 + as_of.month


def derived_fields(
    project: Project, nodes: Mapping[str, calc.NodeDates], rules: list[calc.StarRule], as_of: dt.date
) -> dict[str, Any]:
    """The stored derived fields of a project: stage, stars and flags as of a date."""
    return {
        "stage": calc.stage_from_nodes(nodes, as_of),
        "stars": calc.evaluate_stars(nodes, rules, as_of).stars,
        "flags": calc.project_flags(nodes, as_of, updated_this_month=_updated_in(project, as_of)),
    }


def _sync_tier_lists(project: Project, thresholds: list[tuple[int, Decimal | None]]) -> None:
    """Tier lists (亿元以上 …) follow the total investment; hand-picked lists stay as they are."""
    tier_ids = {pk for pk, _minimum in thresholds}
    wanted = calc.tier_list_ids(project.total_investment, thresholds)
    current = set(project.lists.filter(pk__in=tier_ids).values_list("pk", flat=True))
    if wanted - current:
        project.lists.add(*(wanted - current))
    if current - wanted:
        project.lists.remove(*(current - wanted))


def project_recompute(*, project: Project, actor: Any, as_of: dt.date | None = None) -> Project:
    """Store the project's stage, stars and flags from its nodes, and its tier lists from its investment."""
    require_perm(actor, "projects.change_project")
    as_of = as_of or today()
    values = derived_fields(project, project_node_map(project), star_rules(), as_of)
    changed = [name for name, value in values.items() if getattr(project, name) != value]
    for name in changed:
        setattr(project, name, values[name])
    if changed:
        stamp(project, actor=actor, reason=_("重算阶段、星级和预警"))
        project.save(update_fields=[*changed, "updated_at"])
    _sync_tier_lists(project, tier_thresholds())
    return project


def projects_recompute(
    *, queryset: QuerySet[Project] | None = None, actor: Any, as_of: dt.date | None = None, reason: str = ""
) -> int:
    """Recompute the derived fields of many projects (after a star gate or a tier changes, after an import, daily).

    Works in chunks of 5,000 projects: one query for their nodes, one audited bulk update of the rows
    that changed; returns the number of projects changed.
    """
    require_perm(actor, "projects.change_project")
    as_of = as_of or today()
    ids = list(
        (queryset if queryset is not None else Project.objects.all()).order_by("pk").values_list("pk", flat=True)
    )
    rules = star_rules()
    reason = reason or _("批量重算阶段、星级和预警")
    total = 0
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        nodes: dict[int, dict[str, calc.NodeDates]] = {}
        rows = ProjectNode.objects.filter(project_id__in=chunk).values_list(  # type: ignore[attr-defined]
            "project_id", "node", "planned_date", "actual_date"
        )
        for project_id, node, planned, actual in rows:
            nodes.setdefault(project_id, {})[node] = calc.NodeDates(planned, actual)
        changed = []
        for project in Project.objects.filter(pk__in=chunk).only(  # type: ignore[attr-defined]
            "pk", "stage", "stars", "flags", "last_update_year_month"
        ):
            values = derived_fields(project, nodes.get(project.pk, {}), rules, as_of)
            if any(getattr(project, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(project, k, v)
                changed.append(project)
        bulk_update_audited(Project, changed, ["stage", "stars", "flags"], actor=actor, reason=reason)
        _sync_all_tier_lists(chunk, actor=actor)
        total += len(changed)
    return total


# --- projects -----------------------------------------------------------------------------------------------


def _check_project(project: Project) -> None:
    if project.equipment_investment is not None and project.total_investment is not None:
        if project.equipment_investment > project.total_investment:
            raise ValidationError({"equipment_investment": _("设备投资不能大于总投资")})
    if project.enterprise is not None and project.region_id:
        enterprise_region = project.enterprise.region
        if not enterprise_region.path.startswith(project.region.path) and not project.region.path.startswith(
            enterprise_region.path
        ):
            raise ValidationError({"enterprise": _("建设单位不属于该项目所属单位")})


def _set_m2m(project: Project, data: Mapping[str, Any]) -> None:
    if "categories" in data:
        project.categories.set(data["categories"])
    if "lists" in data:
        # Tier lists follow the investment (project_recompute); only hand-picked lists are set here.
        manual = [lst for lst in data["lists"] if lst.min_total_investment is None]
        tiers = list(project.lists.filter(min_total_investment__isnull=False))
        project.lists.set([*manual, *tiers])


@transaction.atomic
def project_create(*, data: Mapping[str, Any], actor: Any) -> Project:
    """A new project of a unit; its stage, stars and tier lists follow at once."""
    require_perm(actor, "projects.add_project")
    project = Project()
    assign(project, data, PROJECT_FIELDS)
    _check_project(project)
    save_audited(project, actor=actor, reason=_("新增重点项目"))
    _set_m2m(project, data)
    return project_recompute(project=project, actor=actor)


@transaction.atomic
def project_update(*, project: Project, data: Mapping[str, Any], actor: Any) -> Project:
    require_perm(actor, "projects.change_project")
    changed = assign(project, data, PROJECT_FIELDS)
    _check_project(project)
    save_audited(project, actor=actor, reason=_("修改重点项目"), changed=changed)
    _set_m2m(project, data)
    return project_recompute(project=project, actor=actor)


@transaction.atomic
def project_delete(*, project: Project, actor: Any) -> None:
    """Delete a project entered by mistake; one kept in a month-end snapshot is withdrawn (在库=否) instead.

    Deleting it would change published months (domain.md §6: past months stay reproducible).
    """
    require_perm(actor, "projects.delete_project")
    if SnapshotRow.objects.filter(project=project).exists():  # type: ignore[attr-defined]
        raise ValidationError(_("该项目已计入月末快照，不能删除；请将“在库”改为否（退库）"))
    stamp(project, actor=actor, reason=_("删除重点项目"))
    project.delete()


# --- nodes ------------------------------------------------------------------------------------------------------

_UNSET: Any = object()


def _check_nodes(project: Project, nodes: Mapping[str, calc.NodeDates]) -> None:
    """Actual dates are not in the future and do not go backwards along 签约 → 开工 → 竣工 → 投产 → 达产."""
    errors: dict[str, list[str]] = {}
    limit = today()
    for code, dates in nodes.items():
        if dates.actual is not None and dates.actual > limit:
            errors.setdefault(code, []).append(_("%(node)s的实际时间不能晚于今天") % {"node": Node(code).label})
    if project.project_type == ProjectType.ZERO_LAND:
        land = nodes.get(Node.LAND)
        if land is not None and (land.planned or land.actual):
            errors.setdefault(Node.LAND, []).append(_("零土地技改项目没有供地节点"))
    previous: tuple[str, dt.date] | None = None
    for node in _CHAIN:
        actual = nodes.get(node, calc.NodeDates()).actual
        if actual is None:
            continue
        if previous is not None and actual < previous[1]:
            errors.setdefault(node, []).append(
                _("%(node)s的实际时间早于%(before)s") % {"node": node.label, "before": Node(previous[0]).label}
            )
        previous = (node, actual)
    if errors:
        raise ValidationError({"__all__": [m for messages in errors.values() for m in messages]})


@transaction.atomic
def project_nodes_set(
    *, project: Project, nodes: Mapping[str, Mapping[str, Any]], actor: Any, reason: str = ""
) -> Project:
    """Set planned/actual dates (and notes) of several nodes at once, then recompute the project.

    `nodes` maps a node code to the fields to change (`planned_date`, `actual_date`, `note`); a field
    not given stays as it is. Monthly updates call this for the node dates a unit reports.
    """
    require_perm(actor, "projects.change_projectnode")
    existing = {n.node: n for n in project.nodes.all()}
    merged = {code: calc.NodeDates(n.planned_date, n.actual_date) for code, n in existing.items()}
    for code, fields in nodes.items():
        if code not in Node.values:
            raise ValidationError(_("未知节点：%s") % code)
        current = merged.get(code, calc.NodeDates())
        merged[code] = calc.NodeDates(
            fields.get("planned_date", current.planned), fields.get("actual_date", current.actual)
        )
    _check_nodes(project, merged)
    for code, fields in nodes.items():
        row = existing.get(code) or ProjectNode(project=project, node=code)
        changed = assign(row, fields, ("planned_date", "actual_date", "note"))
        if row.pk is None:
            if not any(fields.get(k) for k in ("planned_date", "actual_date", "note")):
                continue  # nothing to record for a node never planned
            save_audited(row, actor=actor, reason=reason or _("设置项目节点"))
        elif changed:
            save_audited(row, actor=actor, reason=reason or _("修改项目节点"), changed=changed)
    return project_recompute(project=project, actor=actor)


def projectnode_set(
    *,
    project: Project,
    node: str,
    actor: Any,
    planned_date: dt.date | None = _UNSET,
    actual_date: dt.date | None = _UNSET,
    note: str = _UNSET,
    reason: str = "",
) -> ProjectNode:
    """Set one node's dates (the arguments not given stay as they are) and recompute the project."""
    fields = {
        k: v
        for k, v in (("planned_date", planned_date), ("actual_date", actual_date), ("note", note))
        if v is not _UNSET
    }
    project_nodes_set(project=project, nodes={node: fields}, actor=actor, reason=reason)
    return ProjectNode.objects.get(project=project, node=node)  # type: ignore[attr-defined, no-any-return]


@transaction.atomic
def projectnode_create(*, data: Mapping[str, Any], actor: Any) -> ProjectNode:
    require_perm(actor, "projects.add_projectnode")
    project = data["project"]
    if ProjectNode.objects.filter(project=project, node=data.get("node")).exists():  # type: ignore[attr-defined]
        raise ValidationError({"node": _("该项目已有此节点")})
    fields = {k: data[k] for k in ("planned_date", "actual_date", "note") if k in data}
    if not any(fields.values()):
        # A node with no dates yet: recorded as a row so it can be filled in later.
        row = ProjectNode(project=project, node=data.get("node", ""))
        save_audited(row, actor=actor, reason=_("新增项目节点"))
        return row
    project_nodes_set(project=project, nodes={data["node"]: fields}, actor=actor, reason=_("新增项目节点"))
    row = ProjectNode.objects.get(project=project, node=data["node"])  # type: ignore[attr-defined]
    ensure_in_scope(row, actor)
    return row  # type: ignore[no-any-return]


@transaction.atomic
def projectnode_update(*, projectnode: ProjectNode, data: Mapping[str, Any], actor: Any) -> ProjectNode:
    require_perm(actor, "projects.change_projectnode")
    if "project" in data and data["project"] != projectnode.project:
        raise ValidationError({"project": _("节点不能移到其他项目")})
    if "node" in data and data["node"] != projectnode.node:
        raise ValidationError({"node": _("节点类型不能修改")})
    fields = {k: data[k] for k in ("planned_date", "actual_date", "note") if k in data}
    project_nodes_set(project=projectnode.project, nodes={projectnode.node: fields}, actor=actor)
    projectnode.refresh_from_db()
    return projectnode


@transaction.atomic
def projectnode_delete(*, projectnode: ProjectNode, actor: Any) -> None:
    require_perm(actor, "projects.delete_projectnode")
    project = projectnode.project
    stamp(projectnode, actor=actor, reason=_("删除项目节点"))
    projectnode.delete()
    project_recompute(project=project, actor=actor)


# --- year plans -------------------------------------------------------------------------------------------------


def _check_year_plan(plan: ProjectYearPlan, changed: list[str]) -> None:
    problems = calc.monthly_plan_problems(plan.planned_investment, plan.monthly_plan or [])
    if problems:
        raise ValidationError({"monthly_plan": problems})
    if plan.monthly_plan:
        plan.monthly_plan = [str(Decimal(str(v))) for v in plan.monthly_plan]


def projectyearplan_create(*, data: Mapping[str, Any], actor: Any) -> ProjectYearPlan:
    """A project's planned investment for a year, with its monthly split (12 amounts summing to the year)."""
    return create_audited(
        ProjectYearPlan,
        data=data,
        fields=YEAR_PLAN_FIELDS,
        actor=actor,
        reason=_("新增年度投资计划"),
        check=_check_year_plan,
    )


def projectyearplan_update(*, projectyearplan: ProjectYearPlan, data: Mapping[str, Any], actor: Any) -> ProjectYearPlan:
    return update_audited(
        projectyearplan,
        data=data,
        fields=YEAR_PLAN_FIELDS,
        actor=actor,
        reason=_("修改年度投资计划"),
        check=_check_year_plan,
    )


def projectyearplan_delete(*, projectyearplan: ProjectYearPlan, actor: Any) -> None:
    delete_audited(projectyearplan, actor=actor, reason=_("删除年度投资计划"))


# --- approval steps ("最多90天") ----------------------------------------------------------------------------


def _check_step(step: ApprovalStep, changed: list[str]) -> None:
    if step.approved_on is not None and step.submitted_on is not None and step.approved_on < step.submitted_on:
        raise ValidationError({"approved_on": _("办结日期不能早于受理日期")})


def approvalstep_create(*, data: Mapping[str, Any], actor: Any) -> ApprovalStep:
    """A government step with the dates it held a complete file (only that time counts, domain.md §6)."""
    return create_audited(
        ApprovalStep, data=data, fields=STEP_FIELDS, actor=actor, reason=_("新增审批事项"), check=_check_step
    )


def approvalstep_update(*, approvalstep: ApprovalStep, data: Mapping[str, Any], actor: Any) -> ApprovalStep:
    return update_audited(
        approvalstep, data=data, fields=STEP_FIELDS, actor=actor, reason=_("修改审批事项"), check=_check_step
    )


def approvalstep_delete(*, approvalstep: ApprovalStep, actor: Any) -> None:
    delete_audited(approvalstep, actor=actor, reason=_("删除审批事项"))


# --- 标准地 contracts -----------------------------------------------------------------------------------------


def _check_contract(contract: StandardLandContract, changed: list[str]) -> None:
    if contract.project_id and contract.project.project_type == ProjectType.ZERO_LAND:
        raise ValidationError({"project": _("零土地技改项目没有标准地出让指标")})
    has_actual = any(getattr(contract, f"actual_{k}") is not None for k, _l, _h in calc.CONTRACT_INDICATORS)
    if contract.checked_on is not None and not has_actual:
        raise ValidationError({"checked_on": _("填写对标验收日期时应填写实际指标")})


def standardlandcontract_create(*, data: Mapping[str, Any], actor: Any) -> StandardLandContract:
    """The 标准地 indicators promised at land sale; the actuals are filled in at 达产 (对标验收)."""
    return create_audited(
        StandardLandContract,
        data=data,
        fields=CONTRACT_FIELDS,
        actor=actor,
        reason=_("新增标准地出让指标"),
        check=_check_contract,
    )


def standardlandcontract_update(
    *, standardlandcontract: StandardLandContract, data: Mapping[str, Any], actor: Any
) -> StandardLandContract:
    return update_audited(
        standardlandcontract,
        data=data,
        fields=CONTRACT_FIELDS,
        actor=actor,
        reason=_("修改标准地出让指标"),
        check=_check_contract,
    )


def standardlandcontract_delete(*, standardlandcontract: StandardLandContract, actor: Any) -> None:
    delete_audited(standardlandcontract, actor=actor, reason=_("删除标准地出让指标"))


# --- reference data: categories, lists, star gates -------------------------------------------------------------


def projectcategory_create(*, data: Mapping[str, Any], actor: Any) -> ProjectCategory:
    return create_audited(ProjectCategory, data=data, fields=CATEGORY_FIELDS, actor=actor, reason=_("新增项目类别"))


def projectcategory_update(*, projectcategory: ProjectCategory, data: Mapping[str, Any], actor: Any) -> ProjectCategory:
    return update_audited(projectcategory, data=data, fields=CATEGORY_FIELDS, actor=actor, reason=_("修改项目类别"))


def _check_category_unused(category: ProjectCategory, changed: list[str]) -> None:
    if category.projects.exists():
        raise ValidationError(_("仍有项目属于该类别，请改为停用"))


def projectcategory_delete(*, projectcategory: ProjectCategory, actor: Any) -> None:
    """A category that projects still belong to is deactivated instead."""
    delete_audited(projectcategory, actor=actor, reason=_("删除项目类别"), check=_check_category_unused)


@transaction.atomic
def projectlist_create(*, data: Mapping[str, Any], actor: Any) -> ProjectList:
    """A list projects can be on; with a minimum total investment it is a tier filled automatically."""
    require_perm(actor, "projects.add_projectlist")
    project_list = ProjectList()
    assign(project_list, data, LIST_FIELDS)
    save_audited(project_list, actor=actor, reason=_("新增项目清单"))
    if project_list.min_total_investment is not None:
        _sync_all_tier_lists(list(Project.objects.values_list("pk", flat=True)), actor=actor)  # type: ignore[attr-defined]
    return project_list


@transaction.atomic
def projectlist_update(*, projectlist: ProjectList, data: Mapping[str, Any], actor: Any) -> ProjectList:
    require_perm(actor, "projects.change_projectlist")
    was_tier = projectlist.min_total_investment is not None
    changed = assign(projectlist, data, LIST_FIELDS)
    save_audited(projectlist, actor=actor, reason=_("修改项目清单"), changed=changed)
    if {"min_total_investment", "active"} & set(changed):
        if was_tier and (projectlist.min_total_investment is None or not projectlist.active):
            # No longer a tier: membership was automatic, start empty (one statement, history per project).
            members = Project.lists.through.objects.filter(projectlist=projectlist)
            emptied = sorted(members.values_list("project_id", flat=True))
            members.delete()
            _record_list_history(emptied, actor=actor, reason=_("清单不再按门槛，清空清单成员"))
        _sync_all_tier_lists(list(Project.objects.values_list("pk", flat=True)), actor=actor)  # type: ignore[attr-defined]
    return projectlist


@transaction.atomic
def projectlist_delete(*, projectlist: ProjectList, actor: Any) -> None:
    require_perm(actor, "projects.delete_projectlist")
    if projectlist.min_total_investment is None and projectlist.projects.exists():
        raise ValidationError(_("清单中仍有项目，请改为停用"))
    stamp(projectlist, actor=actor, reason=_("删除项目清单"))
    projectlist.delete()


def _stars_changed(actor: Any) -> None:
    """Stars of every project follow the gates: recompute them all after a gate changes."""
    projects_recompute(actor=actor, reason=_("星级规则变更，重算星级"))


@transaction.atomic
def stargate_create(*, data: Mapping[str, Any], actor: Any) -> StarGate:
    require_perm(actor, "projects.add_stargate")
    gate = StarGate()
    assign(gate, data, GATE_FIELDS)
    save_audited(gate, actor=actor, reason=_("新增星级规则"))
    _stars_changed(actor)
    return gate


@transaction.atomic
def stargate_update(*, stargate: StarGate, data: Mapping[str, Any], actor: Any) -> StarGate:
    require_perm(actor, "projects.change_stargate")
    changed = assign(stargate, data, GATE_FIELDS)
    save_audited(stargate, actor=actor, reason=_("修改星级规则"), changed=changed)
    if changed:
        _stars_changed(actor)
    return stargate


@transaction.atomic
def stargate_delete(*, stargate: StarGate, actor: Any) -> None:
    require_perm(actor, "projects.delete_stargate")
    stamp(stargate, actor=actor, reason=_("删除星级规则"))
    stargate.delete()
    _stars_changed(actor)


def default_node_dates(nodes: Mapping[str, calc.NodeDates]) -> list[tuple[str, calc.NodeDates]]:
    """The nine nodes in order with their dates (empty where none): the node timeline and formset."""
    return [(str(node), nodes.get(str(node), calc.NodeDates())) for node in NODE_ORDER]
