"""Reads of investment promotion: the figures page (leads by stage, unit, chain and size band; signed this year
against the targets; conversion signing → 开工) and the platforms' investment, each in a few flat queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext

from core.asof import id_list, ids_as_of
from projects.choices import Node
from projects.models import ProjectNode
from regions.choices import COUNTY_LEVEL
from regions.models import Region

from . import calculations as calc
from .choices import WITH_PROJECT, LeadStage
from .models import Lead, Platform, ProjectPlatform, SigningTarget


def unit_of(path: str, units: list[Region]) -> Region | None:
    """The county-level unit whose subtree holds a region path."""
    for unit in units:
        if path.startswith(unit.path):
            return unit
    return None


@dataclass
class Figures:
    year: int
    stages: list[tuple[str, Any]]
    by_unit: list[tuple[Region, Counter[str]]]
    by_chain: list[tuple[str, Counter[str]]]
    by_band: list[tuple[str, Counter[str]]]
    signed_count: int = 0
    signed_amount: Decimal = Decimal(0)
    signed_usd: Decimal = Decimal(0)
    fortune500: int = 0
    progress: list[tuple[Region, calc.TierProgress]] = field(default_factory=list)
    conversion: calc.Rate | None = None
    platforms: list[dict[str, Any]] = field(default_factory=list)


def figures(leads: Any, year: int, user: Any) -> Figures:
    """The figures of the leads in the user's scope (the list's filters applied by the caller)."""
    units = list(Region.objects.filter(kind__in=COUNTY_LEVEL).order_by("path"))
    rows = list(leads.values_list("region__path", "chain__name", "stage", "amount"))
    by_unit: dict[int, Counter[str]] = {}
    by_chain: dict[str, Counter[str]] = {}
    by_band: dict[str, Counter[str]] = {code: Counter() for code, *_ in calc.BANDS}
    for path, chain, stage, amount in rows:
        unit = unit_of(path, units)
        if unit is not None:
            by_unit.setdefault(unit.pk, Counter())[stage] += 1
        by_chain.setdefault(chain or "—", Counter())[stage] += 1
        by_band[calc.band(amount)][stage] += 1
    unit_by_pk = {u.pk: u for u in units}
    out = Figures(
        year=year,
        stages=list(LeadStage.choices),
        by_unit=[(unit_by_pk[pk], c) for pk, c in sorted(by_unit.items(), key=lambda kv: unit_by_pk[kv[0]].path)],
        by_chain=sorted(by_chain.items(), key=lambda kv: -sum(kv[1].values())),
        by_band=[(gettext(label), by_band[code]) for code, label, *_ in calc.BANDS],
    )
    signed = leads.filter(stage__in=WITH_PROJECT, signed_on__year=year)
    agg = signed.aggregate(
        n=Count("pk"), a=Sum("amount"), u=Sum("amount_usd"), f=Count("pk", filter=Q(fortune500=True))
    )
    out.signed_count, out.signed_amount = agg["n"], agg["a"] or Decimal(0)
    out.signed_usd, out.fortune500 = agg["u"] or Decimal(0), agg["f"]
    signed_rows = [
        calc.SignedLead(u.pk, amount)
        for path, amount in signed.values_list("region__path", "amount")
        if (u := unit_of(path, units)) is not None
    ]
    targets = {
        (t.region_id, t.tier): calc.Target(t.count, t.amount)
        for t in SigningTarget.objects.visible_to(user).filter(year=year)  # type: ignore[attr-defined]
    }
    out.progress = [
        (unit_by_pk[p.region_id], p) for p in calc.tier_progress(signed_rows, targets) if p.region_id in unit_by_pk
    ]
    project_ids = list(signed.values_list("project_id", flat=True))
    started = set(
        ProjectNode.objects.filter(
            project_id__in=project_ids, node=Node.STARTED, actual_date__isnull=False
        ).values_list("project_id", flat=True)
    )
    out.conversion = calc.conversion(
        (pid in started for pid in project_ids), gettext("%(year)s年签约项目") % {"year": year}
    )
    out.platforms = platform_table(leads, user)
    return out


def platform_table(leads: Any, user: Any) -> list[dict[str, Any]]:
    """Per platform in the user's scope: key projects located there and their investment, leads in pursuit."""
    projects: dict[int, dict[str, Any]] = {
        row["platform_id"]: dict(row)
        for row in ProjectPlatform.objects.visible_to(user)  # type: ignore[attr-defined]
        .filter(project__active=True)
        .values("platform_id")
        .annotate(n=Count("pk"), total=Sum("project__total_investment"))
    }
    open_leads = dict(
        leads.filter(stage__in=(LeadStage.CLUE, LeadStage.TALKS), platform__isnull=False)
        .values_list("platform_id")
        .annotate(n=Count("pk"))
    )
    rows = []
    for platform in Platform.objects.visible_to(user).select_related("region").order_by("region__path", "name"):  # type: ignore[attr-defined]
        p = projects.get(platform.pk, {})
        rows.append(
            {"platform": platform, "projects": p.get("n", 0), "investment": p.get("total") or Decimal(0),
             "open_leads": open_leads.get(platform.pk, 0), "target": platform.investment_target}
        )  # fmt: skip
    return rows


def platform_figures(platform: Platform) -> dict[str, Any]:
    """A platform's projects (count, total investment) and leads by stage."""
    links = ProjectPlatform.objects.filter(platform=platform, project__active=True)
    agg = links.aggregate(n=Count("pk"), total=Sum("project__total_investment"))
    stages = dict(Lead.objects.filter(platform=platform).values_list("stage").annotate(n=Count("pk")))
    return {"projects": agg["n"], "investment": agg["total"] or Decimal(0), "lead_stages": stages}


def signed_between(region: Any, start: dt.date, end: dt.date) -> Any:
    """Leads of a unit (its subtree) signed in [start, end] — the base of the computed indicator sources. The unit
    is the lead's as it stood at the end of `end`'s day (a lead moved since counts where it was: core.asof)."""
    cutoff = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=ZoneInfo(settings.TIME_ZONE))
    leads = ids_as_of(Lead, cutoff, Q(region__path__startswith=region.path))
    return Lead.objects.filter(
        pk__in=id_list(sorted(leads)), stage__in=WITH_PROJECT, signed_on__gte=start, signed_on__lte=end
    )
