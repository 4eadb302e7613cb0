"""Managing users (the city admin's work): create, edit, deactivate, reset password, issue API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from core.history import stamp
from core.scope import ensure_in_scope
from core.services import require_perm

from .choices import Role
from .models import User


def _check_consistency(user: User) -> None:
    """A role's required attachments: enterprise users need an enterprise, handlers a department."""
    errors: dict[str, str] = {}
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id is None:
        errors["enterprise"] = _("企业用户必须关联企业")
    if user.role == Role.DEPARTMENT_HANDLER and user.department_id is None:
        errors["department"] = _("部门经办人必须关联部门")
    if user.region_id is None and not user.is_superuser:
        errors["region"] = _("必须选择所属地区")
    if (
        user.enterprise is not None
        and user.region is not None
        and user.enterprise.region_id not in user.region.subtree_ids()
    ):
        errors["enterprise"] = _("企业不在该用户的地区内")
    if (
        user.department is not None
        and user.region is not None
        and user.department.region_id not in user.region.subtree_ids()
    ):
        errors["department"] = _("部门不在该用户的地区内")
    if errors:
        raise ValidationError(errors)


def _sync_groups(user: User) -> None:
    group, _created = Group.objects.get_or_create(name=user.role)
    user.groups.set([group])


@transaction.atomic
def user_create(*, data: dict[str, Any], password: str | None, actor: Any) -> User:
    require_perm(actor, "accounts.add_user")
    user = User(**data)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    _check_consistency(user)
    stamp(user, actor=actor)
    user.save()
    _sync_groups(user)
    ensure_in_scope(user, actor)
    return user


@transaction.atomic
def user_update(*, user: User, data: dict[str, Any], actor: Any) -> User:
    require_perm(actor, "accounts.change_user")
    for name, value in data.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    _check_consistency(user)
    stamp(user, actor=actor)
    user.save(update_fields=list(data.keys()))
    _sync_groups(user)
    ensure_in_scope(user, actor)
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, actor: Any) -> User:
    require_perm(actor, "accounts.change_user")
    from django.contrib.auth.password_validation import validate_password

    validate_password(password, user)
    user.set_password(password)
    stamp(user, actor=actor, reason=_("重置密码"))
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def user_delete(*, user: User, actor: Any) -> None:
    """Users are deactivated, never deleted: their name stays on the history they wrote."""
    require_perm(actor, "accounts.delete_user")
    if user.pk == getattr(actor, "pk", None):
        raise ValidationError(_("不能停用自己的账号"))
    user.is_active = False
    stamp(user, actor=actor, reason=_("停用账号"))
    user.save(update_fields=["is_active"])
    Token.objects.filter(user=user).delete()


def user_issue_token(*, user: User, actor: Any) -> Token:
    """A new API token for scripts (the old one stops working)."""
    require_perm(actor, "accounts.change_user")
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def role_set_permissions(*, group: Group, permissions: list[Any], actor: Any) -> Group:
    """Replace a role's permissions; the group's history records the permission set before and after."""
    require_perm(actor, "auth.change_group")
    group.permissions.set(permissions)
    stamp(group, actor=actor, reason=_("修改角色权限"))
    group.save()
    return group
