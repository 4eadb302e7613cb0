"""Eligibility criteria as data, compiled to ORM queries over enterprises (domain.md §10: "一键直达").

Each kind has one validator (unknown codes, classes or titles are refused when saved) and one compiler to
a `Q` on Enterprise; multi-valued facts (tags, tier titles, 亩均 results, key projects) are `Exists` subqueries, so a
criterion can be used both to filter (eligible enterprises of a policy) and to annotate a boolean (which
criteria one enterprise meets). No free code and no eval: the kinds are a closed list.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from enterprises.choices import SizeClass

from .choices import CriterionKind as K

SIZE_LABELS = {str(c.value): c.label for c in SizeClass}  # 规上, 规下: the registry's own (translated) labels


def tier_titles(values: Iterable[str]) -> dict[str, str]:
    """Each value that names a tier title (its name, code or one of its aliases) → the title's name."""
    from tiers.models import Title

    wanted = {v.strip() for v in values if v.strip()}
    found: dict[str, str] = {}
    for code, name, aliases in Title.objects.values_list("code", "name", "aliases"):
        for spelling in (code, name, *aliases.replace("；", ";").split(";")):
            if spelling.strip() in wanted:
                found[spelling.strip()] = name
    return found


MUJUN_CLASSES = ("A", "B", "C", "D")


def _codes(values: Any) -> list[str]:
    if isinstance(values, str):
        values = [v for v in values.replace("，", ",").replace("、", ",").split(",")]
    return [str(v).strip() for v in values or [] if str(v).strip()]


def _unknown(kind: str, values: list[str]) -> str:
    return _("未知的%(kind)s取值：%(values)s") % {"kind": K(kind).label, "values": "、".join(values)}


def validate(kind: str, values: Any, minimum: Decimal | None, year: int | None) -> list[str]:
    """The criterion's values, normalised; ValidationError naming what is unknown."""
    from enterprises.models import Industry, Tag
    from regions.models import Region

    codes = _codes(values)
    if kind in (K.REGION, K.INDUSTRY, K.SIZE, K.MUJUN, K.TIER, K.TAG) and not codes:
        raise ValidationError({"values": _("请至少填写一个取值")})
    known: set[str]
    if kind == K.REGION:
        known = set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
    elif kind == K.INDUSTRY:
        codes = [c.upper() for c in codes]
        known = set(Industry.objects.filter(code__in=codes).values_list("code", flat=True))
    elif kind == K.SIZE:
        known = set(SIZE_LABELS) & set(codes)
    elif kind == K.MUJUN:
        codes = [c.upper() for c in codes]
        known = set(MUJUN_CLASSES) & set(codes)
        if not year:
            raise ValidationError({"year": _("亩均评价类别须指定年度")})
    elif kind == K.TIER:  # stored as the titles' names, whichever spelling was typed
        names = tier_titles(codes)
        unknown = [c for c in codes if c not in names]
        if unknown:
            raise ValidationError({"values": _unknown(kind, unknown)})
        return list(dict.fromkeys(names[c] for c in codes))
    elif kind == K.TAG:
        known = set(Tag.objects.filter(name__in=codes).values_list("name", flat=True))
    else:
        if minimum is None or minimum < 0:
            raise ValidationError({"minimum": _("请填写不小于0的下限")})
        return []
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValidationError({"values": _unknown(kind, unknown)})
    return codes


