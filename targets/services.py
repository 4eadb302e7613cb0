"""Business rules for plans, indicators and targets: importing a notice's tables, and corrections.

Every write names its actor in the history (django-simple-history), runs in one transaction,
and leaves nothing behind when a rule refuses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _

from core.history import bulk_create_audited, stamp
from core.imports import column_letter
from core.scope import ensure_in_scope
from core.services import require_perm
from regions.models import Region

from .choices import IndicatorKind
from .measures import series_key, to_storage
from .models import Indicator, Plan, Target
from .recognition import RecognizedTable
from .values import ParsedTarget, parse_target, resolve_period

PLAN_FIELDS = ("title", "document_number", "issuer", "issued_on", "year_start", "year_end", "scope_region", "notes")


def _target_fields(parsed: ParsedTarget, unit: str, kind: str = "") -> dict[str, Any]:
    """A parsed cell → the Target's fields; money goes to the storage unit (亿元 → 万元, exactly).

    A count (家, 个, 项 …) is never scaled as money, whatever unit a table put beside it (issue #12).
    """
    scaled = parsed.value is not None and kind != IndicatorKind.FLOW_COUNT
    return {
        "status": parsed.status,
        "comparator": parsed.comparator or "",
        "value": (to_storage(parsed.value, unit) if scaled else parsed.value) if parsed.value is not None else None,
        "relative_kind": parsed.relative_kind or "",
        "relative_offset": parsed.relative_offset,
        "raw_text": parsed.raw[:500],
    }


@transaction.atomic
def plan_import(
    *, data: dict[str, Any], tables: Sequence[RecognizedTable], actor: Any, source: str = "", reason: str = ""
) -> Plan:
    """Write a plan, its indicators and every target cell of the recognised tables, all or nothing.

    Rules (issue #3, domain.md §3): a preview with errors cannot be imported; every target's unit
    must lie in the plan's region and in the actor's scope; a target's period must lie within the
    plan's years; an indicator × unit × period appears once in the whole notice. Warnings (sums
    that do not match, words where numbers were expected) are imported as written.
    """
    require_perm(actor, "targets.add_plan")
    errors = [f for t in tables for f in t.errors]
    if errors:
        raise ValidationError(
            [_("第%(row)s行%(column)s列：%(message)s") % f.as_dict() if f.row else f.message for f in errors[:20]]
        )
    recognised = [t for t in tables if t.recognised and t.lines]
    if not recognised:
        raise ValidationError(_("没有可导入的指标"))
    unitless = [line.name for t in recognised for line in t.lines if line.unit_source == "missing"]
    if unitless:
        raise ValidationError(_("这些指标没有计量单位，请先选择：%s") % "、".join(dict.fromkeys(unitless)))
    reason = reason or _("导入目标任务分解表")
    plan = Plan(**{name: data.get(name, "") for name in PLAN_FIELDS if name in data})
    plan.layout = recognised[0].layout or plan.layout
    plan.source = source[:255]
    plan.full_clean()
    stamp(plan, actor=actor, reason=reason)
    plan.save()
    ensure_in_scope(plan, actor)

    allowed = set(Region.objects.filter(path__startswith=plan.scope_region.path).values_list("pk", flat=True))
    actor_scope = None if actor.sees_everything else set(actor.scope_region_ids)
    problems: list[str] = []

    # Indicators: one per (name, unit) over all tables, in order of first appearance.
    indicators: dict[tuple[str, str], Indicator] = {}
    for table in recognised:
        for line in table.lines:
            if line.key not in indicators:
                indicators[line.key] = Indicator(
                    plan=plan,
                    name=line.name[:200],
                    unit=line.unit,
                    kind=line.kind,
                    direction=line.direction,
                    order=len(indicators) + 1,
                    series=series_key(line.name),
                )
    for indicator in indicators.values():
        indicator.full_clean(exclude=["plan"], validate_unique=False, validate_constraints=False)
    created = bulk_create_audited(Indicator, list(indicators.values()), actor=actor, reason=reason)
    by_key = {(i.name, i.unit): i for i in created}

    targets: list[Target] = []
    seen: dict[tuple[Any, ...], str] = {}
    for table in recognised:
        if table.city_region_id is None and table.total is not None:
            problems.append(_("%s：无法确定合计对应的地区") % table.name)
            continue
        for line in table.lines:
            indicator = by_key[line.key]
            kind, start, end = resolve_period(
                line.period,
                stock=line.kind == IndicatorKind.STOCK,
                year_start=plan.year_start,
                year_end=plan.year_end,
            )
            if start < plan.year_start or end > plan.year_end:
                problems.append(
                    _("%(name)s 的时间“%(period)s”不在计划年度 %(years)s 之内")
                    % {"name": line.name, "period": line.period_label, "years": plan.years_label}
                )
                continue
            cells = [(table.units[i], value) for i, value in line.values.items()]
            pairs = [(u.region_id, u.name, v) for u, v in cells]
            if line.city is not None and table.total is not None:
                pairs.append((table.city_region_id, table.total.name, line.city))
            for region_id, unit_name, cell in pairs:
                if region_id is None:
                    continue
                if region_id not in allowed:
                    problems.append(
                        _("“%(unit)s”不在计划适用地区%(region)s之内") % {"unit": unit_name, "region": plan.scope_region}
                    )
                    continue
                if actor_scope is not None and region_id not in actor_scope:
                    problems.append(_("“%s”不在您的管辖范围内") % unit_name)
                    continue
                key = (indicator.pk, region_id, kind, start, end)
                if key in seen:
                    problems.append(
                        _("%(unit)s 的“%(name)s”%(period)s在 %(first)s 和 %(second)s 中各出现一次")
                        % {
                            "unit": unit_name,
                            "name": line.name,
                            "period": line.period_label,
                            "first": seen[key],
                            "second": table.name,
                        }
                    )
                    continue
                seen[key] = table.name
                target = Target(
                    indicator=indicator,
                    region_id=region_id,
                    period_kind=kind,
                    year_start=start,
                    year_end=end,
                    source=_cell_name(table.name, cell.row, cell.column),
                    **_target_fields(cell.parsed, indicator.unit, indicator.kind),
                )
                target.full_clean(exclude=["indicator", "region"], validate_unique=False, validate_constraints=False)
                targets.append(target)
    if problems:
        raise ValidationError(list(dict.fromkeys(problems))[:20])
    bulk_create_audited(Target, targets, actor=actor, reason=reason)
    return plan


def _cell_name(table: str, row: int, column: int) -> str:
    """Where a target came from, as the user finds it in the file: 表1 B3."""
    return f"{table} {column_letter(column)}{row + 1}"


@transaction.atomic
def plan_update(*, plan: Plan, data: dict[str, Any], actor: Any) -> Plan:
    """Correct a plan's metadata; its years and region must still hold every target it has."""
    require_perm(actor, "targets.change_plan")
    data = {k: v for k, v in data.items() if k in PLAN_FIELDS}
    for name, value in data.items():
        setattr(plan, name, value)
    plan.full_clean()
    targets = Target.objects.filter(indicator__plan=plan)
    if targets.filter(Q(year_start__lt=plan.year_start) | Q(year_end__gt=plan.year_end)).exists():
        raise ValidationError({"year_start": _("计划中已有目标的时间超出了新的年度范围")})
    if targets.exclude(region__path__startswith=plan.scope_region.path).exists():
        raise ValidationError({"scope_region": _("计划中已有目标的单位不在新的适用地区之内")})
    stamp(plan, actor=actor, reason=_("编辑目标任务计划"))
    plan.save(update_fields=[*data.keys(), "updated_at"])
    ensure_in_scope(plan, actor)
    return plan


@transaction.atomic
def plan_delete(*, plan: Plan, actor: Any) -> None:
    """Delete a plan with its indicators and targets; each deleted row's history names the actor."""
    require_perm(actor, "targets.delete_plan")
    reason = _("删除目标任务计划“%s”") % plan.title
    collector = Collector(using=plan._state.db or "default", origin=plan)
    collector.collect([plan])
    for instances in collector.data.values():
        for obj in instances:
            stamp(obj, actor=actor, reason=reason)
    collector.delete()


INDICATOR_FIELDS = ("name", "kind", "direction", "order", "series", "source", "source_query")


@transaction.atomic
def indicator_update(*, indicator: Indicator, data: dict[str, Any], actor: Any) -> Indicator:
    """Correct an indicator's name, kind, direction or order (the unit stays as the notice wrote it)."""
    require_perm(actor, "targets.change_indicator")
    data = {k: v for k, v in data.items() if k in INDICATOR_FIELDS}
    for name, value in data.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    stamp(indicator, actor=actor, reason=_("编辑指标"))
    # clean() may fill the series and clear a manual indicator's query: save those too.
    indicator.save(update_fields=[*{*data.keys(), "series", "source_query"}, "updated_at"])
    ensure_in_scope(indicator, actor)
    return indicator


@transaction.atomic
def target_update(*, target: Target, data: dict[str, Any], actor: Any) -> Target:
    """Correct one target by its text as the notice should have said it; the text is parsed like an import."""
    require_perm(actor, "targets.change_target")
    if "raw_text" not in data:
        return target
    parsed = parse_target(str(data["raw_text"] or ""))
    fields = _target_fields(parsed, target.indicator.unit, target.indicator.kind)
    for name, value in fields.items():
        setattr(target, name, value)
    target.full_clean(exclude=["indicator", "region"])
    stamp(target, actor=actor, reason=_("修改目标"))
    target.save(update_fields=[*fields.keys(), "updated_at"])
    ensure_in_scope(target, actor)
    return target
