"""Reads of the chain pages: a handful of flat queries whatever the chain's size (domain.md §11).

The chain page and its graph are city-wide (every bureau user reads a whole chain); the rows a county
user may change are scoped separately (ChainEnterprise's scope rule).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from core.models import address_of
from enterprises.choices import SizeClass
from mujun.models import EnterpriseYearData
from projects.models import Project
from tiers.choices import EntryStatus
from tiers.models import TierEntry, Title

from . import calculations as calc
from .models import Chain, ChainEnterprise, ChainRisk, Segment

GRAPH_CATEGORIES = (_("产业链"), _("环节"), _("链主"), _("核心配套"), _("一般"))


def segment_nodes(chain: Chain) -> list[calc.SegmentNode]:
    return [
        calc.SegmentNode(*row)
        for row in Segment.objects.filter(chain=chain)  # type: ignore[misc]
        .order_by("path")
        .values_list("id", "path", "name", "position", "depth")
    ]


def memberships(chain: Chain) -> list[calc.Membership]:
    return [
        calc.Membership(*row)
        for row in ChainEnterprise.objects.filter(chain=chain)
        .order_by()  # the model's order joins chain, segment and enterprise; the figures need none
        .values_list("segment_id", "enterprise_id", "role")
    ]


def data_year(chain: Chain) -> int | None:
    """The latest year with 亩均 yearly data for an enterprise of the chain."""
    members = ChainEnterprise.objects.filter(chain=chain).order_by().values("enterprise_id")
    return EnterpriseYearData.objects.filter(enterprise_id__in=members).aggregate(y=Max("year"))["y"]  # type: ignore[no-any-return]


@dataclass
class ChainPage:
    rows: list[calc.SegmentFigures]
    total: calc.SegmentFigures
    gaps: list[calc.SegmentNode]
    year: int | None
    title_order: list[str]  # the tier titles in ladder order, for the title column

    def rows_with_titles(self) -> list[tuple[calc.SegmentFigures, list[tuple[str, int]]]]:
        return [(r, r.title_counts(self.title_order)) for r in self.rows]

    def total_titles(self) -> list[tuple[str, int]]:
        return self.total.title_counts(self.title_order)


def chain_page(chain: Chain, year: int | None = None) -> ChainPage:
    """Per segment: enterprises, 链主, 规上 count, the year's tax and value added, key projects and investment,
    and the tier titles its enterprises hold (a recognition that has not been dropped or expired).

    Flat queries without the models' default order (which would join tables the figures do not read): the
    memberships with each enterprise's size class, the year's data, the titles, the projects, the ladder."""
    segments = segment_nodes(chain)
    links, above = [], set()
    for segment_id, enterprise_id, role, size_class in (
        ChainEnterprise.objects.filter(chain=chain)
        .order_by()
        .values_list("segment_id", "enterprise_id", "role", "enterprise__size_class")
    ):
        links.append(calc.Membership(segment_id, enterprise_id, role))
        if size_class == SizeClass.ABOVE:
            above.add(enterprise_id)
    members = ChainEnterprise.objects.filter(chain=chain).order_by().values("enterprise_id")
    if year is None:
        year = data_year(chain)
    facts: dict[int, calc.EnterpriseFacts] = {}
    money: dict[int, tuple[Any, Any]] = {}
    if year is not None:
        money = {
            eid: (tax, va)
            for eid, tax, va in EnterpriseYearData.objects.filter(enterprise_id__in=members, year=year)
            .order_by()
            .values_list("enterprise_id", "tax", "value_added")
        }
    titles: dict[int, set[str]] = {}
    for eid, name in (
        TierEntry.objects.filter(enterprise_id__in=members, status=EntryStatus.RECOGNISED)
        .order_by()
        .values_list("enterprise_id", "title__name")
    ):
        titles.setdefault(eid, set()).add(name)
    for link in links:
        if link.enterprise_id not in facts:
            tax, va = money.get(link.enterprise_id, (None, None))
            held = frozenset(titles.get(link.enterprise_id, ()))
            facts[link.enterprise_id] = calc.EnterpriseFacts(link.enterprise_id in above, tax, va, held)
    projects = [
        calc.ProjectFacts(eid, amount)
        for eid, amount in Project.objects.filter(enterprise_id__in=members, active=True)
        .order_by()
        .values_list("enterprise_id", "total_investment")
    ]
    rows, total = calc.segment_figures(segments, links, facts, projects)
    order = list(Title.objects.order_by("ladder", "pk").values_list("name", flat=True))
    return ChainPage(rows=rows, total=total, gaps=calc.gap_segments(segments, rows), year=year, title_order=order)


def chain_graph(chain: Chain, *, max_general: int | None = 300) -> dict[str, object]:
    """The chain as a graph for ECharts (see calculations.chain_graph), with each enterprise's page URL.

    Two queries: the segments, and the memberships with their enterprise's name.
    """
    segments = segment_nodes(chain)
    address = address_of("enterprises:enterprise_detail")
    links, names = [], {}
    for segment_id, enterprise_id, role, name in (
        ChainEnterprise.objects.filter(chain=chain)
        .order_by()
        .values_list("segment_id", "enterprise_id", "role", "enterprise__name")
    ):
        links.append(calc.Membership(segment_id, enterprise_id, role))
        names[enterprise_id] = calc.GraphEnterprise(enterprise_id, name, address(enterprise_id))
    data = calc.chain_graph(chain.name, segments, links, names, max_general=max_general)
    data["categories"] = [str(c) for c in GRAPH_CATEGORIES]
    return data


def risk_counts(queryset: Any, today: dt.date) -> dict[str, int]:
    """Open risks and the overdue among them (open, review date passed: `calculations.is_overdue`), one query."""
    from django.db.models import Count, Q

    return queryset.order_by().aggregate(  # type: ignore[no-any-return]
        open=Count("pk", filter=Q(status="open")),
        overdue=Count("pk", filter=Q(status="open", next_review__lt=today)),
    )


def risks_in_month(chain: Chain, year: int, month: int, queryset: Any) -> Any:
    """The risks of a chain open at some time in the month: found by its end, not closed before it began."""
    start = dt.date(year, month, 1)
    end = dt.date(year + month // 12, month % 12 + 1, 1)
    return (
        queryset.filter(chain=chain, identified_on__lt=end)
        .exclude(closed_on__lt=start)
        .select_related("segment", "region", "enterprise")
        .order_by("level", "region__path", "pk")
    )


def chain_counts() -> dict[int, dict[str, int]]:
    """Enterprises and 链主 per chain, for the chain list (one query each)."""
    from django.db.models import Count, Q

    rows = ChainEnterprise.objects.values("chain_id").annotate(
        n=Count("enterprise_id", distinct=True), m=Count("enterprise_id", distinct=True, filter=Q(role="master"))
    )
    risks = ChainRisk.objects.filter(status="open").values("chain_id").annotate(n=Count("pk"))
    out: dict[int, dict[str, int]] = {}
    for r in rows:
        out.setdefault(r["chain_id"], {})["enterprises"] = r["n"]
        out[r["chain_id"]]["masters"] = r["m"]
    for risk in risks:
        out.setdefault(risk["chain_id"], {})["risks"] = risk["n"]
    return out
