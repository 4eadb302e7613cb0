"""Business rules for the enterprise registry: create, update, delete, one at a time and in bulk."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.services import create_audited, delete_audited, require_perm, save_audited

from .models import Enterprise, Tag
from .validators import clean_uscc


def _apply(enterprise: Enterprise, data: dict[str, Any]) -> list[Any] | None:
    tags = data.pop("tags", None)
    for name, value in data.items():
        setattr(enterprise, name, value)
    if enterprise.uscc:
        enterprise.uscc = clean_uscc(enterprise.uscc)
    return list(tags) if tags is not None else None


@transaction.atomic
def enterprise_create(*, data: dict[str, Any], actor: Any) -> Enterprise:
    """Register an enterprise; its region must lie in the actor's scope."""
    require_perm(actor, "enterprises.add_enterprise")
    data = dict(data)
    enterprise = Enterprise()
    tags = _apply(enterprise, data)
    save_audited(enterprise, actor=actor, reason=_("新增企业"))
    if tags is not None:
        enterprise.tags.set(tags)
    return enterprise


@transaction.atomic
def enterprise_update(*, enterprise: Enterprise, data: dict[str, Any], actor: Any) -> Enterprise:
    """Change an enterprise; after the save it must still be in the actor's scope."""
    require_perm(actor, "enterprises.change_enterprise")
    data = dict(data)
    tags = _apply(enterprise, data)
    # a change of tags alone still saves (and records) the enterprise
    save_audited(enterprise, actor=actor, reason=_("编辑企业"), changed=[*data.keys(), "updated_at"])
    if tags is not None:
        enterprise.tags.set(tags)
    return enterprise


def enterprise_delete(*, enterprise: Enterprise, actor: Any) -> None:
    delete_audited(enterprise, actor=actor, reason=_("删除企业"))


def tag_create(*, data: dict[str, Any], actor: Any) -> Tag:
    return create_audited(Tag, data=data, fields=data.keys(), actor=actor, reason="")


@transaction.atomic
def tag_update(*, tag: Tag, data: dict[str, Any], actor: Any) -> Tag:
    require_perm(actor, "enterprises.change_tag")
    for name, value in data.items():
        setattr(tag, name, value)
    save_audited(tag, actor=actor, reason="", changed=[*data.keys(), "updated_at"])
    return tag


def tag_delete(*, tag: Tag, actor: Any) -> None:
    delete_audited(tag, actor=actor, reason="")
