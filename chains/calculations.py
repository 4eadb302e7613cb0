"""Pure calculations of the chain page (domain.md §11): figures per segment, 补链 targets, the graph.

They take plain data gathered by `selectors.py` (a handful of flat queries) and never touch the database,
so they are tested table-driven without one. A segment's figures cover its own enterprises and those of
its sub-segments; an enterprise on two segments counts once in any total that spans both.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class SegmentNode:
    """A segment as the calculations see it: its tree path (treebeard), name and position."""

    id: int
    path: str
    name: str
    position: str
    depth: int


@dataclass(frozen=True)
class Membership:
    segment_id: int
    enterprise_id: int
    role: str


@dataclass(frozen=True)
class EnterpriseFacts:
    """What the page adds up for one enterprise: 规上 or not, the year's tax and value added (亩均 data)."""

    above_size: bool = False
    tax: Decimal | None = None
    value_added: Decimal | None = None
    titles: frozenset[str] = frozenset()  # the tier titles it holds (recognised, not dropped or expired)


@dataclass(frozen=True)
class ProjectFacts:
    enterprise_id: int
    total_investment: Decimal


@dataclass
class SegmentFigures:
    segment: SegmentNode
    enterprises: int = 0
    masters: int = 0
    core: int = 0
    above_size: int = 0
    tax: Decimal = ZERO
    value_added: Decimal = ZERO
    projects: int = 0
    investment: Decimal = ZERO
    titles: Counter[str] = field(default_factory=Counter)  # enterprises holding each tier title
    enterprise_ids: set[int] = field(default_factory=set, repr=False)

    def title_counts(self, order: Sequence[str]) -> list[tuple[str, int]]:
        """(title, enterprises) in the ladder's order, titles nobody holds left out."""
        return [(name, self.titles[name]) for name in order if self.titles[name]]


ROLE_RANK = {"master": 0, "core": 1, "general": 2}


def _subtree(segments: Sequence[SegmentNode], node: SegmentNode) -> list[SegmentNode]:
    return [s for s in segments if s.path.startswith(node.path)]


def _union(sets: Iterable[set[int]]) -> set[int]:
    out: set[int] = set()
    for part in sets:
        out |= part
    return out


def segment_figures(
    segments: Sequence[SegmentNode],
    memberships: Iterable[Membership],
    facts: Mapping[int, EnterpriseFacts],
    projects: Iterable[ProjectFacts],
) -> tuple[list[SegmentFigures], SegmentFigures]:
    """Figures per segment (its subtree, each enterprise once) and for the whole chain (last item).

    An enterprise on several segments of a span counts once, with its highest role (链主 before 核心配套): the
    span's 链主 are the union of its segments' 链主, its 核心配套 the union of theirs less the 链主. The sums
    run over set intersections with the enterprises that have the figure, so a chain of thousands of
    enterprises costs a few set operations per segment, not a Python loop per enterprise and segment
    (issue 14; tests/test_calculations.py checks it against the loop it replaced).
    """
    own: dict[int, set[int]] = defaultdict(set)
    masters: dict[int, set[int]] = defaultdict(set)
    cores: dict[int, set[int]] = defaultdict(set)
    for m in memberships:
        own[m.segment_id].add(m.enterprise_id)
        if m.role == "master":
            masters[m.segment_id].add(m.enterprise_id)
        elif m.role == "core":
            cores[m.segment_id].add(m.enterprise_id)
    above = {eid for eid, f in facts.items() if f.above_size}
    tax = {eid: f.tax for eid, f in facts.items() if f.tax}
    value_added = {eid: f.value_added for eid, f in facts.items() if f.value_added}
    titled = {eid: f.titles for eid, f in facts.items() if f.titles}
    project_count: Counter[int] = Counter()
    investment: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for p in projects:
        project_count[p.enterprise_id] += 1
        investment[p.enterprise_id] += p.total_investment

    def figures(node: SegmentNode, members: set[int], span_masters: set[int], span_cores: set[int]) -> SegmentFigures:
        fig = SegmentFigures(segment=node, enterprise_ids=members)
        fig.enterprises = len(members)
        fig.masters = len(span_masters)
        fig.core = len(span_cores - span_masters)
        fig.above_size = len(members & above)
        fig.tax = sum(map(tax.__getitem__, members & tax.keys()), ZERO)
        fig.value_added = sum(map(value_added.__getitem__, members & value_added.keys()), ZERO)
        for eid in members & titled.keys():
            fig.titles.update(titled[eid])
        with_projects = members & project_count.keys()
        fig.projects = sum(map(project_count.__getitem__, with_projects))
        fig.investment = sum(map(investment.__getitem__, with_projects), ZERO)
        return fig

    rows = []
    for node in segments:
        ids = [s.id for s in _subtree(segments, node)]
        rows.append(
            figures(
                node,
                _union(own[i] for i in ids if i in own),
                _union(masters[i] for i in ids if i in masters),
                _union(cores[i] for i in ids if i in cores),
            )
        )
    total = figures(
        SegmentNode(0, "", "", "", 0), _union(own.values()), _union(masters.values()), _union(cores.values())
    )
    return rows, total


