"""Regions and departments (domain.md §1)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from core.models import AuditedModel
from core.scope import ScopedQuerySet, ScopeRule

from .choices import COUNTY_LEVEL, DepartmentLevel, RegionKind


class RegionQuerySet(MP_NodeQuerySet, ScopedQuerySet):  # type: ignore[misc]
    pass


class RegionManager(MP_NodeManager):
    """Treebeard's manager (ordered by path) with the scope method of every domain manager."""

    def get_queryset(self) -> RegionQuerySet:
        return RegionQuerySet(self.model, using=self._db).order_by("path")

    def visible_to(self, user: object) -> RegionQuerySet:
        return self.get_queryset().visible_to(user)

    def in_scope_of(self, user: object) -> RegionQuerySet:
        return self.get_queryset().in_scope_of(user)


class Region(MP_Node, AuditedModel):
    """A node of the region tree: province, city, county-level unit or functional zone.

    `code` is the GB/T 2260 code, or a local code for functional zones (e.g. 330400-ETDZ).
    `aliases` are other names official tables use for the same unit (domain.md §1).
    """

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=RegionKind.choices)
    aliases = models.JSONField(_("别名"), default=list, blank=True)

    node_order_by = ["code"]
    # Everyone reads the tree; `in_scope_of(user)` (the user's subtree) is what they may act on.
    scope = ScopeRule(public=True, region="pk")
    objects = RegionManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("地区")
        ordering = ["path"]

    @property
    def is_county_level(self) -> bool:
        return self.kind in COUNTY_LEVEL

    def subtree_ids(self) -> list[int]:
        return list(Region.objects.filter(path__startswith=self.path).values_list("pk", flat=True))


class Department(AuditedModel):
    """A government department (发改, 自然资源, 税务 …) at city or county level, in one region."""

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    level = models.CharField(_("层级"), max_length=8, choices=DepartmentLevel.choices)
    region = models.ForeignKey(Region, verbose_name=_("所属地区"), on_delete=models.PROTECT, related_name="departments")

    scope = ScopeRule(region="region")

    class Meta:
        verbose_name = _("部门")
        ordering = ["region__path", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="department_unique_name_in_region")]
