"""Reading a bulletin's figures: a plan × published month from monitoring, as it was published.

`bulletin_data` is the one place the bulletin's content is gathered. It asks monitoring for the
matrix (completion, 序时, deviation, growth, colour, ranks, overall ranking: monitoring computes
them, nothing is recomputed here), with the report values of every published month it reads
replaced by that month's publication snapshot (reporting.MonthPublication), so a correction made
later by a revision does not reach the bulletin. The result is plain JSON (numbers as rounded
decimal strings, as printed) with each figure's sources (report ids, region ids, project ids):
it is stored on the version and the Word, Excel and PDF renderers take only that.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.calculations import Figures, schedule_progress
from monitoring.display import judged_value, rounded, shown_value
from monitoring.selectors import Cell, Matrix, NilMarks, ValueMap, monitoring_matrix, series_of
from regions.models import Region
from reporting.models import MonthPublication
from reporting.periods import month_label
from reporting.validation import NIL
from targets.choices import IndicatorKind
from targets.models import Indicator, Plan

from . import commentary
from .models import Bulletin, BulletinVersion

DATA_FORMAT = 1
PROFILE_YEARS = 2  # monitoring reads the same month and December of the two earlier years


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _dec(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def periods_read(year: int, month: int) -> set[tuple[int, int]]:
    """The (year, month) pairs monitoring reads for a month's matrix (selectors._month_periods)."""
    periods = {(year, m) for m in (month, month - 1) if m >= 2}
    periods |= {(y, m) for y in range(year - PROFILE_YEARS, year) for m in (month, 12)}
    return periods


def publication_for(plan: Plan, year: int, month: int) -> MonthPublication | None:
    """The published month of the plan's region a bulletin is built from (None while it is not published)."""
    return MonthPublication.objects.filter(region_id=plan.scope_region_id, year=year, month=month).first()


def publications_for(plan: Plan, year: int, month: int) -> list[MonthPublication]:
    """The plan region's published months among those the matrix reads (one query)."""
    periods = periods_read(year, month)
    rows = MonthPublication.objects.filter(
        region_id=plan.scope_region_id, year__gte=year - PROFILE_YEARS, year__lte=year
    ).order_by("year", "month")
    return [p for p in rows if (p.year, p.month) in periods]


def published_overlay(publications: list[MonthPublication]) -> Callable[[list[Indicator], ValueMap], None]:
    """Replace the report values of each published month by its snapshot (units missing then stay missing)."""

    def apply(indicators: list[Indicator], values: ValueMap) -> None:
        if not publications:
            return
        key_of = {i.pk: series_of(i) for i in indicators}
        own = set(key_of)
        mentioned = {int(k) for p in publications for r in p.snapshot.get("reports", []) for k in r.get("values", {})}
        wanted = set(key_of.values())  # earlier years' indicators count only through the plan's series
        for pk, series in Indicator.objects.filter(pk__in=mentioned - own, series__in=wanted).values_list(
            "pk", "series"
        ):
            key_of[pk] = series
        codes = {r["region"] for p in publications for r in p.snapshot.get("reports", [])}
        region_of = dict(Region.objects.filter(code__in=codes).values_list("code", "pk"))
        published = {(p.year, p.month) for p in publications}
        for slot in [s for s in values if (s[2], s[3]) in published]:
            del values[slot]
        for publication in publications:
            for report in publication.snapshot.get("reports", []):
                region_id = region_of.get(report["region"])
                if region_id is None:
                    continue
                for indicator_id, fields in report.get("values", {}).items():
                    key = key_of.get(int(indicator_id))
                    if key is None:
                        continue
                    slot = (region_id, key, publication.year, publication.month)
                    if slot in values and int(indicator_id) not in own:
                        continue
                    figures = Figures(
                        _dec(fields.get("value")),
                        _dec(fields.get("base_value")),
                        _dec(fields.get("numerator")),
                        _dec(fields.get("denominator")),
                    )
                    values[slot] = (figures, False)

    return apply


