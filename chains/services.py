"""Business rules of the industrial chains (domain.md §11): chains, segments, enterprises on segments, risks
and supply–demand events.

Every write runs in one transaction, validates with `full_clean`, names its actor in the history and checks
that the object stays in the actor's scope (a county user keeps only its own unit's enterprises on a chain).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import clock
from core.history import stamp
from core.services import (
    access_for_update,
    assign,
    create_audited,
    delete_audited,
    require_perm,
    save_audited,
    update_audited,
)
from enterprises.models import Enterprise

from .choices import RISK_MACHINE, RiskStatus
from .models import Chain, ChainEnterprise, ChainRisk, Segment, SupplyDemandEvent

CHAIN_FIELDS = (
    "name", "order", "city_leader", "county_leaders", "department", "key_technologies", "key_products",
    "patent_count", "standard_count", "description",
)  # fmt: skip
SEGMENT_FIELDS = ("name", "position", "order", "key_products")
MEMBER_FIELDS = ("segment", "enterprise", "role", "products")
RISK_FIELDS = (
    "chain", "segment", "region", "enterprise", "kind", "item", "supplier_region", "supplier_country",
    "single_source", "stock_days", "substitute", "level", "measures", "owner", "next_review", "identified_on",
)  # fmt: skip
EVENT_FIELDS = (
    "chain", "region", "title", "held_on", "participants", "participant_count", "deal_count", "deal_amount", "note",
)  # fmt: skip


# --- chains ---------------------------------------------------------------------------------------------


def _chain_m2m(chain: Chain, data: Mapping[str, Any]) -> None:
    if "industries" in data:
        chain.industries.set(data["industries"])
    if "tags" in data:
        chain.tags.set(data["tags"])


@transaction.atomic
def chain_create(*, data: Mapping[str, Any], actor: Any) -> Chain:
    """A new chain (city staff); its segments follow (segment_create)."""
    chain = create_audited(Chain, data=data, fields=CHAIN_FIELDS, actor=actor, reason=_("新增产业链"))
    _chain_m2m(chain, data)
    return chain


@transaction.atomic
def chain_update(*, chain: Chain, data: Mapping[str, Any], actor: Any) -> Chain:
    update_audited(chain, data=data, fields=CHAIN_FIELDS, actor=actor, reason=_("修改产业链"))
    _chain_m2m(chain, data)
    return chain


@transaction.atomic
def chain_delete(*, chain: Chain, actor: Any) -> None:
    """Only an empty chain is deleted: enterprises, risks or events on it keep it."""
    require_perm(actor, "chains.delete_chain")
    if chain.memberships.exists() or chain.risks.exists() or chain.supply_demand_events.exists():
        raise ValidationError(_("该产业链已有链上企业、风险或供需对接记录，不能删除。"))
    Segment.objects.filter(chain=chain).delete()
    delete_audited(chain, actor=actor, reason=_("删除产业链"))


# --- segments (a tree per chain) -------------------------------------------------------------------------


@transaction.atomic
def segment_create(*, data: Mapping[str, Any], actor: Any) -> Segment:
    """A segment of a chain: without a parent a top segment (上/中/下游 part), else a finer one of the parent.

    A sub-segment takes its parent's chain and position.
    """
    require_perm(actor, "chains.add_segment")
    parent: Segment | None = data.get("parent")
    values = {k: data[k] for k in SEGMENT_FIELDS if k in data}
    if parent is not None:
        values.update(chain=parent.chain, position=parent.position)
    else:
        if data.get("chain") is None:
            raise ValidationError({"chain": _("请选择产业链")})
        values["chain"] = data["chain"]
    segment = Segment(**values)
    segment.full_clean(exclude=["path", "depth", "numchild"])
    if Segment.objects.filter(chain=values["chain"], name=segment.name).exists():
        raise ValidationError({"name": _("该产业链已有同名环节")})
    stamp(segment, actor=actor, reason=_("新增产业链环节"))
    if parent is None:
        return Segment.objects.add_root(instance=segment)  # type: ignore[no-any-return]
    return Segment.objects.add_child(parent, instance=segment)  # type: ignore[no-any-return]


@transaction.atomic
def segment_update(*, segment: Segment, data: Mapping[str, Any], actor: Any) -> Segment:
    """Rename or re-describe a segment; it stays where it is in the tree (its chain and parent do not change)."""
    require_perm(actor, "chains.change_segment")
    fields = ("name", "order", "key_products") if segment.depth > 1 else SEGMENT_FIELDS
    changed = assign(segment, data, fields)
    if (
        "name" in changed
        and Segment.objects.filter(chain=segment.chain, name=segment.name).exclude(pk=segment.pk).exists()
    ):
        raise ValidationError({"name": _("该产业链已有同名环节")})
    segment.full_clean(exclude=["path", "depth", "numchild"])
    stamp(segment, actor=actor, reason=_("修改产业链环节"))
    if changed:
        segment.save(update_fields=[*changed, "updated_at"])
        if "position" in changed:  # sub-segments follow their top segment
            Segment.objects.filter(path__startswith=segment.path).update(position=segment.position)
    return segment


@transaction.atomic
def segment_move(*, segment: Segment, parent: Segment | None, actor: Any) -> Segment:
    """Move a segment, with its sub-segments and their enterprises, under another segment of the same chain
    (or to the top, as an 上/中/下游 part). The subtree takes the new parent's position; every moved segment
    gets a history record with its new place."""
    require_perm(actor, "chains.change_segment")
    segment = access_for_update(Segment, actor, segment.pk)
    if parent is not None:
        parent = Segment.objects.get(pk=parent.pk)
        if parent.chain_id != segment.chain_id:
            raise ValidationError({"parent": _("只能移到同一产业链的环节下")})
        if parent.path.startswith(segment.path):
            raise ValidationError({"parent": _("不能移到自身或其下级环节下")})
    if Segment.objects.get_parent(segment) == parent:
        return segment
    old_path = segment.path
    if parent is None:
        Segment.objects.move(segment, Segment.objects.get_first_root_node(), "sorted-sibling")
    else:
        Segment.objects.move(segment, parent, "sorted-child")
    moved = Segment.objects.get(pk=segment.pk)
    position = parent.position if parent is not None else moved.position
    for node in Segment.objects.filter(path__startswith=moved.path).order_by("path"):
        node.position = position
        save_audited(
            node, actor=actor, reason=_("移动产业链环节（原位置 %s）") % old_path, changed=["position"], clean=False
        )
    moved.refresh_from_db()
    return moved


@transaction.atomic
def segment_delete(*, segment: Segment, actor: Any) -> None:
    require_perm(actor, "chains.delete_segment")
    if ChainEnterprise.objects.filter(segment__path__startswith=segment.path).exists():
        raise ValidationError(_("该环节（或其下级环节）已有企业，不能删除。"))
    delete_audited(segment, actor=actor, reason=_("删除产业链环节"))


# --- enterprises on segments ---------------------------------------------------------------------------


def _check_member(member: ChainEnterprise, actor: Any, changed: list[str]) -> None:
    """The chain follows from the segment; the enterprise is one of the actor's unit, once on a segment."""
    if "segment" in changed and member.segment_id:
        member.chain_id = member.segment.chain_id
        if member.pk is not None:
            changed.append("chain")
    if member.enterprise_id:
        if not Enterprise.objects.visible_to(actor).filter(pk=member.enterprise_id).exists():  # type: ignore[attr-defined]
            raise ValidationError({"enterprise": _("该企业不在您的数据范围内：只能维护本单位的链上企业。")})
    if member.segment_id and member.enterprise_id:
        clash = ChainEnterprise.objects.filter(segment_id=member.segment_id, enterprise_id=member.enterprise_id)
        if clash.exclude(pk=member.pk).exists():
            raise ValidationError({"enterprise": _("该企业已在此环节上。")})


