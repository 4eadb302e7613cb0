"""The enterprise registry (domain.md §2)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import AuditedModel, DomainModel, ScopedModel
from core.scope import ScopeRule

from .choices import IndustryLevel, SizeClass
from .validators import validate_uscc


class Industry(ScopedModel):
    """A GB/T 4754-2017 category: 门类 C, 大类 C13–C43 (and finer levels where loaded)."""

    code = models.CharField(_("行业代码"), max_length=8, unique=True)
    name = models.CharField(_("行业名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=10, choices=IndustryLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("国民经济行业")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Tag(AuditedModel):
    """A free label the bureau puts on enterprises (上市, 外资, 链主 …)."""

    name = models.CharField(_("标签"), max_length=50, unique=True)

    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("企业标签")
        ordering = ["name"]


class Enterprise(DomainModel):
    """A company the bureau knows, identified by its 统一社会信用代码 (USCC, GB 32100-2015)."""

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc])
    name = models.CharField(_("企业名称"), max_length=200, db_index=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("属地"), on_delete=models.PROTECT, related_name="enterprises"
    )
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("所属行业"),
        on_delete=models.PROTECT,
        related_name="enterprises",
        null=True,
        blank=True,
    )
    size_class = models.CharField(_("规模"), max_length=8, choices=SizeClass.choices, default=SizeClass.BELOW)
    land_mu = models.DecimalField(_("用地面积（亩）"), max_digits=12, decimal_places=2, null=True, blank=True)
    employees = models.PositiveIntegerField(_("从业人员（人）"), null=True, blank=True)
    listed = models.BooleanField(_("上市企业"), default=False)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("标签"), blank=True, related_name="enterprises")

    scope = ScopeRule(region="region", enterprise="pk")
    history = HistoricalRecords(m2m_fields=[tags])

    class Meta:
        verbose_name = _("企业")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["region", "name"], name="enterprise_region_name"),
            models.Index(fields=["industry", "name"], name="enterprise_industry_name"),
            models.Index(fields=["size_class", "name"], name="enterprise_size_name"),
        ]
