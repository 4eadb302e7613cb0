"""Users: each belongs to one region (their data scope), optionally a department or an enterprise."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords

from core.scope import ScopedQuerySet, ScopeRule

from .choices import Role


class ScopedUserManager(UserManager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    pass


# the fields of a user an administrator edits (form), shows (detail page) and the API reads and writes
EDITED_FIELDS = ("username", "full_name", "phone", "email", "role", "region", "department", "enterprise", "is_active")


class User(AbstractUser):
    """A person signing in. `region` decides what they see (its subtree); `role` what they may do."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, default=Role.LEADER)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所属地区"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    department = models.ForeignKey(
        "regions.Department",
        verbose_name=_("所属部门"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("所属企业"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )

    scope = ScopeRule(region="region")
    objects = ScopedUserManager()  # type: ignore[misc]
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]
        permissions = [("view_operation_log", _("查看操作日志"))]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])

    @property
    def is_city_admin(self) -> bool:
        return self.is_superuser or self.role == Role.CITY_ADMIN

    @property
    def is_enterprise_user(self) -> bool:
        return self.role == Role.ENTERPRISE_USER

    @property
    def is_department_handler(self) -> bool:
        """Sees only their department's rows of models whose scope rule names a `department`."""
        return self.role == Role.DEPARTMENT_HANDLER

    @property
    def sees_everything(self) -> bool:
        """A superuser, or a user of the tree's root region (e.g. the province)."""
        if self.is_superuser:
            return True
        return self.region is not None and self.region.depth == 1

    @cached_property
    def scope_region_ids(self) -> list[int]:
        """Ids of the user's region and everything below it (empty without a region)."""
        if self.region is None:
            return []
        return self.region.subtree_ids()


# Roles are Django groups; their permission sets are audited like domain data.
register(Group, app="accounts", m2m_fields=["permissions"], table_name="accounts_historicalgroup")
