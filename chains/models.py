"""Industrial chains (产业链, domain.md §11; the 2021–2022 notice's 12 标志性产业链 and 双链长 mechanism).

A chain is city-wide reference data every bureau user reads: its two kinds of chain leaders (a city
leader, county leaders), the responsible department, the GB/T 4754 codes and tags that define it, key
technologies and products, patents and standards. Its segments (上/中/下游 and their sub-segments) form
a tree. Enterprises sit on segments with a role (链主, 核心配套, 一般); those rows belong to the
enterprise's unit, so a county user keeps only its own unit's enterprises on a chain. Risks of broken
supply (断链断供) and supply–demand matching events (供需对接) belong to the unit that records them.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from core.models import AuditedModel, DomainModel
from core.scope import ScopedQuerySet, ScopeRule

from .choices import ChainRole, Position, RiskKind, RiskLevel, RiskStatus, SupplierRegion

NON_NEGATIVE = [MinValueValidator(Decimal(0))]


class Chain(DomainModel):
    """One 标志性产业链 with its 双链长 (a city leader and the county leaders) and what defines it."""

    name = models.CharField(_("产业链名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    city_leader = models.CharField(_("市级链长"), max_length=100, blank=True, help_text=_("姓名及职务"))
    county_leaders = models.TextField(
        _("县级链长"), blank=True, help_text=_("每行一位：单位 姓名及职务，如“海宁市 副市长 张三”")
    )
    department = models.ForeignKey(
        "regions.Department",
        verbose_name=_("牵头部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chains",
    )
    industries = models.ManyToManyField(
        "enterprises.Industry", verbose_name=_("国民经济行业（GB/T 4754）"), blank=True, related_name="chains"
    )
    tags = models.ManyToManyField("enterprises.Tag", verbose_name=_("企业标签"), blank=True, related_name="chains")
    key_technologies = models.TextField(_("关键技术"), blank=True)
    key_products = models.TextField(_("关键产品"), blank=True)
    patent_count = models.PositiveIntegerField(_("专利数（件）"), default=0)
    standard_count = models.PositiveIntegerField(_("标准数（项）"), default=0)
    description = models.TextField(_("提升方案要点"), blank=True)

    scope = ScopeRule(public=True)
    history = HistoricalRecords(m2m_fields=[industries, tags])

    class Meta:
        verbose_name = _("产业链")
        ordering = ["order", "name"]


class SegmentQuerySet(MP_NodeQuerySet, ScopedQuerySet):  # type: ignore[misc]
    pass


class SegmentManager(MP_NodeManager):
    """Treebeard's manager (ordered by path) with the scope method of every domain manager."""

    def get_queryset(self) -> SegmentQuerySet:
        return SegmentQuerySet(self.model).order_by("path")

    def visible_to(self, user: object) -> SegmentQuerySet:
        return self.get_queryset().visible_to(user)


class Segment(MP_Node, AuditedModel):
    """A segment (环节) of a chain: the roots are its 上游/中游/下游 parts, children are finer segments."""

    chain = models.ForeignKey(Chain, verbose_name=_("产业链"), on_delete=models.CASCADE, related_name="segments")
    name = models.CharField(_("环节名称"), max_length=60)
    position = models.CharField(_("位置"), max_length=4, choices=Position.choices)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    key_products = models.CharField(_("关键产品"), max_length=200, blank=True)

    node_order_by = ["order", "name"]
    scope = ScopeRule(public=True)
    objects = SegmentManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("产业链环节")
        ordering = ["path"]

    def __str__(self) -> str:
        return f"{self.chain} · {self.name}"


