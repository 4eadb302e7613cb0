"""Investment promotion (招商引资) and platforms (domain.md §11b; 2019 notice: 各县力争总投资100亿元以上项目各1个、
50亿元以上项目各2个、10亿元以上项目各5个; 2022 notice: 一局长一项目, 产业链招商).

A lead belongs to the county-level unit pursuing it; signing creates the key project (projects.Project, stage
签约服务) and keeps the link, once. Platforms (开发区, 园区, 特色小镇, 小微企业园) are places of a unit; a lead names
its platform, and a project's platform is kept here (ProjectPlatform) so the key-project library needs no change.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel
from core.scope import ScopeRule

from .choices import WITH_PROJECT, InvestorKind, LeadStage, PlatformKind, SizeTier, VisitKind

NON_NEGATIVE = [MinValueValidator(Decimal(0))]


def _money(label: object, **kwargs: object) -> models.DecimalField:
    """An amount in 万元 (or 万美元), stored exactly (domain.md §13)."""
    return models.DecimalField(label, max_digits=16, decimal_places=2, validators=NON_NEGATIVE, **kwargs)  # type: ignore[arg-type]


class Platform(AuditedModel):
    """A platform of a unit (开发区, 园区, 工业平台, 特色小镇, 小微企业园) with its area and yearly investment target."""

    name = models.CharField(_("平台名称"), max_length=100, unique=True)
    kind = models.CharField(_("类型"), max_length=12, choices=PlatformKind.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="platforms"
    )
    area_km2 = models.DecimalField(
        _("面积（平方公里）"), max_digits=10, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    target_year = models.PositiveSmallIntegerField(_("目标年度"), null=True, blank=True)
    investment_target = _money(_("年度工业投资目标（万元）"), null=True, blank=True)
    signing_target = models.PositiveIntegerField(_("年度亿元以上签约项目目标（个）"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    scope = ScopeRule(region="region")

    class Meta:
        verbose_name = _("平台")
        ordering = ["region__path", "kind", "name"]


class ExchangeRate(AuditedModel):
    """The USD→CNY middle rate of a day (中间价): a signed foreign lead is converted at its signing date's rate."""

    date = models.DateField(_("日期"), unique=True)
    usd_cny = models.DecimalField(_("1美元折人民币（元）"), max_digits=10, decimal_places=4, validators=NON_NEGATIVE)

    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("美元汇率")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date} {self.usd_cny}"