def compile_q(
    kind: str,
    values: list[str],
    minimum: Decimal | None,
    year: int | None,
    paths: dict[str, str] | None = None,
    *,
    registry: bool = False,
) -> Q:
    """The criterion as a condition on Enterprise rows (`paths`: region code → tree path, read once by the caller).

    Multi-valued facts (亩均 results, tier titles, tags, key projects) are a correlated `EXISTS` per row by default:
    an index probe, the fast way for the few rows of a page or one enterprise. With `registry=True` they are an
    uncorrelated `pk IN (…)`, which PostgreSQL reads once per query into a hash: the way for a pass over the whole
    registry (every policy counted in one scan), where a probe per row and criterion would be millions of probes."""

    def member(facts: QuerySet[Any]) -> Q:
        if registry:
            return Q(pk__in=facts.values("enterprise_id"))
        return Q(Exists(facts.filter(enterprise_id=OuterRef("pk"))))

    from enterprises.models import Enterprise
    from mujun.models import EvaluationResult
    from projects.models import Project
    from regions.models import Region

    if kind == K.REGION:
        if paths is None:
            paths = dict(Region.objects.filter(code__in=values).values_list("code", "path"))
        q = Q(pk__in=[])
        for path in (paths[code] for code in values if code in paths):
            q |= Q(region__path__startswith=path)
        return q
    if kind == K.INDUSTRY:
        q = Q(pk__in=[])
        for code in values:
            q |= Q(industry__code__startswith=code)
        return q
    if kind == K.SIZE:
        return Q(size_class__in=values)
    if kind == K.MUJUN:
        return member(EvaluationResult.objects.filter(run__year=year or 0, run__status="final", final_class__in=values))
    if kind == K.TIER:  # a recognition held now (recognised; not dropped or expired), of any year
        from tiers.choices import EntryStatus
        from tiers.models import TierEntry

        # `validate` stored the titles' names (every criterion is saved through it): no lookup per compile
        return member(TierEntry.objects.filter(status=EntryStatus.RECOGNISED, title__name__in=values))
    if kind == K.TAG:
        return member(Enterprise.tags.through.objects.filter(tag__name__in=values))
    if kind == K.INVESTMENT:
        totals = Project.objects.values("enterprise_id").annotate(t=Sum("total_investment")).filter(t__gte=minimum)
        return member(totals.order_by())
    if kind == K.EMPLOYEES:
        return Q(employees__gte=minimum)
    if kind == K.LAND:
        return Q(land_mu__gte=minimum)
    raise ValueError(kind)


def criterion_q(criterion: Any, paths: dict[str, str] | None = None, *, registry: bool = False) -> Q:
    return compile_q(
        criterion.kind, list(criterion.values), criterion.minimum, criterion.year, paths, registry=registry
    )


def policy_q(
    criteria: Iterable[Any], combine: str, paths: dict[str, str] | None = None, *, registry: bool = False
) -> Q:
    """All (AND) or any (OR) of the policy's criteria; a policy without criteria reaches every enterprise."""
    parts = [criterion_q(c, paths, registry=registry) for c in criteria]
    if not parts:
        return Q()
    q = parts[0]
    for part in parts[1:]:
        q = (q & part) if combine == "all" else (q | part)
    return q


def as_flag(q: Q) -> ExpressionWrapper:
    """A criterion as a boolean column, for showing met/missed per enterprise in one query."""
    return ExpressionWrapper(q, output_field=BooleanField())


def describe(criterion: Any) -> str:
    """The criterion in the bureau's words: "2019 亩均 A类/B类", "规上", "行业 C34", "从业人员 ≥ 100" (in the
    user's language: every word goes through the catalog)."""
    kind, values = criterion.kind, list(criterion.values or [])
    if kind == K.MUJUN:
        classes = "/".join(_("%s类") % v for v in values)
        return _("%(year)s 亩均 %(classes)s") % {"year": criterion.year, "classes": classes}
    if kind == K.SIZE:
        return "/".join(str(SIZE_LABELS.get(v, v)) for v in values)
    if kind in (K.INDUSTRY, K.REGION, K.TIER, K.TAG):
        return f"{K(kind).label} " + _("、").join(values)
    unit = {"investment": _("万元"), "employees": _("人"), "land": _("亩")}.get(kind, "")
    minimum = format(criterion.minimum.normalize(), "f") if criterion.minimum is not None else ""
    return _("%(label)s ≥ %(minimum)s%(unit)s") % {"label": K(kind).label, "minimum": minimum, "unit": unit}


__all__ = ["as_flag", "compile_q", "criterion_q", "describe", "policy_q", "validate"]