def chainenterprise_create(*, data: Mapping[str, Any], actor: Any) -> ChainEnterprise:
    """Put an enterprise of the actor's unit on a segment with a role; the chain follows from the segment."""
    return create_audited(
        ChainEnterprise, data=data, fields=MEMBER_FIELDS, actor=actor, reason=_("新增链上企业"),
        check=lambda member, changed: _check_member(member, actor, changed),
    )  # fmt: skip


def chainenterprise_update(*, chainenterprise: ChainEnterprise, data: Mapping[str, Any], actor: Any) -> ChainEnterprise:
    return update_audited(
        chainenterprise, data=data, fields=MEMBER_FIELDS, actor=actor, reason=_("修改链上企业"),
        check=lambda member, changed: _check_member(member, actor, changed),
    )  # fmt: skip


def chainenterprise_delete(*, chainenterprise: ChainEnterprise, actor: Any) -> None:
    delete_audited(chainenterprise, actor=actor, reason=_("移出链上企业"))


# --- risks ---------------------------------------------------------------------------------------------


def _check_risk(risk: ChainRisk, changed: list[str]) -> None:
    """A risk's segment is one of its chain; a foreign source names its country; a new risk is found today
    unless said otherwise."""
    if risk.pk is None and risk.identified_on is None:
        risk.identified_on = clock.today()
    if risk.segment is not None and risk.chain_id and risk.segment.chain_id != risk.chain_id:
        raise ValidationError({"segment": _("环节不属于该产业链")})
    if risk.supplier_region == "foreign" and not risk.supplier_country:
        raise ValidationError({"supplier_country": _("国外来源须填写国家或地区")})


