"""Reading smart transformation: the service companies' yearly figures and ranking, and equipment figures per
unit and city recomputed from sums (domain.md §8)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum

from regions.choices import COUNTY_LEVEL
from regions.models import Region

from . import subsidies
from .choices import AwardKind, DemoStage, Kind
from .models import Demonstration, Diagnosis, EquipmentFigure, RankingRule, ServiceCompany, SubsidyAward


def companies_by_id(ids: Iterable[int]) -> list[ServiceCompany]:
    return list(ServiceCompany.objects.filter(pk__in=list(ids)).select_related("region"))


def company_year(year: int) -> list[subsidies.CompanyYear]:
    """Each company's figures of the year: diagnoses, pilots by kind, recognised demonstrations, levels gained."""
    diag = {
        row["company_id"]: row
        for row in Diagnosis.objects.filter(diagnosed_on__year=year)
        .values("company_id")
        .annotate(
            n=Count("id"),
            workshops=Count("id", filter=Q(pilot=True, kind=Kind.WORKSHOP)),
            factories=Count("id", filter=Q(pilot=True, kind=Kind.FACTORY)),
            gain=Sum(F("level_after") - F("level_before"), filter=Q(level_after__isnull=False)),
        )
        .order_by()
    }
    recognised = dict(
        Demonstration.objects.filter(stage=DemoStage.RECOGNISED, recognised_on__year=year, company__isnull=False)
        .values_list("company_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    out = []
    for company_id in ServiceCompany.objects.filter(active=True).values_list("pk", flat=True):
        d: dict[str, Any] = dict(diag.get(company_id, {}))
        out.append(
            subsidies.CompanyYear(
                company_id,
                d.get("n", 0),
                d.get("workshops", 0),
                d.get("factories", 0),
                recognised.get(company_id, 0),
                int(d.get("gain") or 0),
            )
        )
    return out


def company_ranking(year: int) -> list[tuple[int, Decimal, int]]:
    """(company, score, rank) by the year's ranking rule (the default weights when the year has none)."""
    rule = RankingRule.objects.filter(year=year).first() or RankingRule(year=year)
    return subsidies.rank_companies(rule.weights(), [c for c in company_year(year) if c.diagnoses or c.recognised])


@dataclass(frozen=True)
class SubsidyFigures:
    """A year's awards of one kind (or all): how many, the amount awarded and what the one ledger has paid of
    them (万元)."""

    label: str
    awards: int
    awarded: Decimal
    paid: Decimal


def subsidy_figures(user: Any, year: int) -> tuple[list[SubsidyFigures], SubsidyFigures]:
    """Per award kind and in all, in the user's scope: the awards of the year and their payments, read from the
    policies' disbursement ledger (no second ledger here). Two queries."""
    from policies.models import Disbursement

    awarded = {
        r["kind"]: r
        for r in SubsidyAward.objects.visible_to(user)
        .filter(year=year)
        .values("kind")
        .annotate(n=Count("pk"), s=Sum("amount"))
        .order_by()
    }
    paid = dict(
        Disbursement.objects.visible_to(user)
        .filter(subsidy_award__year=year)
        .values("subsidy_award__kind")
        .annotate(s=Sum("amount"))
        .values_list("subsidy_award__kind", "s")
        .order_by()
    )
    rows = [
        SubsidyFigures(str(label), awarded[kind]["n"], awarded[kind]["s"] or Decimal(0), paid.get(kind) or Decimal(0))
        for kind, label in AwardKind.choices
        if kind in awarded
    ]
    total = SubsidyFigures(
        "合计",
        sum(r.awards for r in rows),
        sum((r.awarded for r in rows), Decimal(0)),
        sum((r.paid for r in rows), Decimal(0)),
    )
    return rows, total


@dataclass(frozen=True)
class EquipmentSums:
    """Summed numerators and denominators of a group of enterprises, and the shares recomputed from them."""

    label: str
    enterprises: int
    robots_in_service: int
    robots_added: int
    employees: int
    cnc_equipment: int
    production_equipment: int
    networked_equipment: int
    digital_equipment: int

    @property
    def robot_density(self) -> Decimal | None:
        return subsidies.robot_density(self.robots_in_service, self.employees)

    @property
    def cnc_rate(self) -> Decimal | None:
        return subsidies.share(self.cnc_equipment, self.production_equipment)

    @property
    def network_rate(self) -> Decimal | None:
        return subsidies.share(self.networked_equipment, self.digital_equipment)


SUM_FIELDS = ("robots_in_service", "robots_added", "employees", "cnc_equipment", "production_equipment",
              "networked_equipment", "digital_equipment")  # fmt: skip


def equipment_by_unit(user: Any, year: int) -> tuple[list[EquipmentSums], EquipmentSums]:
    """Per county-level unit in the user's scope and for all of them: sums, and the shares recomputed from the
    sums (never an average of the units' shares)."""
    rows = (
        EquipmentFigure.objects.visible_to(user)
        .filter(year=year)
        .values("enterprise__region__path")
        .annotate(n=Count("id"), **{f: Sum(f) for f in SUM_FIELDS})
        .order_by()
    )
    units = Region.objects.filter(kind__in=COUNTY_LEVEL)
    if not user.sees_everything:
        units = units.filter(pk__in=user.scope_region_ids)
    units = list(units.order_by("path"))
    sums: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        unit = next((u for u in units if row["enterprise__region__path"].startswith(u.path)), None)
        for key in (unit.pk if unit else None, 0):
            sums[key]["n"] += row["n"]
            for f in SUM_FIELDS:
                sums[key][f] += row[f] or 0  # type: ignore[literal-required]

    def make(label: str, s: dict[str, int]) -> EquipmentSums:
        return EquipmentSums(label, s["n"], *(s[f] for f in SUM_FIELDS))

    per_unit = [make(str(u), sums[u.pk]) for u in units if u.pk in sums]
    return per_unit, make("合计", sums[0])
