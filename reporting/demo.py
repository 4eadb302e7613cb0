"""Deterministic synthetic monthly reports for the demo: 2017–2019, every unit (issue #3, "Demo").

The numbers are invented, with realistic shapes so that forecasts, two-year averages and rankings
have something to show: each (unit, indicator series, year) has its own seeded generator; annual
totals start from the unit's 2019 target and go back a year at a time by a growth rate; the
cumulative monthly profile is slow in 1—2月 and pushes at year end; the comparable base of last
year (上年同期可比口径) is last year's figure ± a small statistical revision. 2017 and 2018 get
plans with the 2019 plan's indicator series, marked as synthetic history in their notes; their
months are published and locked. 2019 months 2..10 are reported and accepted.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.actors import SYSTEM
from core.history import bulk_create_audited
from regions.models import Region
from targets.choices import IndicatorKind, PeriodKind, TargetStatus
from targets.models import Indicator, Plan, Target

from .choices import ReportStatus
from .models import MonthlyReport, MonthPublication, ReportValue
from .periods import REPORT_MONTHS, default_deadline
from .selectors import deadline_day, reporting_units

SEED = 20190215
PLAN_2019 = "嘉经信投资〔2019〕15号"
HISTORY_YEARS = (2017, 2018)
YEARS = (2017, 2018, 2019)
LAST_MONTH_2019 = 10
REASON = "演示数据：合成月报（2017–2019）"
# Cumulative share of the annual total by the end of months 2..12: slow 1—2月, year-end push.
PROFILE = (0.10, 0.18, 0.26, 0.345, 0.43, 0.515, 0.60, 0.69, 0.78, 0.875, 1.0)
# Growth-rate indicators report an amount: its share of the unit's industrial investment.
AMOUNT_SHARE = {"技术改造投资增速": 0.45, "民间项目（制造业）投资增速": 0.7, "高新技术（制造业）产业投资增速": 0.35}
TWO = Decimal("0.01")


def _rng(*parts: Any) -> random.Random:
    return random.Random("-".join(str(p) for p in (SEED, *parts)))


def _profile(rng: random.Random) -> list[float]:
    """The year's cumulative shares for months 2..12, jittered but increasing, ending at 1."""
    shares, last = [], 0.0
    for base in PROFILE[:-1]:
        share = max(last + 0.03, base + rng.uniform(-0.02, 0.02))
        shares.append(share)
        last = share
    return [*shares, 1.0]


class Series:
    """One unit × indicator series: annual totals by year and YTD values by month, all deterministic."""

    def __init__(self, unit: str, series: str, level_2019: float, growth: Callable[[random.Random], float]):
        self.unit, self.series, self.level_2019, self.growth = unit, series, level_2019, growth
        self._annual: dict[int, float] = {}

    def annual(self, year: int) -> float:
        if year not in self._annual:
            if year >= 2019:
                self._annual[year] = self.level_2019
            else:
                g = self.growth(_rng(self.unit, self.series, year + 1, "growth"))
                self._annual[year] = self.annual(year + 1) / (1 + g)
        return self._annual[year]

    def ytd(self, year: int, month: int) -> float:
        shares = _profile(_rng(self.unit, self.series, year, "profile"))
        return self.annual(year) * shares[month - 2]

    def base(self, year: int, month: int) -> float:
        """Last year's same period on a comparable basis: last year's figure ± a revision of up to 2 %."""
        revision = _rng(self.unit, self.series, year, "revision", month).uniform(-0.02, 0.02)
        return self.ytd(year - 1, month) * (1 + revision)


def _money(x: float) -> Decimal:
    return Decimal(str(round(x, 2))).quantize(TWO)


def _count(x: float) -> Decimal:
    return Decimal(round(x))