class ChainEnterprise(AuditedModel):
    """An enterprise on a segment of a chain, with its role (链主, 核心配套, 一般). Belongs to the enterprise's unit."""

    chain = models.ForeignKey(
        Chain, verbose_name=_("产业链"), on_delete=models.CASCADE, related_name="memberships", editable=False
    )
    segment = models.ForeignKey(Segment, verbose_name=_("环节"), on_delete=models.PROTECT, related_name="memberships")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="chain_links"
    )
    role = models.CharField(_("角色"), max_length=8, choices=ChainRole.choices, default=ChainRole.GENERAL)
    products = models.CharField(_("主要产品"), max_length=200, blank=True)

    scope = ScopeRule(region="enterprise__region", enterprise="enterprise")

    class Meta:
        verbose_name = _("链上企业")
        ordering = ["chain", "segment__path", "role", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["segment", "enterprise"], name="chainenterprise_once")]
        indexes = [models.Index(fields=["chain", "segment"], name="chainenterprise_chain_segment")]

    def __str__(self) -> str:
        return f"{self.segment} · {self.enterprise}"


class ChainRisk(AuditedModel):
    """A risk of broken supply (断链断供) on a chain, recorded and reviewed by a unit (2022 notice: 断链断供风险排查)."""

    chain = models.ForeignKey(Chain, verbose_name=_("产业链"), on_delete=models.PROTECT, related_name="risks")
    segment = models.ForeignKey(
        Segment, verbose_name=_("环节"), on_delete=models.PROTECT, null=True, blank=True, related_name="risks"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="chain_risks"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("涉及企业"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chain_risks",
    )
    kind = models.CharField(_("类别"), max_length=12, choices=RiskKind.choices, default=RiskKind.INPUT)
    item = models.CharField(_("原材料/产品"), max_length=100)
    supplier_region = models.CharField(
        _("供应来源"), max_length=10, choices=SupplierRegion.choices, default=SupplierRegion.DOMESTIC
    )
    supplier_country = models.CharField(_("来源国家或地区"), max_length=50, blank=True)
    single_source = models.BooleanField(_("单一来源"), default=False)
    stock_days = models.PositiveIntegerField(_("库存可用天数"), null=True, blank=True)
    substitute = models.CharField(_("替代方案"), max_length=200, blank=True)
    level = models.CharField(_("风险等级"), max_length=8, choices=RiskLevel.choices, default=RiskLevel.YELLOW)
    measures = models.TextField(_("应对措施"), blank=True)
    owner = models.CharField(_("责任人"), max_length=60)
    next_review = models.DateField(_("下次复核日期"))
    status = models.CharField(_("状态"), max_length=8, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    identified_on = models.DateField(_("发现日期"))
    closed_on = models.DateField(_("解除日期"), null=True, blank=True)

    scope = ScopeRule(region="region")

    class Meta:
        verbose_name = _("断链断供风险")
        ordering = ["status", "level", "next_review", "pk"]
        indexes = [models.Index(fields=["chain", "status", "level"], name="chainrisk_chain_status")]

    def __str__(self) -> str:
        return f"{self.chain} · {self.item}"


class SupplyDemandEvent(AuditedModel):
    """A supply–demand matching event (供需对接会) of a chain: who took part, deals and their amounts."""

    chain = models.ForeignKey(
        Chain, verbose_name=_("产业链"), on_delete=models.PROTECT, related_name="supply_demand_events"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="supply_demand_events"
    )
    title = models.CharField(_("活动名称"), max_length=120)
    held_on = models.DateField(_("日期"))
    participants = models.TextField(_("参加企业与机构"), blank=True)
    participant_count = models.PositiveIntegerField(_("参加企业数"), default=0)
    deal_count = models.PositiveIntegerField(_("达成对接（项）"), default=0)
    deal_amount = models.DecimalField(
        _("对接金额（万元）"), max_digits=16, decimal_places=2, default=Decimal(0), validators=NON_NEGATIVE
    )
    note = models.TextField(_("说明"), blank=True)

    scope = ScopeRule(region="region")

    class Meta:
        verbose_name = _("供需对接活动")
        ordering = ["-held_on", "pk"]
