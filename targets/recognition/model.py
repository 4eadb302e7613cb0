"""What recognition makes of a table: the source grid, its units, its indicator lines and findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from core.imports import Finding, FindingList, column_letter

from ..choices import Direction, IndicatorKind, PlanLayout
from ..consistency import SumCheck
from ..values import ParsedTarget, Period


class RegionLike(Protocol):
    pk: int
    code: str
    name: str
    path: str
    aliases: list[str]


@dataclass(frozen=True)
class SourceTable:
    """A table as read from a file: its name (sheet or 表N) and cell texts, merged cells expanded."""

    name: str
    cells: list[list[str]]
    context: str = ""  # text around the table (the notice's paragraphs), for metadata suggestions
    # Rows of a paste split on runs of spaces whose cell count differs from the table's (row → count):
    # their columns cannot be trusted to line up, so recognition reports them instead of reading them.
    ragged: dict[int, int] = field(default_factory=dict)
    width: int = 0  # the cell count the ragged rows are compared with


@dataclass
class UnitEntry:
    """A unit named in the table: as written, and the region it matched (or why not)."""

    name: str
    position: int  # grid row (units as rows) or grid column (units as columns), from 0
    row: int
    column: int
    region_id: int | None = None
    region_code: str | None = None
    region_name: str | None = None
    region_path: str | None = None
    problem: str = ""
    is_total: bool = False

    @property
    def matched(self) -> bool:
        return self.region_id is not None


@dataclass
class ValueCell:
    row: int  # grid position, from 0
    column: int
    parsed: ParsedTarget


@dataclass
class Line:
    """One indicator × period of the table: a column (units as rows) or a row (units as columns)."""

    name: str
    unit: str
    kind: IndicatorKind
    direction: Direction
    period: Period | None
    period_label: str
    position: int
    header_row: int
    header_column: int
    values: dict[int, ValueCell] = field(default_factory=dict)  # index into RecognizedTable.units → cell
    city: ValueCell | None = None
    check: SumCheck = field(default_factory=SumCheck)
    # How the unit was found: "" as written (cell, header or 单位：… line), "inferred" from the name,
    # "missing" when nothing says it (the user chooses before confirming), "chosen" by the user.
    unit_source: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.unit)


@dataclass
class TimeCheck:
    """A multi-year total against the sum of its years, for one unit (or the city) and one flow indicator."""

    indicator: str
    unit_name: str
    total: Decimal
    sum_of_years: Decimal

    @property
    def consistent(self) -> bool:
        return self.total == self.sum_of_years


@dataclass
class RecognizedTable(FindingList):
    """What recognition made of one table: units, indicator lines with their values, and every finding."""

    index: int  # 1-based, the `--table N` of the command
    name: str
    titles: list[str] = field(default_factory=list)
    layout: PlanLayout | None = None
    units: list[UnitEntry] = field(default_factory=list)  # the units, without the total
    total: UnitEntry | None = None
    city_region_id: int | None = None
    city_region_code: str | None = None
    lines: list[Line] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    time_checks: list[TimeCheck] = field(default_factory=list)
    years: tuple[int, int] | None = None
    recognised: bool = True

    def finding(self, row: int, column: int, message: str, severity: str = "error") -> None:
        self.findings.append(Finding(self.name, row + 1, column_letter(column), message, severity))

    def table_finding(self, message: str, severity: str = "error") -> None:
        """A finding about the whole table; severity "info" only tells (e.g. a layout table that was skipped)."""
        self.findings.append(Finding(self.name, 0, "", message, severity))
