"""Pure calculations of the key-project library (domain.md §6), over plain data, without the database.

A selector gathers a project's nodes (planned and actual dates), the star gates, the approval steps
and the lists' thresholds; these functions derive the stage, the stars with a reason for each, the
flags, the rates with numerator / denominator / basis, the approval-days summary, the tier lists and
the 标准地 comparison; a service stores the results. Every function takes an `as_of` date where time
matters, so the state of the library at the end of any past month is reproducible: a node counts as
reached only when its actual date is on or before `as_of`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .choices import NODE_ORDER, ApprovalPhase, Flag, Node, Stage

# --- nodes ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeDates:
    """One node of a project: its planned and actual date (either may be missing)."""

    planned: dt.date | None = None
    actual: dt.date | None = None


NodeMap = Mapping[str, NodeDates]


def node_map(rows: Iterable[tuple[str, dt.date | None, dt.date | None]]) -> dict[str, NodeDates]:
    """(node, planned, actual) rows as a mapping node code → NodeDates."""
    return {str(node): NodeDates(planned, actual) for node, planned, actual in rows}


def is_reached(nodes: NodeMap, node: str, as_of: dt.date | None = None) -> bool:
    """A node is reached when it has an actual date, on or before `as_of` when one is given."""
    dates = nodes.get(node)
    if dates is None or dates.actual is None:
        return False
    return as_of is None or dates.actual <= as_of


def reached_nodes(nodes: NodeMap, as_of: dt.date | None = None) -> set[str]:
    """The codes of the nodes reached by `as_of`."""
    return {node for node in nodes if is_reached(nodes, node, as_of)}


def _reached_any(nodes: NodeMap, codes: Iterable[str], as_of: dt.date | None) -> bool:
    return any(is_reached(nodes, code, as_of) for code in codes)


def _from(node: Node) -> tuple[str, ...]:
    """The node and every later node: reaching a later node implies the earlier one is behind us."""
    return tuple(str(n) for n in NODE_ORDER[NODE_ORDER.index(node) :])


# --- stage ------------------------------------------------------------------------------------------


def stage_from_nodes(nodes: NodeMap, as_of: dt.date | None = None) -> Stage:
    """The stage follows from the furthest node reached (domain.md §6, the five lists of the seed notice).

    达产 → 达产运营; 竣工 or 投产 → 建成投产; 开工 → 建设实施; 备案赋码 or any approval (供地, 规划许可,
    施工许可) → 前期攻坚; otherwise (signed, or nothing yet) → 签约服务. A later node counts even when an
    earlier one has no actual date (units often skip filling in intermediate nodes).
    """
    if is_reached(nodes, Node.FULL, as_of):
        return Stage.OPERATING
    if _reached_any(nodes, _from(Node.COMPLETED), as_of):
        return Stage.COMMISSIONED
    if _reached_any(nodes, _from(Node.STARTED), as_of):
        return Stage.CONSTRUCTION
    if _reached_any(nodes, _from(Node.FILED), as_of):
        return Stage.PREPARATION
    return Stage.SIGNING


# --- stars (五星) ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StarRule:
    """One configured star gate (projects.models.StarGate as plain data)."""

    name: str
    node: str
    grace_days: int = 0


# The default gates of domain.md §6 (the Jiaxing rule is not public): one star per gate reached on time.
# Only the data migration and the demo use them; the running system reads the StarGate rows.
DEFAULT_STAR_RULES: tuple[StarRule, ...] = (
    StarRule("签约落地", Node.SIGNED),
    StarRule("前期完成", Node.PERMIT),
    StarRule("按期开工", Node.STARTED),
    StarRule("按期竣工投产", Node.PRODUCING),
    StarRule("按期达产", Node.FULL),
)


@dataclass(frozen=True)
class StarReason:
    """Why one gate earned a star or not."""

    gate: str
    node: str
    earned: bool
    reason: str


@dataclass(frozen=True)
class StarResult:
    stars: int
    reasons: tuple[StarReason, ...]


def evaluate_stars(nodes: NodeMap, rules: Sequence[StarRule], as_of: dt.date | None = None) -> StarResult:
    """五星 evaluation: a gate earns its star when its node is reached on or before planned + grace days.

    A node reached without a planned date earns the star (there was no schedule to miss); a late node
    earns none; a node not reached yet earns none, with the reason saying whether it is overdue.
    """
    reasons: list[StarReason] = []
    for rule in rules:
        dates = nodes.get(str(rule.node), NodeDates())
        label = Node(rule.node).label
        deadline = dates.planned + dt.timedelta(days=rule.grace_days) if dates.planned else None
        if is_reached(nodes, str(rule.node), as_of):
            assert dates.actual is not None
            if deadline is None:
                reasons.append(
                    StarReason(rule.name, rule.node, True, _("%(node)s已完成（无计划时间）") % {"node": label})
                )
            elif dates.actual <= deadline:
                reasons.append(
                    StarReason(
                        rule.name,
                        rule.node,
                        True,
                        _("%(node)s于%(actual)s完成，未晚于计划%(planned)s")
                        % {"node": label, "actual": dates.actual, "planned": dates.planned},
                    )
                )
            else:
                late = (dates.actual - deadline).days
                reasons.append(
                    StarReason(
                        rule.name,
                        rule.node,
                        False,
                        _("%(node)s于%(actual)s完成，晚于计划%(planned)s共%(days)s天")
                        % {"node": label, "actual": dates.actual, "planned": dates.planned, "days": late},
                    )
                )
        elif deadline is not None and as_of is not None and deadline < as_of:
            reasons.append(
                StarReason(
                    rule.name,
                    rule.node,
                    False,
                    _("%(node)s计划%(planned)s，已逾期%(days)s天未完成")
                    % {"node": label, "planned": dates.planned, "days": (as_of - deadline).days},
                )
            )
        else:
            reasons.append(StarReason(rule.name, rule.node, False, _("%(node)s尚未完成") % {"node": label}))
    return StarResult(sum(1 for r in reasons if r.earned), tuple(reasons))


# --- flags (预警) ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverdueNodeInfo:
    node: str
    planned: dt.date
    days_overdue: int


def overdue_nodes(nodes: NodeMap, as_of: dt.date) -> list[OverdueNodeInfo]:
    """Nodes whose planned date has passed (before `as_of`) without being reached by `as_of`, in node order."""
    result = []
    for node in NODE_ORDER:
        dates = nodes.get(str(node))
        if dates is None or dates.planned is None or dates.planned >= as_of:
            continue
        if not is_reached(nodes, str(node), as_of):
            result.append(OverdueNodeInfo(str(node), dates.planned, (as_of - dates.planned).days))
    return result


def project_flags(nodes: NodeMap, as_of: dt.date, *, updated_this_month: bool | None = None) -> list[str]:
    """The warnings of domain.md §6, as Flag codes in a fixed order.

    节点逾期: a planned date passed without an actual date. 已完工未投产: 竣工 reached, 投产 not.
    投产未达产: 投产 reached, 达产 not, and 达产's planned date has passed. 本月未更新: no monthly update
    for the month of `as_of` (only when `updated_this_month` is known, and not for projects at 达产,
    which no longer report).
    """
    flags: list[str] = []
    if overdue_nodes(nodes, as_of):
        flags.append(Flag.OVERDUE_NODE)
    completed = _reached_any(nodes, (Node.COMPLETED,), as_of)
    producing = _reached_any(nodes, _from(Node.PRODUCING), as_of)
    full = is_reached(nodes, Node.FULL, as_of)
    if completed and not producing:
        flags.append(Flag.COMPLETED_NOT_PRODUCING)
    full_planned = nodes.get(Node.FULL, NodeDates()).planned
    if producing and not full and full_planned is not None and full_planned < as_of:
        flags.append(Flag.PRODUCING_NOT_FULL)
    if updated_this_month is False and not full:
        flags.append(Flag.NO_UPDATE)
    return [str(f) for f in flags]


# --- rates (开工率, 竣工率, 投产率) ----------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """A rate with its numerator, denominator and the basis it is computed on (always shown together)."""

    numerator: int
    denominator: int
    basis: str
    places: int = 1

    @property
    def percent(self) -> Decimal | None:
        """numerator ÷ denominator in %, rounded half-up to `places` decimals; None for an empty denominator."""
        if self.denominator == 0:
            return None
        quantum = Decimal(1).scaleb(-self.places)
        return (Decimal(self.numerator) * 100 / Decimal(self.denominator)).quantize(quantum, ROUND_HALF_UP)


def percent(numerator: int | Decimal, denominator: int | Decimal, places: int = 1) -> Decimal | None:
    """numerator ÷ denominator in %, half-up to `places` decimals (None when the denominator is 0)."""
    if not denominator:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(quantum, ROUND_HALF_UP)


def is_signed(nodes: NodeMap, as_of: dt.date | None = None) -> bool:
    """Signed: 签约 reached, or any later node (a project that started was signed)."""
    return _reached_any(nodes, _from(Node.SIGNED), as_of)


def is_started(nodes: NodeMap, as_of: dt.date | None = None) -> bool:
    """Started, including projects already completed or producing (开工率 numerator)."""
    return _reached_any(nodes, _from(Node.STARTED), as_of)


def is_completed(nodes: NodeMap, as_of: dt.date | None = None) -> bool:
    return _reached_any(nodes, _from(Node.COMPLETED), as_of)


def is_producing(nodes: NodeMap, as_of: dt.date | None = None) -> bool:
    """Producing: 投产 or 达产 reached (投产率 numerator)."""
    return _reached_any(nodes, _from(Node.PRODUCING), as_of)


def start_rate(*, signed: int, started: int, places: int = 1) -> Rate:
    """开工率 = started (including already producing) ÷ signed (domain.md §6, sourced)."""
    return Rate(started, signed, _("开工项目数（含已投产）÷ 签约项目数"), places)


def production_rate(*, signed: int, producing: int, places: int = 1) -> Rate:
    """投产率 = producing ÷ signed (domain.md §6, sourced)."""
    return Rate(producing, signed, _("投产项目数 ÷ 签约项目数"), places)


def completion_rate(*, planned_to_complete: int, completed: int, places: int = 1) -> Rate:
    """竣工率 = completed ÷ planned to complete this year (domain.md §6, sourced)."""
    return Rate(completed, planned_to_complete, _("本年计划竣工项目中已竣工数 ÷ 本年计划竣工项目数"), places)


@dataclass(frozen=True)
class RateSet:
    start: Rate
    completion: Rate
    production: Rate


def rates_for(projects: Iterable[NodeMap], as_of: dt.date, places: int = 1) -> RateSet:
    """开工率, 竣工率 and 投产率 of a set of projects as of a date (their year is `as_of`'s year).

    竣工率's denominator is the projects whose 竣工 is planned in that year; its numerator those of them
    completed by `as_of`.
    """
    signed = started = producing = planned_completion = completed = 0
    for nodes in projects:
        if is_signed(nodes, as_of):
            signed += 1
            started += is_started(nodes, as_of)
            producing += is_producing(nodes, as_of)
        planned = nodes.get(Node.COMPLETED, NodeDates()).planned
        if planned is not None and planned.year == as_of.year:
            planned_completion += 1
            completed += is_completed(nodes, as_of)
    return RateSet(
        start=start_rate(signed=signed, started=started, places=places),
        completion=completion_rate(planned_to_complete=planned_completion, completed=completed, places=places),
        production=production_rate(signed=signed, producing=producing, places=places),
    )


# --- approval days ("最多90天") -----------------------------------------------------------------------

APPROVAL_LIMIT_DAYS = 60  # approvals from 赋码备案 to 施工许可 (最多90天 reform, Zhejiang)
ACCEPTANCE_LIMIT_DAYS = 30  # joint acceptance after completion
TOTAL_LIMIT_DAYS = 90


@dataclass(frozen=True)
class StepDates:
    """An approval step: the phase, when the government received a complete file and when it decided."""

    phase: str
    submitted_on: dt.date
    approved_on: dt.date | None = None


@dataclass(frozen=True)
class ApprovalSummary:
    """Government days per phase against the limits; open steps count up to `as_of`."""

    approval_days: int
    acceptance_days: int
    open_steps: int
    approval_limit: int = APPROVAL_LIMIT_DAYS
    acceptance_limit: int = ACCEPTANCE_LIMIT_DAYS
    total_limit: int = TOTAL_LIMIT_DAYS

    @property
    def total_days(self) -> int:
        return self.approval_days + self.acceptance_days

    @property
    def approval_ok(self) -> bool:
        return self.approval_days <= self.approval_limit

    @property
    def acceptance_ok(self) -> bool:
        return self.acceptance_days <= self.acceptance_limit

    @property
    def total_ok(self) -> bool:
        return self.total_days <= self.total_limit


def _covered_days(intervals: Iterable[tuple[dt.date, dt.date]]) -> int:
    """Days covered by the union of [start, end) intervals: parallel steps count once (并联审批)."""
    total = 0
    current_start: dt.date | None = None
    current_end: dt.date | None = None
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if current_end is None or start > current_end:
            if current_start is not None and current_end is not None:
                total += (current_end - current_start).days
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    if current_start is not None and current_end is not None:
        total += (current_end - current_start).days
    return total


def approval_summary(
    steps: Iterable[StepDates],
    as_of: dt.date,
    *,
    approval_limit: int = APPROVAL_LIMIT_DAYS,
    acceptance_limit: int = ACCEPTANCE_LIMIT_DAYS,
    total_limit: int = TOTAL_LIMIT_DAYS,
) -> ApprovalSummary:
    """Government time from 赋码备案 to 竣工验收 (domain.md §6): only days the government held a complete file.

    Each step counts from `submitted_on` to `approved_on` (an open step up to `as_of`); steps running
    in parallel within a phase count once, so the figure is the calendar days with at least one step
    pending. Time the owner spends preparing (between steps) does not count.
    """
    by_phase: dict[str, list[tuple[dt.date, dt.date]]] = {ApprovalPhase.APPROVAL: [], ApprovalPhase.ACCEPTANCE: []}
    open_steps = 0
    for step in steps:
        if step.submitted_on > as_of:
            continue
        end = step.approved_on if step.approved_on is not None and step.approved_on <= as_of else as_of
        if step.approved_on is None or step.approved_on > as_of:
            open_steps += 1
        by_phase.setdefault(str(step.phase), []).append((step.submitted_on, end))
    return ApprovalSummary(
        approval_days=_covered_days(by_phase[ApprovalPhase.APPROVAL]),
        acceptance_days=_covered_days(by_phase[ApprovalPhase.ACCEPTANCE]),
        open_steps=open_steps,
        approval_limit=approval_limit,
        acceptance_limit=acceptance_limit,
        total_limit=total_limit,
    )


# --- tiers by total investment ------------------------------------------------------------------------


def tier_list_ids(total_investment: Decimal, thresholds: Iterable[tuple[int, Decimal | None]]) -> set[int]:
    """The tier lists (亿元以上, 10/50/100亿元以上 …) a project belongs to by its total investment in 万元.

    `thresholds` are (list id, minimum total investment); lists without a minimum are chosen by hand
    and never returned here. A project is on every tier whose minimum it reaches.
    """
    return {pk for pk, minimum in thresholds if minimum is not None and total_investment >= minimum}


# The investment tiers of the list filter (万元): lower bound inclusive, upper bound exclusive. The labels are
# marked for the catalog and translated where they are shown (projects/filtersets/projects.py).
INVESTMENT_TIERS: tuple[tuple[str, str, Decimal | None, Decimal | None], ...] = (
    ("lt1", gettext_noop("1亿元以下"), None, Decimal(10000)),
    ("1to10", gettext_noop("1亿–10亿元"), Decimal(10000), Decimal(100000)),
    ("10to50", gettext_noop("10亿–50亿元"), Decimal(100000), Decimal(500000)),
    ("50to100", gettext_noop("50亿–100亿元"), Decimal(500000), Decimal(1000000)),
    ("ge100", gettext_noop("100亿元以上"), Decimal(1000000), None),
)


def investment_tier(total_investment: Decimal) -> str:
    """The code of the investment tier (INVESTMENT_TIERS) that a total investment in 万元 falls in."""
    for code, _label, low, high in INVESTMENT_TIERS:
        if (low is None or total_investment >= low) and (high is None or total_investment < high):
            return code
    raise ValueError(total_investment)  # pragma: no cover - the tiers cover every non-negative amount


# --- 标准地 contract vs actuals --------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractIndicator:
    """One 标准地 indicator: promised at land sale, actual at 达产, and whether the promise is kept."""

    key: str
    label: str
    promised: Decimal | None
    actual: Decimal | None
    higher_is_better: bool

    @property
    def met(self) -> bool | None:
        """True when the actual reaches the promise (≥, or ≤ for energy and emission); None if either is missing."""
        if self.promised is None or self.actual is None:
            return None
        return self.actual >= self.promised if self.higher_is_better else self.actual <= self.promised


# key, label, higher is better
CONTRACT_INDICATORS: tuple[tuple[str, str, bool], ...] = (
    ("investment_intensity", "亩均投资强度（万元/亩）", True),
    ("plot_ratio", "容积率", True),
    ("tax_per_mu", "亩均税收（万元/亩）", True),
    ("energy_per_value", "单位增加值能耗（吨标煤/万元）", False),
    ("emission_per_value", "单位增加值排放（吨/万元）", False),
    ("rd_ratio", "研发经费占比（%）", True),
)


@dataclass(frozen=True)
class ContractComparison:
    indicators: tuple[ContractIndicator, ...] = field(default_factory=tuple)

    @property
    def checked(self) -> list[ContractIndicator]:
        return [i for i in self.indicators if i.met is not None]

    @property
    def all_met(self) -> bool | None:
        """True when every indicator with both figures is met; None when nothing can be compared yet."""
        checked = self.checked
        return all(i.met for i in checked) if checked else None


def compare_land_contract(
    promised: Mapping[str, Decimal | None], actual: Mapping[str, Decimal | None]
) -> ContractComparison:
    """The 对标验收 of a 标准地 contract: each promised indicator against the actual at 达产 (domain.md §6)."""
    return ContractComparison(
        tuple(
            ContractIndicator(key, _(label), promised.get(key), actual.get(key), higher)
            for key, label, higher in CONTRACT_INDICATORS
        )
    )


# --- monthly plan -------------------------------------------------------------------------------------------


def monthly_plan_problems(planned_investment: Decimal, monthly_plan: Sequence[object]) -> list[str]:
    """What is wrong with a year plan's monthly plan: 12 non-negative amounts summing to the year's plan.

    An empty monthly plan is allowed (not every unit splits the year).
    """
    if not monthly_plan:
        return []
    problems = []
    if len(monthly_plan) != 12:
        problems.append(_("分月计划应为 12 个月，实际 %(n)s 个") % {"n": len(monthly_plan)})
        return problems
    try:
        amounts = [Decimal(str(v)) for v in monthly_plan]
    except ArithmeticError:
        return [_("分月计划应为数字")]
    if any(a < 0 for a in amounts):
        problems.append(_("分月计划不能为负数"))
    if sum(amounts, Decimal(0)) != planned_investment:
        problems.append(
            _("分月计划合计 %(sum)s 万元，与年度计划投资 %(plan)s 万元不一致")
            % {"sum": sum(amounts, Decimal(0)), "plan": planned_investment}
        )
    return problems


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month: the `as_of` date of a month-end state."""
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)
