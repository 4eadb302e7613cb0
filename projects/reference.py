"""The reference data of the library as production starts with it (domain.md §6): 五个一批 categories, the lists
of the notices (with the investment tiers), and the default 五星 gates. The city admin edits them afterwards;
migration 0002_p1_reference_data and the demo create them only where they are missing.

Plain data only (no model imports), so the data migration can use it.
"""

from __future__ import annotations

# (code, name, order)
CATEGORIES: tuple[tuple[str, str, int], ...] = (
    ("smart", "智能化改造", 10),
    ("green", "绿色制造", 20),
    ("foundation", "工业强基", 30),
    ("chain", "产业链提升", 40),
    ("future", "未来产业", 50),
)

# (code, name, minimum total investment in 万元 or None for a hand-picked list, order)
LISTS: tuple[tuple[str, str, str | None, int], ...] = (
    ("prov-key", "省重点产业化项目", None, 10),
    ("prov-4plus1", "省“4+1”重大项目", None, 20),
    ("prov-100-10000", "省“百项万亿”", None, 30),
    ("prov-4x100", "省“四个百项”技改示范", None, 40),
    ("tech-700", "700项重点技改", None, 50),
    ("smart-demo", "智能化技改示范", None, 60),
    ("over-1yi", "亿元以上", "10000", 70),
    ("over-10yi", "10亿元以上", "100000", 80),
    ("over-50yi", "50亿元以上", "500000", 90),
    ("over-100yi", "100亿元以上", "1000000", 100),
    ("private", "民间投资", None, 110),
    ("high-tech", "高新技术", None, 120),
    ("digital-core", "数字经济核心产业", None, 130),
    ("high-end-equipment", "高端装备", None, 140),
)

# (name, node, grace days, order): the default of domain.md §6, one star per gate reached on time.
STAR_GATES: tuple[tuple[str, str, int, int], ...] = (
    ("签约落地", "signed", 0, 10),
    ("前期完成", "permit", 0, 20),
    ("按期开工", "started", 0, 30),
    ("按期竣工投产", "producing", 0, 40),
    ("按期达产", "full", 0, 50),
)


def ensure_reference_data(category_model: type, list_model: type, gate_model: type) -> None:
    """Create the rows that are missing (by code / name); never change what the city admin edited."""
    from decimal import Decimal

    for code, name, order in CATEGORIES:
        if not category_model._default_manager.filter(code=code).exists():  # type: ignore[attr-defined]
            category_model._default_manager.create(code=code, name=name, order=order)  # type: ignore[attr-defined]
    for code, name, minimum, order in LISTS:
        if not list_model._default_manager.filter(code=code).exists():  # type: ignore[attr-defined]
            list_model._default_manager.create(  # type: ignore[attr-defined]
                code=code, name=name, min_total_investment=Decimal(minimum) if minimum else None, order=order
            )
    if not gate_model._default_manager.exists():  # type: ignore[attr-defined]
        for name, node, grace, order in STAR_GATES:
            gate_model._default_manager.create(name=name, node=node, grace_days=grace, order=order)  # type: ignore[attr-defined]