def gap_segments(segments: Sequence[SegmentNode], rows: Sequence[SegmentFigures]) -> list[SegmentNode]:
    """补链 targets: the segments whose whole subtree has no local enterprise, only the topmost of each gap."""
    empty = {r.segment.id for r in rows if r.enterprises == 0}
    gaps: list[SegmentNode] = []
    for node in segments:
        if node.id in empty and not any(node.path.startswith(g.path) for g in gaps):
            gaps.append(node)
    return gaps


def is_overdue(next_review: dt.date | None, status: str, today: dt.date) -> bool:
    """A risk still open whose review date has passed."""
    return status == "open" and next_review is not None and next_review < today


@dataclass(frozen=True)
class GraphEnterprise:
    id: int
    name: str
    url: str


def chain_graph(
    chain_name: str,
    segments: Sequence[SegmentNode],
    memberships: Iterable[Membership],
    enterprises: Mapping[int, GraphEnterprise],
    *,
    max_general: int | None = None,
) -> dict[str, object]:
    """ECharts graph data: the chain, its segments (linked to their parent) and the enterprises on them.

    链主 nodes are larger and highlighted (category 链主). With `max_general`, at most that many 一般
    enterprises are drawn (链主 and 核心配套 always are); `hidden` says how many were left out.
    """
    nodes: list[dict[str, object]] = [{"id": "c", "name": chain_name, "category": 0, "symbolSize": 46}]
    links: list[dict[str, str]] = []
    parents = {s.path: s for s in segments}
    for s in segments:
        parent = parents.get(s.path[: len(s.path) - 4]) if s.depth > 1 else None
        nodes.append(
            {
                "id": f"s{s.id}",
                "name": s.name,
                "category": 1,
                "symbolSize": 30 if s.depth == 1 else 22,
                "position": s.position,
            }
        )
        links.append({"source": f"s{parent.id}" if parent else "c", "target": f"s{s.id}"})
    drawn_general = hidden = 0
    seen: set[int] = set()
    categories = {"master": 2, "core": 3, "general": 4}
    for m in sorted(memberships, key=lambda m: ROLE_RANK[m.role]):
        if m.role == "general" and max_general is not None:
            if drawn_general >= max_general:
                hidden += 1
                continue
            drawn_general += 1
        e = enterprises.get(m.enterprise_id)
        if e is None:
            continue
        if e.id not in seen:
            seen.add(e.id)
            nodes.append(
                {
                    "id": f"e{e.id}",
                    "name": e.name,
                    "category": categories[m.role],
                    "symbolSize": 26 if m.role == "master" else (14 if m.role == "core" else 8),
                    "url": e.url,
                    "master": m.role == "master",
                }
            )
        links.append({"source": f"s{m.segment_id}", "target": f"e{e.id}"})
    return {"nodes": nodes, "links": links, "hidden": hidden}