class SigningTarget(AuditedModel):
    """A unit's yearly target of signed projects of a size tier (2019: 100亿 1个, 50亿 2个, 10亿 5个 per county)."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="signing_targets"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    tier = models.CharField(_("规模"), max_length=6, choices=SizeTier.choices)
    count = models.PositiveIntegerField(_("目标个数"))
    amount = _money(_("目标签约额（万元）"), null=True, blank=True)

    scope = ScopeRule(region="region")

    class Meta:
        verbose_name = _("招商目标")
        ordering = ["-year", "region__path", "tier"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "tier"], name="signingtarget_once")]

    def __str__(self) -> str:
        return f"{self.region} {self.year} {self.get_tier_display()}"


class Lead(AuditedModel):
    """A lead (招商项目) pursued by a unit, with its responsible leader (一局长一项目)."""

    name = models.CharField(_("项目名称"), max_length=200)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="leads"
    )
    platform = models.ForeignKey(
        Platform, verbose_name=_("落地平台"), on_delete=models.PROTECT, null=True, blank=True, related_name="leads"
    )
    investor = models.CharField(_("投资方"), max_length=200)
    investor_kind = models.CharField(
        _("内外资"), max_length=10, choices=InvestorKind.choices, default=InvestorKind.DOMESTIC
    )
    investor_country = models.CharField(_("投资方国家或地区"), max_length=50, blank=True)
    fortune500 = models.BooleanField(_("世界500强"), default=False)
    industry_leader = models.BooleanField(_("行业龙头"), default=False)
    chain = models.ForeignKey(
        "chains.Chain", verbose_name=_("产业链"), on_delete=models.PROTECT, null=True, blank=True, related_name="leads"
    )
    segment = models.ForeignKey(
        "chains.Segment",
        verbose_name=_("补链环节"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leads",
    )
    industry = models.ForeignKey(
        "enterprises.Industry", verbose_name=_("所属行业"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="leads",
    )  # fmt: skip
    amount = _money(_("计划总投资（万元）"), default=Decimal(0))
    amount_usd = _money(_("外资金额（万美元）"), null=True, blank=True)
    exchange_rate = models.DecimalField(
        _("签约日汇率"), max_digits=10, decimal_places=4, null=True, blank=True, editable=False
    )
    land_mu = models.DecimalField(
        _("用地需求（亩）"), max_digits=12, decimal_places=2, default=Decimal(0), validators=NON_NEGATIVE
    )
    stage = models.CharField(
        _("阶段"), max_length=12, choices=LeadStage.choices, default=LeadStage.CLUE, editable=False
    )
    terminated_reason = models.CharField(_("终止原因"), max_length=200, blank=True, editable=False)
    leader = models.CharField(_("责任领导"), max_length=60, help_text=_("一局长一项目：负责跟进的局领导"))
    contact = models.CharField(_("联系人及电话"), max_length=100, blank=True)
    first_contact = models.DateField(_("首次接洽日期"), null=True, blank=True)
    signed_on = models.DateField(_("签约日期"), null=True, blank=True, editable=False)
    project = models.OneToOneField(
        "projects.Project", verbose_name=_("重点项目"), on_delete=models.PROTECT, null=True, blank=True,
        editable=False, related_name="lead",
    )  # fmt: skip
    note = models.TextField(_("说明"), blank=True)

    scope = ScopeRule(region="region")

    class Meta:
        verbose_name = _("招商项目")
        ordering = ["-amount", "pk"]
        constraints = [
            # a signed lead has its key project and signing date; a lead without them is not signed
            models.CheckConstraint(
                condition=~Q(stage__in=WITH_PROJECT) | Q(project__isnull=False, signed_on__isnull=False),
                name="lead_signed_has_project",
            ),
            models.CheckConstraint(
                condition=~Q(stage=LeadStage.TERMINATED) | ~Q(terminated_reason=""), name="lead_terminated_has_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["region", "stage"], name="lead_region_stage"),
            models.Index(fields=["-amount", "id"], name="lead_amount_id"),
            # the list sorted by name (its column's order, name then pk): a deep page reads the index, not a sort
            # of every matching lead (issue 14: page 20 of a band, 59 ms → 1.4 ms at 50,000 leads)
            models.Index(fields=["name", "id"], name="lead_name_id"),
            models.Index(fields=["stage", "-amount"], name="lead_stage_amount"),
            models.Index(fields=["signed_on"], name="lead_signed_on"),
        ]


class LeadVisit(AuditedModel):
    """An entry of a lead's log: a visit, a reception, a negotiation round or a call, with the next step."""

    lead = models.ForeignKey(Lead, verbose_name=_("招商项目"), on_delete=models.CASCADE, related_name="visits")
    date = models.DateField(_("日期"))
    kind = models.CharField(_("方式"), max_length=10, choices=VisitKind.choices, default=VisitKind.VISIT)
    leader = models.CharField(_("带队领导"), max_length=60, blank=True)
    participants = models.CharField(_("参加人员"), max_length=200, blank=True)
    content = models.TextField(_("洽谈内容"))
    next_step = models.CharField(_("下一步"), max_length=200, blank=True)

    scope = ScopeRule(region="lead__region")

    class Meta:
        verbose_name = _("走访洽谈记录")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.lead} · {self.date}"


class ProjectPlatform(AuditedModel):
    """The platform a key project is located in (kept here so the project library needs no change)."""

    project = models.OneToOneField(
        "projects.Project", verbose_name=_("重点项目"), on_delete=models.CASCADE, related_name="platform_link"
    )
    platform = models.ForeignKey(
        Platform, verbose_name=_("平台"), on_delete=models.PROTECT, related_name="project_links"
    )

    scope = ScopeRule(region="project__region", enterprise="project__enterprise")

    class Meta:
        verbose_name = _("项目所在平台")
        ordering = ["platform", "project"]

    def __str__(self) -> str:
        return f"{self.project} · {self.platform}"
