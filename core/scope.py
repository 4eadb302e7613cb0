"""Data scope: who may see which rows. Enforced once, here, for every list, page, export and API.

domain.md §1: a user belongs to one region; by default they see and edit only data of their
region's subtree; city users see the whole city. An enterprise user sees only their own
enterprise. Objects outside the scope are answered as if they did not exist (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from .actors import SYSTEM

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class ScopeRule:
    """How a model's rows relate to a user's scope. Declared as `scope = ScopeRule(...)` on the model.

    region: lookup path to the region FK ("region", "enterprise__region").
    enterprise: lookup path to the enterprise FK ("pk" for Enterprise itself), for enterprise users.
    owner: lookup path to a user FK; such rows (jobs) belong to that user only.
    public: reference data that every signed-in user may read (regions, industries).
    enterprise_only: further lookups an enterprise user's rows must also match, e.g. results of released
        runs only (`(("run__status__in", ("published", "final")),)`): the bureau's drafts stay internal.
    department: lookup path to a department FK: a department handler sees their own department's rows only
        (duties, their progress, projects' problems); everyone else is scoped by `region` as usual.
    regions_above: also the rows of the regions above the user's (a notice is addressed to the units
        below its region: a 海宁 user reads the city's and the province's plans, not 嘉善's).
    published: lookups a row matches once it is published (`(("status", "published"),)`); with it, a user
        without `draft_permission` ("bulletins.view_draft") sees published rows only, on top of the rest
        of the rule: drafts stay with the staff who prepare them, whatever page, API or file asks.
    draft_permission: the permission that opens the unpublished rows of a rule with `published`.
    """

    region: str | None = None
    enterprise: str | None = None
    owner: str | None = None
    public: bool = False
    enterprise_only: tuple[tuple[str, Any], ...] = ()
    department: str | None = None
    regions_above: bool = False
    published: tuple[tuple[str, Any], ...] = ()
    draft_permission: str | None = None


class ScopedQuerySet(models.QuerySet[M]):
    """A queryset that knows `visible_to(user)`, the one place where list scope is decided."""

    def visible_to(self, user: Any) -> Self:
        rule: ScopeRule | None = getattr(self.model, "scope", None)
        if rule is None:
            raise TypeError(f"{self.model.__name__} declares no scope rule")
        if user is SYSTEM:  # jobs, commands, the demo: every row
            return self
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        scoped = self._within_rule(rule, user)
        if rule.published and not (rule.draft_permission and user.has_perm(rule.draft_permission)):
            # A subquery, so a lookup across a to-many relation ("versions__status") adds no duplicate rows.
            published = self.model._base_manager.filter(**dict(rule.published)).values("pk")
            return scoped.filter(pk__in=published)
        return scoped

    def _within_rule(self, rule: ScopeRule, user: Any) -> Self:
        if rule.public:
            return self
        if rule.owner:
            if user.is_city_admin:
                return self
            return self.filter(**{rule.owner: user.pk})
        if rule.department and getattr(user, "is_department_handler", False):
            if not user.department_id:
                return self.none()
            return self.filter(**{rule.department: user.department_id})
        if user.is_enterprise_user:
            if rule.enterprise and user.enterprise_id:
                return self.filter(**{rule.enterprise: user.enterprise_id}, **dict(rule.enterprise_only))
            return self.none()
        if rule.region:
            if user.sees_everything:
                return self
            mine = models.Q(**{f"{rule.region}__in": user.scope_region_ids})
            if rule.regions_above and user.region is not None:
                region = user.region
                above = [region.path[: i * region.steplen] for i in range(1, region.depth)]
                return self.filter(mine | models.Q(**{f"{rule.region}__path__in": above}))
            return self.filter(mine)
        return self.none()

    def in_scope_of(self, user: Any) -> Self:
        """Rows of the user's region subtree, even of reference data everyone may read.

        What a user may choose, assign or act on: for regions, their own subtree
        (`Region.objects.in_scope_of(user)`); everything for root-region users.
        """
        rule: ScopeRule | None = getattr(self.model, "scope", None)
        if rule is None or rule.region is None:
            raise TypeError(f"{self.model.__name__} declares no region in its scope rule")
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self
        return self.filter(**{f"{rule.region}__in": user.scope_region_ids})


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def access_object(model: type[M], user: Any, pk: Any) -> M:
    """Fetch one object the user may see, or the same 404 whether it is missing or forbidden."""
    return access_object_from(model._default_manager.visible_to(user), pk)  # type: ignore[attr-defined]


def access_object_from(queryset: models.QuerySet[Any], pk: Any) -> Any:
    """`access_object` on an already scoped queryset (with its select_related): one 404 for missing and forbidden."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, ValidationError):
        raise Http404(_("对象不存在")) from None


def ensure_in_scope(obj: models.Model, user: Any) -> None:
    """After a save inside a transaction: the object must still be within the actor's scope.

    Raises ValidationError so the surrounding transaction rolls back and the form shows why.
    """
    manager = type(obj)._default_manager
    if not manager.visible_to(user).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise ValidationError(_("保存后的对象不在您的数据范围内，操作已撤销。"))