def load_reporting_demo(*, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Create the synthetic history plans and the monthly reports; does nothing when they exist (idempotent)."""
    plan_2019 = Plan.objects.filter(document_number=PLAN_2019).first()
    if plan_2019 is None:
        return {"reports": 0}
    city = plan_2019.scope_region
    units = reporting_units(city)
    plans = {2019: plan_2019, **{y: _history_plan(plan_2019, y) for y in HISTORY_YEARS}}
    if MonthlyReport.objects.filter(region__in=units, year__in=YEARS).exists():
        return {"reports": MonthlyReport.objects.filter(year__in=YEARS).count()}
    investment = {
        t.region_id: float(t.value or 0)
        for t in Target.objects.filter(
            indicator__plan=plan_2019, indicator__name="工业投资", status=TargetStatus.NUMBER, value__isnull=False
        )
    }
    reports: list[MonthlyReport] = []
    values: list[ReportValue] = []
    for year in YEARS:
        indicators = list(Indicator.objects.filter(plan=plans[year]).order_by("order"))
        if year == 2019:  # the three-year plan covers 2019 too
            indicators += list(
                Indicator.objects.filter(plan__year_start__lte=2019, plan__year_end__gte=2019)
                .exclude(plan__in=plans.values())
                .order_by("plan", "order")
            )
        targets = _targets_2019(indicators)
        last = LAST_MONTH_2019 if year == 2019 else 12
        for unit in units:
            for month in range(2, last + 1):
                report = _report(unit, year, month)
                reports.append(report)
                for indicator in indicators:
                    value = _value(report, indicator, unit, targets, investment.get(unit.pk, 300000.0))
                    if value is not None:
                        values.append(value)
    created = bulk_create_audited(MonthlyReport, reports, actor=SYSTEM, reason=REASON)
    by_key = {(r.region_id, r.year, r.month): r for r in created}
    for value in values:
        value.report = by_key[(value.report.region_id, value.report.year, value.report.month)]
    bulk_create_audited(ReportValue, values, actor=SYSTEM, reason=REASON)
    if progress:
        progress(f"monthly reports: {len(created)}, values: {len(values)}")
    _publish_history(city, [r for r in created if r.year in HISTORY_YEARS])
    return {"reports": len(created), "values": len(values)}


def _history_plan(plan_2019: Plan, year: int) -> Plan:
    """A plan for an earlier year with the 2019 plan's indicator series, marked as synthetic history."""
    title = f"{year}年嘉兴市工业投资和技术改造目标任务（合成历史数据）"
    plan = Plan.objects.filter(title=title).first()
    if plan is not None:
        return plan
    plan = Plan(
        title=title,
        issuer=plan_2019.issuer,
        issued_on=dt.date(year, 2, 15),
        year_start=year,
        year_end=year,
        scope_region=plan_2019.scope_region,
        layout=plan_2019.layout,
        notes="合成历史数据：演示用，指标序列与 2019 年计划相同，数值为按规则生成的虚构数据，不是官方数字。",
    )
    plan.save()
    source = list(Indicator.objects.filter(plan=plan_2019).order_by("order"))
    copies = bulk_create_audited(
        Indicator,
        [
            Indicator(
                plan=plan,
                name=i.name,
                unit=i.unit,
                kind=i.kind,
                direction=i.direction,
                order=i.order,
                series=i.series,
            )
            for i in source
        ],
        actor=SYSTEM,
        reason="演示数据：合成历史计划",
    )
    copy_of = {i.pk: c for i, c in zip(source, copies, strict=True)}
    factor = Decimal("1.1") ** (2019 - year)
    targets = []
    for t in Target.objects.filter(indicator__plan=plan_2019):
        indicator = copy_of[t.indicator_id]
        value = t.value
        if value is not None and indicator.kind in (IndicatorKind.FLOW_AMOUNT, IndicatorKind.FLOW_COUNT):
            value = (value / factor).quantize(Decimal(1))
        targets.append(
            Target(
                indicator=indicator,
                region_id=t.region_id,
                period_kind=PeriodKind.YEAR,
                year_start=year,
                year_end=year,
                status=t.status,
                comparator=t.comparator,
                value=value,
                relative_kind=t.relative_kind,
                relative_offset=t.relative_offset,
                raw_text=t.raw_text if value == t.value else str(value),
                source="合成",
            )
        )
    bulk_create_audited(Target, targets, actor=SYSTEM, reason="演示数据：合成历史计划")
    return plan


def _targets_2019(indicators: list[Indicator]) -> dict[tuple[str, int], Decimal]:
    """(series, unit) → the unit's 2019 numeric target (the level the synthetic series start from)."""
    found: dict[tuple[str, int], Decimal] = {}
    rows = Target.objects.filter(
        indicator__series__in={i.series for i in indicators},
        indicator__plan__year_start__lte=2019,
        indicator__plan__year_end__gte=2019,
        status=TargetStatus.NUMBER,
        value__isnull=False,
    ).select_related("indicator")
    for t in rows:
        if t.period_kind == PeriodKind.TOTAL or (t.period_kind == PeriodKind.YEAR and t.year_start != 2019):
            continue
        if t.period_kind == PeriodKind.YEAR_END and t.year_end != 2019:
            continue
        if t.value is not None:
            found[(t.indicator.series, t.region_id)] = t.value
    return found


def _report(unit: Region, year: int, month: int) -> MonthlyReport:
    rng = _rng(unit.code, year, month, "dates")
    deadline = default_deadline(year, month, day=deadline_day())
    late = rng.random() < 0.06
    day = deadline + dt.timedelta(days=rng.randint(1, 3)) if late else deadline - dt.timedelta(days=rng.randint(0, 4))
    submitted = timezone.make_aware(dt.datetime.combine(day, dt.time(16, rng.randint(0, 59))))
    approved = submitted + dt.timedelta(hours=rng.randint(2, 20))
    accepted = approved + dt.timedelta(days=1)
    locked = year < 2019
    return MonthlyReport(
        region=unit,
        year=year,
        month=month,
        status=ReportStatus.LOCKED if locked else ReportStatus.ACCEPTED,
        deadline=deadline,
        submitted_at=submitted,
        approved_at=approved,
        accepted_at=accepted,
        locked_at=accepted + dt.timedelta(days=3) if locked else None,
    )


def _value(
    report: MonthlyReport,
    indicator: Indicator,
    unit: Region,
    targets: dict[tuple[str, int], Decimal],
    investment: float,
) -> ReportValue | None:
    year, month, code, series = report.year, report.month, unit.code, indicator.series
    kind = indicator.kind
    target = targets.get((series, unit.pk))

    def flow(level: float, growth: tuple[float, float]) -> Series:
        return Series(code, series, level, lambda r: r.uniform(*growth))

    if kind in (IndicatorKind.FLOW_AMOUNT, IndicatorKind.FLOW_COUNT):
        if target is None:
            return None
        level = float(target) * _rng(code, series, "level").uniform(0.9, 1.12)
        s = flow(level, (0.03, 0.15))
        as_number = _money if kind == IndicatorKind.FLOW_AMOUNT else _count
        return ReportValue(
            report=report,
            indicator=indicator,
            value=as_number(s.ytd(year, month)),
            base_value=as_number(s.base(year, month)),
        )
    if kind == IndicatorKind.GROWTH_RATE:
        aim = float(target) / 100 if target is not None else 0.1
        level = investment * AMOUNT_SHARE.get(indicator.name, 0.4) * _rng(code, series, "level").uniform(0.9, 1.1)
        s = flow(level, (aim * 0.4, aim * 1.5))
        return ReportValue(
            report=report, indicator=indicator, value=_money(s.ytd(year, month)), base_value=_money(s.base(year, month))
        )
    if kind == IndicatorKind.SHARE:
        share = _rng(code, series, "share").uniform(0.15, 0.26)
        total = flow(investment * _rng(code, "工业投资", "level").uniform(0.9, 1.12), (0.03, 0.15))
        part = flow(investment * share, (0.05, 0.2))
        numerator, denominator = _money(part.ytd(year, month)), _money(total.ytd(year, month))
        ratio = (numerator / denominator * 100).quantize(Decimal("0.000001"))
        return ReportValue(
            report=report, indicator=indicator, numerator=numerator, denominator=denominator, value=ratio
        )
    if kind == IndicatorKind.STOCK:
        end = float(target) if target is not None else _rng(code, series, "stock").randint(1, 5)
        rng = _rng(code, series, year, "stock")
        start = end * rng.uniform(0.82, 0.92)
        shares = _profile(_rng(code, series, year, "profile"))
        return ReportValue(report=report, indicator=indicator, value=_count(start + (end - start) * shares[month - 2]))
    if kind == IndicatorKind.QUALITATIVE:
        projects = _rng(code, series, year, "text").randint(0, 2) + (month >= 6) + (month >= 10)
        return ReportValue(
            report=report,
            indicator=indicator,
            text=f"截至{month}月，在建10亿元以上项目{projects}个（演示数据）",
        )
    return None


def _publish_history(city: Region, reports: list[MonthlyReport]) -> None:
    """Publications of the synthetic history months, with the snapshot the publishing service would take."""
    from .services import _snapshot

    by_month: dict[tuple[int, int], list[MonthlyReport]] = {}
    for report in reports:
        by_month.setdefault((report.year, report.month), []).append(report)
    publications = []
    for (year, month), rows in sorted(by_month.items()):
        if month not in REPORT_MONTHS:
            continue
        rows.sort(key=lambda r: r.region.code)
        published = max(r.locked_at for r in rows if r.locked_at)
        publications.append(
            MonthPublication(region=city, year=year, month=month, published_at=published, snapshot=_snapshot(rows, []))
        )
    bulk_create_audited(MonthPublication, publications, actor=SYSTEM, reason=REASON)