def published_nil_marks(publication: MonthPublication) -> NilMarks:
    """The figures marked 无 in a published month, as its snapshot froze them (a later revision does not change
    what the bulletin says)."""
    reports = publication.snapshot.get("reports", [])
    region_of = dict(Region.objects.filter(code__in={r["region"] for r in reports}).values_list("code", "pk"))
    return {
        (region_of[report["region"]], int(indicator_id)): fields.get("note") or ""
        for report in reports
        if report["region"] in region_of
        for indicator_id, fields in report.get("values", {}).items()
        if fields.get("text") == NIL and fields.get("value") is None
    }


def _cell(cell: Cell | None, indicator: Indicator, report_id: int | None) -> dict[str, Any] | None:
    if cell is not None and cell.nil:  # marked 无 by the unit (issue #12): said as 无, never a zero or a blank
        empty = dict.fromkeys(("value", "target", "completion", "deviation", "growth", "colour", "rank", "rank_change"))
        return {**empty, "report": report_id, "covered": None, "of": None, "nil": True, "note": cell.nil_note}
    if cell is None or (not cell.reported and not cell.covered):
        return None
    ev = cell.evaluation
    growth_target = indicator.kind == IndicatorKind.GROWTH_RATE  # a growth target is a rate, not an amount
    target = rounded(ev.target) if growth_target else shown_value(ev.target, indicator.unit)
    return {
        "value": _text(judged_value(ev, indicator)),
        "target": _text(target),
        "completion": _text(rounded(ev.completion)),
        "deviation": _text(rounded(ev.deviation)),
        "growth": _text(rounded(ev.growth)),
        "colour": ev.colour,
        "rank": cell.rank,
        "rank_change": cell.rank_change,
        "report": report_id,
        "covered": cell.covered,
        "of": cell.of,
    }


def headline_index(columns: list[dict[str, Any]]) -> int | None:
    """The indicator the commentary speaks of: the plan's first money flow (工业投资), else its first flow."""
    for kinds in ((IndicatorKind.FLOW_AMOUNT,), (IndicatorKind.FLOW_COUNT,)):
        for i, column in enumerate(columns):
            if column["kind"] in kinds:
                return i
    return None


def matrix_data(matrix: Matrix, report_of: dict[str, int]) -> dict[str, Any]:
    """The matrix as plain JSON: columns, one row per unit, the city row, the overall ranking.

    `report_of`: region code → the id of the unit's report the figures came from.
    """
    columns = [
        {
            "id": c.indicator.pk,
            "name": c.indicator.name,
            "unit": c.indicator.unit,
            "kind": c.indicator.kind,
            "label": str(c.indicator),
            "value_unit": "%" if c.indicator.kind == IndicatorKind.GROWTH_RATE else c.indicator.unit,
        }
        for c in matrix.columns
    ]
    rows = []
    for unit, cells in matrix.rows():
        report_id = report_of.get(unit.code)
        rows.append(
            {
                "region": {"id": unit.pk, "code": unit.code, "name": unit.name},
                "report": report_id,
                "missing": unit in matrix.missing_units,
                "cells": [_cell(cell, c.indicator, report_id) for c, cell in zip(matrix.columns, cells, strict=True)],
            }
        )
    city = matrix.plan.scope_region
    return {
        "columns": columns,
        "rows": rows,
        "city": {
            "region": {"id": city.pk, "code": city.code, "name": city.name},
            "cells": [
                _cell(cell, c.indicator, None) for c, cell in zip(matrix.columns, matrix.city_row(), strict=True)
            ],
        },
        "overall": [
            {
                "region": {"id": r.region.pk, "code": r.region.code, "name": r.region.name},
                "rank": r.rank,
                "mean_rank": _text(rounded(r.mean_rank, Decimal("0.01"))),
                "rank_change": r.rank_change,
            }
            for r in matrix.overall
        ],
        # An incomplete month (issue #12): who reported, who did not; the commentary and tables say so.
        "coverage": {
            "units": len(matrix.units),
            "reported": len(matrix.units) - len(matrix.missing_units),
            "missing": [u.name for u in matrix.missing_units],
        },
    }


def _rate(value: Decimal | None) -> str | None:
    return _text(rounded(value))


