"""Reading monthly reports: the grid of one report, the month's overview, missing and late reports.

Each function runs a fixed number of queries whatever the number of units or indicators.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q

from core import clock
from core.figures import format_figure
from core.sources import compute
from regions.choices import COUNTY_LEVEL, RegionKind
from regions.models import Region
from targets.choices import Comparator, IndicatorKind, IndicatorSource, PeriodKind, TargetStatus
from targets.models import Indicator, Target

from .choices import EDITABLE, REPORTED, ReportStatus
from .models import MonthlyReport, MonthPublication, Reminder, ReportingDeadline, ReportValue
from .periods import default_deadline, previous_report_month, submitted_late
from .validation import KIND_FIELDS, Line

# --- the calendar ------------------------------------------------------------------------------


def deadline_day() -> int:
    """The default deadline day of the next month (settings.REPORTING_DEADLINE_DAY, domain.md §4)."""
    return int(getattr(settings, "REPORTING_DEADLINE_DAY", 5))


def city_of(region: Region) -> Region:
    """The region whose deadline applies to a unit: its parent (the city), or itself at the top."""
    if region.depth <= 1:
        return region
    return Region.objects.filter(path=region.path[: -region.steplen]).first() or region


def deadline_for(city: Region, year: int, month: int) -> dt.date:
    """The deadline the city set for the month, or the default day of the next month."""
    row = ReportingDeadline.objects.filter(region=city, year=year, month=month).first()
    return row.deadline if row else default_deadline(year, month, day=deadline_day())


def reporting_units(root: Region, user: Any = None) -> list[Region]:
    """The county-level units under `root` (in the user's scope when a user is given), in code order."""
    qs = Region.objects.filter(path__startswith=root.path, kind__in=COUNTY_LEVEL).exclude(pk=root.pk)
    if user is not None and not user.sees_everything:
        qs = qs.filter(pk__in=user.scope_region_ids)
    return sorted(qs, key=lambda r: (not r.code.isdigit(), r.code))


def home_city(user: Any) -> Region | None:
    """The city a user works in: their own region when it is a city, else the city above their unit."""
    region = getattr(user, "region", None)
    if region is None:
        return Region.objects.filter(kind=RegionKind.CITY).order_by("path").first()
    if region.kind == RegionKind.CITY:
        return region
    ancestors = [region.path[: i * region.steplen] for i in range(1, region.depth)]
    above = Region.objects.filter(path__in=ancestors, kind=RegionKind.CITY).order_by("-depth").first()
    if above is not None:
        return above
    return Region.objects.filter(kind=RegionKind.CITY, path__startswith=region.path).order_by("path").first()


# --- one report's grid -------------------------------------------------------------------------


@dataclass
class GridLine:
    """One indicator row of a report's grid."""

    indicator: Indicator
    target: Target | None
    value: ReportValue | None
    previous: Decimal | None = None
    computed: Decimal | None = None
    fields: tuple[str, ...] = ()

    @property
    def is_computed(self) -> bool:
        return self.indicator.source == IndicatorSource.COMPUTED

    @property
    def line(self) -> Line:
        return Line(
            self.indicator.pk, self.indicator.name, self.indicator.kind, self.indicator.storage_unit, self.is_computed
        )

    @property
    def unit(self) -> str:
        """The unit the row's figures are typed and shown in (万元 for money, domain.md §13)."""
        return self.indicator.storage_unit

    @property
    def target_in_row_unit(self) -> str:
        """The target in the row's unit (1610000.00 万元, not the notice's 161 亿元), so a row compares like with
        like; growth targets are percentages and relative or text targets words, shown as the notice writes them."""
        target = self.target
        if target is None:
            return ""
        if (
            target.status != TargetStatus.NUMBER
            or target.value is None
            or self.indicator.kind == IndicatorKind.GROWTH_RATE
        ):
            return target.display
        prefix = {Comparator.GE.value: "≥", Comparator.LE.value: "≤"}.get(target.comparator or "", "")
        return prefix + format_figure(target.value, self.unit)

    @property
    def is_nil(self) -> bool:
        """The unit marked this figure 无 (none this month, with a note in 备注): not empty and never a zero."""
        return self.value is not None and self.value.is_nil

    def current(self, name: str) -> Any:
        if self.is_computed and name == "value":
            return self.computed
        return getattr(self.value, name) if self.value is not None else None


def report_indicators(region: Region, year: int) -> list[Indicator]:
    """Every indicator of the plans covering `year` that concern the unit: it has a target, or the plan's region contains it."""
    ancestors = [region.path[: i * region.steplen] for i in range(1, region.depth + 1)]
    return list(
        Indicator.objects.filter(plan__year_start__lte=year, plan__year_end__gte=year)
        .filter(Q(targets__region=region) | Q(plan__scope_region__path__in=ancestors))
        .select_related("plan")
        .distinct()
        .order_by("plan__year_start", "plan__pk", "order", "pk")
    )


def _targets(region: Region, year: int, indicators: Iterable[Indicator]) -> dict[int, Target]:
    """The unit's target for the year per indicator: the year's target, else the year-end stock, else the multi-year total."""
    rank = {PeriodKind.YEAR: 0, PeriodKind.YEAR_END: 1, PeriodKind.TOTAL: 2}
    chosen: dict[int, Target] = {}
    rows = Target.objects.filter(
        region=region, indicator__in=[i.pk for i in indicators], year_start__lte=year, year_end__gte=year
    )
    for target in rows:
        if target.period_kind == PeriodKind.YEAR_END and target.year_end != year:
            continue
        best = chosen.get(target.indicator_id)
        if best is None or rank[PeriodKind(target.period_kind)] < rank[PeriodKind(best.period_kind)]:
            chosen[target.indicator_id] = target
    return chosen


def report_grid(report: MonthlyReport, *, compute_sources: bool = True) -> list[GridLine]:
    """The report's grid: one line per indicator with its target, stored value, last month's YTD and computed value."""
    indicators = report_indicators(report.region, report.year)
    targets = _targets(report.region, report.year, indicators)
    values = {v.indicator_id: v for v in ReportValue.objects.filter(report=report)}
    previous: dict[int, Decimal | None] = {}
    before = previous_report_month(report.year, report.month)
    if before is not None:
        previous = dict(
            ReportValue.objects.filter(
                report__region=report.region, report__year=before[0], report__month=before[1]
            ).values_list("indicator_id", "value")
        )
    lines = []
    for indicator in indicators:
        line = GridLine(
            indicator=indicator,
            target=targets.get(indicator.pk),
            value=values.get(indicator.pk),
            previous=previous.get(indicator.pk),
            fields=KIND_FIELDS.get(indicator.kind, ()),
        )
        if line.is_computed and compute_sources:
            line.computed = compute(indicator.source_query, report.region, report.year, report.month)
        lines.append(line)
    return lines


# --- the month ---------------------------------------------------------------------------------


@dataclass
class UnitStatus:
    """One unit's standing for a month: its report (or none), the deadline, missing / late / overdue."""

    region: Region
    report: MonthlyReport | None
    deadline: dt.date
    today: dt.date

    @property
    def status(self) -> str:
        return self.report.status if self.report else ""

    @property
    def missing(self) -> bool:
        """Not reported yet: no report, or one still being edited (draft or returned)."""
        return self.report is None or self.report.status in EDITABLE

    @property
    def overdue(self) -> bool:
        return self.missing and self.today > self.deadline

    @property
    def late(self) -> bool:
        return (
            self.report is not None
            and self.report.status in REPORTED
            and submitted_late(self.report.submitted_at, self.deadline)
        )


@dataclass
class MonthOverview:
    city: Region
    year: int
    month: int
    deadline: dt.date
    units: list[UnitStatus] = field(default_factory=list)
    publication: MonthPublication | None = None
    reminders: list[Reminder] = field(default_factory=list)

    @property
    def missing(self) -> list[UnitStatus]:
        return [u for u in self.units if u.missing]

    @property
    def late(self) -> list[UnitStatus]:
        return [u for u in self.units if u.late]

    @property
    def unpublishable(self) -> list[UnitStatus]:
        """Units whose figures would not be in the publication: not reported, or not accepted by the city."""
        return [
            u
            for u in self.units
            if u.report is None or u.report.status not in (ReportStatus.ACCEPTED, ReportStatus.LOCKED)
        ]


def month_overview(
    *, city: Region, year: int, month: int, user: Any = None, today: dt.date | None = None
) -> MonthOverview:
    """Units × status for a month under `city` (in the user's scope), with missing and late reports."""
    today = today or clock.today()
    deadline = deadline_for(city, year, month)
    units = reporting_units(city, user)
    reports = {
        r.region_id: r
        for r in MonthlyReport.objects.filter(region__in=units, year=year, month=month).select_related(
            "submitted_by", "approved_by", "accepted_by"
        )
    }
    overview = MonthOverview(city=city, year=year, month=month, deadline=deadline)
    for unit in units:
        report = reports.get(unit.pk)
        overview.units.append(
            UnitStatus(region=unit, report=report, deadline=report.deadline if report else deadline, today=today)
        )
    overview.publication = MonthPublication.objects.filter(region=city, year=year, month=month).first()
    overview.reminders = list(
        Reminder.objects.filter(region__in=units, year=year, month=month).select_related("region")[:200]
    )
    return overview


def missing_reports(*, city: Region, year: int, month: int, today: dt.date | None = None) -> list[UnitStatus]:
    return month_overview(city=city, year=year, month=month, today=today).missing


def late_reports(*, city: Region, year: int, month: int) -> list[UnitStatus]:
    return month_overview(city=city, year=year, month=month).late