def chainrisk_create(*, data: Mapping[str, Any], actor: Any) -> ChainRisk:
    """Record a risk of broken supply found by the unit's 排查; it is reviewed by its next review date."""
    return create_audited(
        ChainRisk, data=data, fields=RISK_FIELDS, actor=actor, reason=_("新增断链断供风险"), check=_check_risk
    )


def chainrisk_update(*, chainrisk: ChainRisk, data: Mapping[str, Any], actor: Any) -> ChainRisk:
    return update_audited(
        chainrisk, data=data, fields=RISK_FIELDS, actor=actor, reason=_("修改断链断供风险"), check=_check_risk
    )


def chainrisk_delete(*, chainrisk: ChainRisk, actor: Any) -> None:
    delete_audited(chainrisk, actor=actor, reason=_("删除断链断供风险"))


@transaction.atomic
def chainrisk_set_status(*, chainrisk: ChainRisk, status: str, actor: Any, reason: str = "") -> ChainRisk:
    """Close (已解除) or reopen a risk, as RISK_MACHINE allows (the move is the one of the table that reaches
    `status`); closing records the date."""
    require_perm(actor, "chains.change_chainrisk")
    risk = access_for_update(ChainRisk, actor, chainrisk.pk)
    action = next((t.action for t in RISK_MACHINE.transitions if t.target == status), "")
    risk.status = RISK_MACHINE.check(risk, action, actor).target
    risk.closed_on = clock.today() if status == RiskStatus.CLOSED else None
    save_audited(risk, actor=actor, reason=reason or _("风险状态变更"), changed=["status", "closed_on"])
    return risk


# --- supply–demand events ------------------------------------------------------------------------------


def supplydemandevent_create(*, data: Mapping[str, Any], actor: Any) -> SupplyDemandEvent:
    return create_audited(SupplyDemandEvent, data=data, fields=EVENT_FIELDS, actor=actor, reason=_("新增供需对接活动"))


def supplydemandevent_update(
    *, supplydemandevent: SupplyDemandEvent, data: Mapping[str, Any], actor: Any
) -> SupplyDemandEvent:
    return update_audited(supplydemandevent, data=data, fields=EVENT_FIELDS, actor=actor, reason=_("修改供需对接活动"))


def supplydemandevent_delete(*, supplydemandevent: SupplyDemandEvent, actor: Any) -> None:
    delete_audited(supplydemandevent, actor=actor, reason=_("删除供需对接活动"))