def project_data(region: Region, year: int, month: int) -> dict[str, Any] | None:
    """The project section from projects.selectors (None while the projects app does not provide it)."""
    try:
        from projects.selectors import project_bulletin_figures  # type: ignore[attr-defined]
    except ImportError:
        return None
    try:
        from projects.choices import Stage  # type: ignore[attr-defined]

        stages = [(str(code), str(label)) for code, label in Stage.choices]
    except ImportError:
        stages = []
    figures = project_bulletin_figures(region=region, year=year, month=month)
    if not figures.total.signed and not figures.overdue_nodes and not figures.open_problems:
        return None  # no key projects in the region: the bulletin has no project section

    def unit(u: Any) -> dict[str, Any]:
        return {
            "region": {"id": u.region.pk, "code": u.region.code, "name": u.region.name},
            "signed": u.signed,
            "started": u.started,
            "producing": u.producing,
            "start_rate": _rate(u.start_rate),
            "production_rate": _rate(u.production_rate),
            "stage_counts": {str(k): int(v) for k, v in sorted(u.stage_counts.items())},
            "average_stars": _rate(u.average_stars),
            "five_star_share": _rate(u.five_star_share),
            "investment_ytd": _text(shown_value(u.investment_ytd, "亿元")),
        }

    known = {code for code, _label in stages}
    for u in [*figures.units, figures.total]:
        for code in u.stage_counts:
            if str(code) not in known:
                stages.append((str(code), str(code)))
                known.add(str(code))
    return {
        "stages": [{"code": code, "label": label} for code, label in stages],
        "units": [unit(u) for u in figures.units],
        "total": unit(figures.total),
        "overdue_nodes": [
            {
                "project": n.project_id,
                "project_name": n.project_name,
                "region": n.region.name,
                "node": n.node_label,
                "planned": n.planned.isoformat(),
                "days_overdue": n.days_overdue,
            }
            for n in figures.overdue_nodes
        ],
        "open_problems": [
            {
                "problem": p.problem_id,
                "project": p.project_id,
                "project_name": p.project_name,
                "region": p.region.name,
                "kind": p.kind_label,
                "text": p.text,
                "department": p.department_name,
                "deadline": p.deadline.isoformat() if p.deadline else None,
                "overdue": p.overdue,
            }
            for p in figures.open_problems
        ],
    }


def bulletin_data(*, plan: Plan, year: int, month: int, publication: MonthPublication, user: Any) -> dict[str, Any]:
    """Everything a monthly bulletin says, as JSON: from monitoring as published, plus projects and commentary.

    `user` must see the plan's whole region (the city row and the ranks are built from every unit).
    """
    matrix = monitoring_matrix(
        plan=plan,
        year=year,
        month=month,
        user=user,
        overlay=published_overlay(publications_for(plan, year, month)),
        marks=published_nil_marks(publication),
    )
    region = plan.scope_region
    data: dict[str, Any] = {
        "format": DATA_FORMAT,
        "plan": {"id": plan.pk, "title": plan.title, "document_number": plan.document_number, "issuer": plan.issuer},
        "region": {"id": region.pk, "code": region.code, "name": region.name},
        "year": year,
        "month": month,
        "period": month_label(year, month),
        "months": _("1—%d月") % month,
        "schedule": _text(rounded(schedule_progress(month))),
        "publication": {
            "id": publication.pk,
            "published_at": timezone.localtime(publication.published_at).strftime("%Y-%m-%d %H:%M"),
            "missing": list(publication.snapshot.get("missing", [])),
        },
        **matrix_data(matrix, {r["region"]: r["id"] for r in publication.snapshot.get("reports", [])}),
    }
    data["headline"] = headline_index(data["columns"])
    data["projects"] = project_data(region, year, month)
    data["commentary"] = commentary.paragraphs(data)
    return data


# --- lists ------------------------------------------------------------------------------------------


def bulletin_list(*, user: Any) -> QuerySet[Bulletin]:
    return Bulletin.objects.visible_to(user).select_related("plan", "region")


def bulletin_versions(*, bulletin: Bulletin, user: Any) -> QuerySet[BulletinVersion]:
    """The versions of one bulletin the user may see (drafts only within the issuer's scope)."""
    return (
        BulletinVersion.objects.visible_to(user)
        .filter(bulletin=bulletin)
        .select_related("generated_by", "published_by", "publication")
        .order_by("-number")
    )


def latest_published(*, bulletin: Bulletin) -> BulletinVersion | None:
    return bulletin.versions.filter(status="published").order_by("-number").first()
