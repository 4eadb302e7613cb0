"""The chain page's calculations, table-driven without a database (domain.md §11)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chains import calculations as calc

UP = calc.SegmentNode(1, "0001", "上游", "up", 1)
UP_A = calc.SegmentNode(2, "00010001", "硅片", "up", 2)
UP_B = calc.SegmentNode(3, "00010002", "光伏玻璃", "up", 2)
MID = calc.SegmentNode(4, "0002", "电池片", "mid", 1)
DOWN = calc.SegmentNode(5, "0003", "电站", "down", 1)
SEGMENTS = [UP, UP_A, UP_B, MID, DOWN]


def test_segment_figures_count_each_enterprise_once_per_span():
    # enterprise 10 is on 硅片 (链主) and on 电池片 (一般); 11 on 硅片; 12 on 电池片 (核心配套)
    links = [
        calc.Membership(2, 10, "master"),
        calc.Membership(2, 11, "general"),
        calc.Membership(4, 10, "general"),
        calc.Membership(4, 12, "core"),
    ]
    facts = {
        10: calc.EnterpriseFacts(True, Decimal("100.50"), Decimal("400")),
        11: calc.EnterpriseFacts(False, None, Decimal("20")),
        12: calc.EnterpriseFacts(True, Decimal("30"), None),
    }
    projects = [
        calc.ProjectFacts(10, Decimal("120000")),
        calc.ProjectFacts(10, Decimal("5000")),
        calc.ProjectFacts(12, Decimal("800")),
    ]
    rows, total = calc.segment_figures(SEGMENTS, links, facts, projects)
    by = {r.segment.name: r for r in rows}
    assert (by["上游"].enterprises, by["上游"].masters, by["上游"].above_size) == (2, 1, 1)
    assert by["上游"].tax == Decimal("100.50") and by["上游"].value_added == Decimal("420")
    assert (by["上游"].projects, by["上游"].investment) == (2, Decimal("125000"))
    assert (by["电池片"].enterprises, by["电池片"].masters, by["电池片"].core) == (2, 0, 1)
    assert by["光伏玻璃"].enterprises == 0 and by["电站"].enterprises == 0
    # the chain: three enterprises, 10 counted once with its highest role (链主)
    assert (total.enterprises, total.masters, total.core, total.above_size) == (3, 1, 1, 2)
    assert total.tax == Decimal("130.50") and total.investment == Decimal("125800")
    assert [g.name for g in calc.gap_segments(SEGMENTS, rows)] == ["光伏玻璃", "电站"]


def test_a_gap_is_listed_at_its_topmost_empty_segment():
    rows, _total = calc.segment_figures(SEGMENTS, [calc.Membership(4, 1, "general")], {}, [])
    assert [g.name for g in calc.gap_segments(SEGMENTS, rows)] == ["上游", "电站"]  # not 硅片 and 光伏玻璃 again


@pytest.mark.parametrize(
    ("review", "status", "overdue"),
    [
        (dt.date(2022, 3, 1), "open", True),
        (dt.date(2022, 3, 2), "open", False),  # due today is not yet overdue
        (dt.date(2022, 1, 1), "closed", False),
        (None, "open", False),
    ],
)
def test_overdue_review(review, status, overdue):
    assert calc.is_overdue(review, status, dt.date(2022, 3, 2)) is overdue


def test_graph_highlights_masters_and_caps_general_enterprises():
    links = [calc.Membership(2, 10, "master"), calc.Membership(2, 11, "general"), calc.Membership(4, 12, "general"),
             calc.Membership(4, 10, "general")]  # fmt: skip
    names = {i: calc.GraphEnterprise(i, f"企业{i}", f"/enterprises/{i}/") for i in (10, 11, 12)}
    data = calc.chain_graph("光伏", SEGMENTS, links, names, max_general=1)
    nodes = {n["id"]: n for n in data["nodes"]}  # type: ignore[attr-defined]
    assert nodes["e10"]["master"] is True and nodes["e10"]["url"] == "/enterprises/10/"
    assert nodes["e10"]["symbolSize"] > nodes["e11"]["symbolSize"]
    assert "e12" not in nodes and data["hidden"] == 2  # one general drawn, two left out
    assert {"source": "s1", "target": "s2"} in data["links"]  # 硅片 under 上游
    assert {"source": "c", "target": "s1"} in data["links"]


def reference_segment_figures(segments, memberships, facts, projects):
    """The loop segment_figures replaced (issue 14): per segment, every enterprise of its subtree once, its role
    merged to the highest; kept here as the slow reference the set-based version must equal."""
    own, roles, by_enterprise = {}, {}, {}
    for m in memberships:
        own.setdefault(m.segment_id, set()).add(m.enterprise_id)
        roles.setdefault(m.segment_id, {})[m.enterprise_id] = m.role
    for p in projects:
        by_enterprise.setdefault(p.enterprise_id, []).append(p.total_investment)

    def merge(into, more):
        for eid, role in more.items():
            if eid not in into or calc.ROLE_RANK[role] < calc.ROLE_RANK[into[eid]]:
                into[eid] = role

    def figures(node, members, role_map):
        fig = calc.SegmentFigures(segment=node, enterprise_ids=members, enterprises=len(members))
        fig.masters = sum(1 for r in role_map.values() if r == "master")
        fig.core = sum(1 for r in role_map.values() if r == "core")
        for eid in members:
            f = facts.get(eid, calc.EnterpriseFacts())
            fig.above_size += f.above_size
            fig.tax += f.tax or 0
            fig.value_added += f.value_added or 0
            fig.titles.update(f.titles)
            fig.projects += len(by_enterprise.get(eid, ()))
            fig.investment += sum(by_enterprise.get(eid, ()), Decimal(0))
        return fig

    rows = []
    for node in segments:
        members, role_map = set(), {}
        for s in segments:
            if s.path.startswith(node.path):
                members |= own.get(s.id, set())
                merge(role_map, roles.get(s.id, {}))
        rows.append(figures(node, members, role_map))
    chain_roles = {}
    for seg_roles in roles.values():
        merge(chain_roles, seg_roles)
    all_members = set().union(*own.values()) if own else set()
    return rows, figures(calc.SegmentNode(0, "", "", "", 0), all_members, chain_roles)


@pytest.mark.parametrize("seed", range(8))
def test_segment_figures_equal_the_reference_loop(seed):
    import random

    rng = random.Random(seed)
    segments = [UP, UP_A, UP_B, MID, DOWN, calc.SegmentNode(6, "000100010001", "单晶", "up", 3)]
    links, seen = [], set()
    for _ in range(rng.randint(0, 300)):
        key = (rng.choice(segments).id, rng.randint(1, 120))
        if key not in seen:  # an enterprise is on a segment once (chainenterprise_once)
            seen.add(key)
            links.append(calc.Membership(*key, rng.choice(("master", "core", "general", "general"))))
    money = (None, Decimal(0), Decimal("12.34"), Decimal("5000"), Decimal("0.01"))
    facts = {
        eid: calc.EnterpriseFacts(
            rng.random() < 0.5, rng.choice(money), rng.choice(money), frozenset(rng.sample(["单项冠军", "专精特新", "小巨人"], rng.randint(0, 2)))
        )
        for eid in range(1, 121)
        if rng.random() < 0.8
    }  # fmt: skip
    projects = [calc.ProjectFacts(rng.randint(1, 140), Decimal(rng.randint(1, 10**6)) / 100) for _ in range(80)]
    rows, total = calc.segment_figures(segments, links, facts, projects)
    expected_rows, expected_total = reference_segment_figures(segments, links, facts, projects)
    assert rows == expected_rows
    assert total == expected_total
