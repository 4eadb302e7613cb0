"""Matching at two scales, both on the rules of `criteria.compile_q` (tested equal to it and to a Python reference):

- `policy_reach`: how many enterprises each policy reaches, every policy in one pass over the registry. The
  registry's columns and each fact table a criterion reads are read once each (PostgreSQL `COPY … TO STDOUT`
  into Polars, `core.frames`), each distinct criterion becomes one boolean column, each policy one sum.
- `enterprise_checks`: which criteria one enterprise meets — its few facts read in one small query per kind, each
  criterion checked by a pure function (`criterion_met`), instead of one compiled SQL column per criterion.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from enterprises.models import Enterprise, Industry

from .choices import CriterionKind as K

FACT_KINDS = (K.TAG, K.TIER, K.MUJUN, K.INVESTMENT)


def _key(c: Any) -> tuple[Any, ...]:
    return (c.kind, tuple(str(v) for v in c.values or []), c.minimum, c.year)


def _facts_frames(criteria: list[Any]) -> dict[str, Any]:
    """One frame per multi-valued fact kind the criteria read: (id, value) for tags and tier titles held, (id, year,
    value) for final 亩均 classes, (id, total) for key-project investment. The same conditions as `compile_q`."""
    import polars as pl

    from core.frames import read_queryset
    from mujun.models import EvaluationResult
    from projects.models import Project
    from tiers.choices import EntryStatus
    from tiers.models import TierEntry

    wanted: dict[str, set[Any]] = {}
    for c in criteria:
        if c.kind in FACT_KINDS:
            wanted.setdefault(c.kind, set()).update(
                [c.year or 0] if c.kind == K.MUJUN else [str(v) for v in c.values or []]
            )
    pair = {"id": pl.Int64, "value": pl.Utf8}
    frames: dict[str, Any] = {}
    if K.TAG in wanted:
        tags = Enterprise.tags.through.objects.filter(tag__name__in=wanted[K.TAG]).order_by()
        frames[K.TAG] = read_queryset(tags.values_list("enterprise_id", "tag__name"), pair)
    if K.TIER in wanted:
        held = TierEntry.objects.filter(status=EntryStatus.RECOGNISED, title__name__in=wanted[K.TIER]).order_by()
        frames[K.TIER] = read_queryset(held.values_list("enterprise_id", "title__name"), pair)
    if K.MUJUN in wanted:
        final = EvaluationResult.objects.filter(run__status="final", run__year__in=wanted[K.MUJUN]).order_by()
        frames[K.MUJUN] = read_queryset(
            final.values_list("enterprise_id", "run__year", "final_class"),
            {"id": pl.Int64, "year": pl.Int64, "value": pl.Utf8},
        )
    if K.INVESTMENT in wanted:
        totals = Project.objects.order_by().values("enterprise_id").annotate(t=Sum("total_investment"))
        frames[K.INVESTMENT] = read_queryset(
            totals.filter(enterprise_id__isnull=False).values_list("enterprise_id", "t"),
            {"id": pl.Int64, "total": pl.Float64},
        )
    return frames


def policy_reach(policies: list[Any], queryset: QuerySet[Enterprise] | None = None) -> dict[int, int]:
    """How many enterprises each policy reaches (一键直达 at the scale of the registry): set-based, never a loop per
    enterprise and policy. `queryset` narrows the registry (a user's scope); prefetch the policies' criteria."""
    import polars as pl

    from core.frames import read_queryset
    from regions.models import Region

    if not policies:
        return {}
    criteria = {_key(c): c for p in policies for c in p.criteria.all()}
    kinds = {c.kind for c in criteria.values()}
    queryset = queryset if queryset is not None else Enterprise.objects.all()
    frame = read_queryset(
        queryset.order_by().values_list("pk", "industry_id", "region_id", "size_class", "employees", "land_mu"),
        {"id": pl.Int64, "industry": pl.Int64, "region": pl.Int64, "size": pl.Utf8,
         "employees": pl.Float64, "land": pl.Float64},
    )  # fmt: skip
    if not frame.height:
        return {p.pk: 0 for p in policies}
    industries = list(Industry.objects.values_list("pk", "code")) if K.INDUSTRY in kinds else []
    regions = list(Region.objects.values_list("pk", "code", "path")) if K.REGION in kinds else []
    paths = {code: path for _pk, code, path in regions}
    facts = _facts_frames(list(criteria.values()))

    def ids(values: Iterable[int]) -> pl.Series:
        return pl.Series(list(values), dtype=pl.Int64).implode()

    def column(c: Any) -> pl.Expr:
        values = [str(v) for v in c.values or []]
        if c.kind == K.INDUSTRY:  # a division covers the codes below it: the codes matched once, then ids
            return pl.col("industry").is_in(ids(pk for pk, code in industries if code.startswith(tuple(values))))
        if c.kind == K.REGION:  # a region covers its subtree
            found = tuple(paths[v] for v in values if v in paths)
            return pl.col("region").is_in(ids(pk for pk, _c, path in regions if found and path.startswith(found)))
        if c.kind == K.SIZE:
            return pl.col("size").is_in(values)
        if c.kind in (K.EMPLOYEES, K.LAND):
            return pl.col(c.kind) >= float(c.minimum if c.minimum is not None else 0)
        fact = facts[c.kind]
        if c.kind == K.MUJUN:
            fact = fact.filter((pl.col("year") == (c.year or 0)) & pl.col("value").is_in(values))
        elif c.kind == K.INVESTMENT:
            fact = fact.filter(pl.col("total") >= float(c.minimum if c.minimum is not None else 0))
        else:
            fact = fact.filter(pl.col("value").is_in(values))
        return pl.col("id").is_in(fact.get_column("id").unique().implode())

    names = {key: f"k{i}" for i, key in enumerate(criteria)}
    flags = frame.select([column(c).fill_null(False).alias(names[key]) for key, c in criteria.items()])
    sums = []
    for policy in policies:
        parts = [pl.col(names[_key(c)]) for c in policy.criteria.all()]
        if not parts:  # a policy without criteria reaches every enterprise
            sums.append(pl.lit(frame.height, dtype=pl.Int64).alias(str(policy.pk)))
            continue
        met = pl.all_horizontal(parts) if policy.combine == "all" else pl.any_horizontal(parts)
        sums.append(met.cast(pl.Int64).sum().alias(str(policy.pk)))
    counts = flags.select(sums).row(0, named=True) if flags.width else {str(p.pk): frame.height for p in policies}
    return {policy.pk: int(counts[str(policy.pk)]) for policy in policies}


@dataclass
class EnterpriseFacts:
    """What the criteria read of one enterprise."""

    industry: str | None
    region_path: str
    size: str
    employees: int | None
    land: Decimal | None
    region_paths: dict[str, str] = field(default_factory=dict)  # the criteria's region codes → tree paths
    tags: set[str] = field(default_factory=set)
    held: set[str] = field(default_factory=set)  # tier titles held now (recognised)
    mujun: set[tuple[int, str]] = field(default_factory=set)  # (year, class) of final 亩均 runs
    investment: Decimal = Decimal(0)  # key-project investment, 万元


def criterion_met(c: Any, facts: EnterpriseFacts) -> bool:
    """One criterion checked on one enterprise's facts (pure; the rules of `criteria.compile_q`)."""
    values = [str(v) for v in c.values or []]
    minimum = c.minimum if c.minimum is not None else Decimal(0)
    if c.kind == K.INDUSTRY:
        return facts.industry is not None and facts.industry.startswith(tuple(values))
    if c.kind == K.REGION:
        return any(facts.region_path.startswith(facts.region_paths[v]) for v in values if v in facts.region_paths)
    if c.kind == K.SIZE:
        return facts.size in values
    if c.kind == K.EMPLOYEES:
        return facts.employees is not None and facts.employees >= minimum
    if c.kind == K.LAND:
        return facts.land is not None and facts.land >= minimum
    if c.kind == K.TAG:
        return bool(facts.tags & set(values))
    if c.kind == K.TIER:
        return bool(facts.held & set(values))
    if c.kind == K.MUJUN:
        return any((c.year or 0, v) in facts.mujun for v in values)
    if c.kind == K.INVESTMENT:
        return facts.investment >= minimum
    raise ValueError(c.kind)


def enterprise_facts(pk: int, criteria: list[Any]) -> EnterpriseFacts:
    """One enterprise's facts the criteria read: its row, then one small query per fact kind the criteria use."""
    from mujun.models import EvaluationResult
    from projects.models import Project
    from regions.models import Region
    from tiers.choices import EntryStatus
    from tiers.models import TierEntry

    row = Enterprise.objects.filter(pk=pk).values_list(
        "industry__code", "region__path", "size_class", "employees", "land_mu"
    )[0]
    facts = EnterpriseFacts(*row)
    kinds = {c.kind for c in criteria}
    if K.REGION in kinds:
        codes = {str(v) for c in criteria if c.kind == K.REGION for v in c.values or []}
        facts.region_paths = dict(Region.objects.filter(code__in=codes).values_list("code", "path"))
    if K.TAG in kinds:
        facts.tags = set(Enterprise.tags.through.objects.filter(enterprise_id=pk).values_list("tag__name", flat=True))
    if K.TIER in kinds:
        held = TierEntry.objects.filter(enterprise_id=pk, status=EntryStatus.RECOGNISED)
        facts.held = set(held.values_list("title__name", flat=True))
    if K.MUJUN in kinds:
        final = EvaluationResult.objects.filter(enterprise_id=pk, run__status="final")
        facts.mujun = set(final.values_list("run__year", "final_class"))
    if K.INVESTMENT in kinds:
        total = Project.objects.filter(enterprise_id=pk).aggregate(t=Sum("total_investment"))["t"]
        facts.investment = total or Decimal(0)
    return facts


__all__ = ["EnterpriseFacts", "criterion_met", "enterprise_facts", "policy_reach"]
