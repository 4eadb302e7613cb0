"""Business rules for warning thresholds: set per plan or per indicator by the plan's own authority.

Every write runs in one transaction, names its actor in the history, and leaves nothing behind
when a rule refuses it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.history import stamp
from core.scope import ensure_in_scope
from core.services import require_perm
from regions.selectors import region_in_scope

from .models import WarningThreshold

THRESHOLD_FIELDS = ("plan", "indicator", "yellow_pp", "red_pp", "red_on_negative_growth", "notes")


def _check_authority(threshold: WarningThreshold, actor: Any) -> None:
    """Only users whose scope holds the plan's whole region set its thresholds: a unit may read its city's
    plan, but the city's warning rules are the city's to set.
    """
    if not region_in_scope(actor, threshold.plan.scope_region_id):
        raise ValidationError({"plan": _("只有计划发文地区的用户可以设置该计划的预警阈值")})


def _duplicate_sentence(threshold: WarningThreshold) -> str:
    """The sentence of the uniqueness constraint the threshold falls under: the model says it once, for the page,
    the API and a concurrent save alike (issue #12)."""
    name = "warningthreshold_one_per_plan" if threshold.indicator_id is None else "warningthreshold_one_per_indicator"
    constraint = next(c for c in WarningThreshold._meta.constraints if c.name == name)
    return str(constraint.violation_error_message)


def _save(threshold: WarningThreshold, *, actor: Any, reason: str, update_fields: list[str] | None = None) -> None:
    # The model's constraints with their own sentences (one plan-wide threshold, one per indicator, red ≥ yellow).
    threshold.full_clean(validate_unique=False)
    _check_authority(threshold, actor)
    stamp(threshold, actor=actor, reason=reason)
    try:
        with transaction.atomic():
            threshold.save(update_fields=update_fields)
    except IntegrityError as exc:  # a concurrent save of the same plan/indicator
        raise ValidationError(_duplicate_sentence(threshold)) from exc
    ensure_in_scope(threshold, actor)


@transaction.atomic
def warningthreshold_create(*, data: dict[str, Any], actor: Any) -> WarningThreshold:
    """Set the thresholds of a plan (indicator empty) or of one indicator, which then overrides the plan's."""
    require_perm(actor, "monitoring.add_warningthreshold")
    threshold = WarningThreshold(**{k: v for k, v in data.items() if k in THRESHOLD_FIELDS})
    _save(threshold, actor=actor, reason=_("设置预警阈值"))
    return threshold


@transaction.atomic
def warningthreshold_update(
    *, warningthreshold: WarningThreshold, data: dict[str, Any], actor: Any
) -> WarningThreshold:
    """Change the percentage points or the negative-growth rule; the plan and indicator stay as set."""
    require_perm(actor, "monitoring.change_warningthreshold")
    fields = [k for k in data if k in THRESHOLD_FIELDS and k not in ("plan", "indicator")]
    for name in fields:
        setattr(warningthreshold, name, data[name])
    _save(warningthreshold, actor=actor, reason=_("修改预警阈值"), update_fields=[*fields, "updated_at"])
    return warningthreshold


@transaction.atomic
def warningthreshold_delete(*, warningthreshold: WarningThreshold, actor: Any) -> None:
    """Remove thresholds: the plan's (or the domain default) apply again."""
    require_perm(actor, "monitoring.delete_warningthreshold")
    _check_authority(warningthreshold, actor)
    stamp(warningthreshold, actor=actor, reason=_("删除预警阈值"))
    warningthreshold.delete()
