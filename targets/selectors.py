"""Reading plans: the decomposition table (目标任务分解表) of a plan, as the notice lays it out.

One query fetches the targets the user may see (their scope decides which units appear); the
table is then built in memory: units × indicator lines, laid out like the notice (units as rows
for the Jiaxing 2019 table, as columns for the 2019–2021 plan). The page and the Excel export
render the same `Grid`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from regions.models import Region

from .choices import PeriodKind, PlanLayout
from .models import Indicator, Plan, Target

_PERIOD_ORDER = {PeriodKind.TOTAL: 0, PeriodKind.YEAR: 1, PeriodKind.YEAR_END: 2}


@dataclass(frozen=True)
class LineHead:
    """One indicator × period: a column of the Jiaxing table, a row of the three-year table."""

    indicator: Indicator
    period_kind: str
    year_start: int
    year_end: int

    @property
    def key(self) -> tuple[int, str, int, int]:
        return (self.indicator.pk, self.period_kind, self.year_start, self.year_end)

    @property
    def period_label(self) -> str:
        if self.period_kind == PeriodKind.YEAR_END:
            return _("到%d年底") % self.year_end
        if self.period_kind == PeriodKind.TOTAL:
            return _("%(a)d～%(b)d年合计") % {"a": self.year_start, "b": self.year_end}
        return _("%d年") % self.year_start


@dataclass
class GridCell:
    text: str = ""
    title: str = ""  # the cell as written in the notice, shown on hover
    header: bool = False
    rowspan: int = 1
    colspan: int = 1
    hidden: bool = False  # covered by a span
    status: str = ""
    number: Any = None  # a plain number for Excel (eq targets), else None
    url: str = ""


@dataclass
class Decomposition:
    plan: Plan
    lines: list[LineHead] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)  # units in code order, the plan's region last
    cells: dict[tuple[tuple[int, str, int, int], int], Target] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.cells

    def target(self, line: LineHead, region: Region) -> Target | None:
        return self.cells.get((line.key, region.pk))

    def region_label(self, region: Region) -> str:
        return _("全市（合计）") if region.pk == self.plan.scope_region_id else region.name

    def grid(self) -> list[list[GridCell]]:
        """The table as rows of cells, in the plan's layout, with merged header cells."""
        if self.plan.layout == PlanLayout.UNITS_AS_COLUMNS:
            return self._units_as_columns()
        return self._units_as_rows()

    def _cell(self, line: LineHead, region: Region) -> GridCell:
        target = self.target(line, region)
        if target is None:
            return GridCell()
        number = target.display_value if target.status == "number" and target.comparator == "eq" else None
        return GridCell(
            text=target.display,
            title=target.raw_text,
            status=target.status,
            number=number,
            url=target.get_absolute_url(),
        )

    def _groups(self) -> list[list[LineHead]]:
        groups: list[list[LineHead]] = []
        for line in self.lines:
            if groups and groups[-1][0].indicator.pk == line.indicator.pk:
                groups[-1].append(line)
            else:
                groups.append([line])
        return groups

    def _units_as_rows(self) -> list[list[GridCell]]:
        groups = self._groups()
        # Periods get a second header row when an indicator has several, or the plan spans years.
        two_levels = self.plan.year_start != self.plan.year_end or any(len(g) > 1 for g in groups)
        top = [GridCell(_("单位"), header=True, rowspan=2 if two_levels else 1)]
        second: list[GridCell] = [GridCell(hidden=True)]
        for group in groups:
            top.append(GridCell(str(group[0].indicator), header=True, colspan=len(group)))
            top.extend(GridCell(hidden=True) for _line in group[1:])
            second.extend(GridCell(line.period_label, header=True) for line in group)
        rows = [top, second] if two_levels else [top]
        for region in self.regions:
            rows.append(
                [GridCell(self.region_label(region), header=True), *(self._cell(line, region) for line in self.lines)]
            )
        return rows

    def _units_as_columns(self) -> list[list[GridCell]]:
        head = [GridCell(_("指标"), header=True), GridCell(_("期间"), header=True)]
        head.extend(GridCell(self.region_label(r), header=True) for r in self.regions)
        rows = [head]
        for group in self._groups():
            for i, line in enumerate(group):
                label = (
                    GridCell(str(line.indicator), header=True, rowspan=len(group)) if i == 0 else GridCell(hidden=True)
                )
                rows.append(
                    [label, GridCell(line.period_label, header=True), *(self._cell(line, r) for r in self.regions)]
                )
        return rows


def plan_decomposition(*, plan: Plan, user: Any) -> Decomposition:
    """The plan's targets that `user` may see, as a decomposition table (one query)."""
    targets = list(
        Target.objects.visible_to(user)
        .filter(indicator__plan=plan)
        .select_related("indicator", "region")
        .order_by("indicator__order", "indicator__pk")
    )
    table = Decomposition(plan=plan)
    lines: dict[tuple[int, str, int, int], LineHead] = {}
    regions: dict[int, Region] = {}
    for target in targets:
        line = LineHead(target.indicator, target.period_kind, target.year_start, target.year_end)
        lines.setdefault(line.key, line)
        regions.setdefault(target.region_id, target.region)
        table.cells[(line.key, target.region_id)] = target
    table.lines = sorted(
        lines.values(),
        key=lambda ln: (
            ln.indicator.order,
            ln.indicator.pk,
            _PERIOD_ORDER.get(PeriodKind(ln.period_kind), 9),
            ln.year_start,
            ln.year_end,
        ),
    )
    city_last = (
        plan.layout != PlanLayout.UNITS_AS_COLUMNS
    )  # the Jiaxing table ends with 合计; the three-year table starts with 全市
    # Units in administrative-code order (GB/T 2260), functional zones (local codes) after them.
    table.regions = sorted(
        regions.values(),
        key=lambda r: ((r.pk == plan.scope_region_id) == city_last, not r.code.isdigit(), r.code),
    )
    return table
