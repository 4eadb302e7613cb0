"""Smart transformation (智能化技术改造, domain.md §8; the 2019–2021 plan): service companies and their yearly
ranking rule, diagnoses (千企诊断) with recommended projects, demonstrations, versioned subsidy rules, awards
with their payments, and equipment figures per enterprise and year (numerators and denominators stored)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel
from core.scope import ScopeRule

from . import subsidies
from .choices import AwardKind, AwardStatus, CompanyLevel, DemoStage, Kind, Maturity, Outcome

WAN = _("万元")


def money(label: object, **kw: object) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(label, max_digits=14, decimal_places=2, validators=[MinValueValidator(0)], **kw)  # type: ignore[arg-type]


class ServiceCompany(AuditedModel):
    """An engineering service company (工程服务公司) on the province's or the city's list: its fields and contacts;
    its diagnoses and pilots are linked to it. Read by every signed-in user (units choose it), kept by the city."""

    name = models.CharField(_("公司名称"), max_length=200, unique=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("属地"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("层级"), max_length=10, choices=CompanyLevel.choices)
    listed_on = models.DateField(_("列入日期"), null=True, blank=True)
    fields = models.CharField(_("服务领域"), max_length=300, blank=True, help_text=_("如：机器人集成、MES、工业互联网"))
    contact = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    active = models.BooleanField(_("在册"), default=True)

    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("工程服务公司")
        ordering = ["level", "name"]


class RankingRule(AuditedModel):
    """The scoring rule of a year's service-company ranking (年度考核排名), as data: points per diagnosis, pilot,
    recognised demonstration and maturity level gained (subsidies.rank_companies)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    diagnosis = models.DecimalField(_("每次诊断得分"), max_digits=6, decimal_places=2, default=Decimal(1))
    workshop_pilot = models.DecimalField(
        _("每个数字化车间试点得分"), max_digits=6, decimal_places=2, default=Decimal(3)
    )
    factory_pilot = models.DecimalField(_("每个智能工厂试点得分"), max_digits=6, decimal_places=2, default=Decimal(5))
    recognised = models.DecimalField(_("每个认定示范得分"), max_digits=6, decimal_places=2, default=Decimal(5))
    level_gain = models.DecimalField(_("每提升一级成熟度得分"), max_digits=6, decimal_places=2, default=Decimal(2))

    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("服务公司排名规则")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年服务公司排名规则"

    def weights(self) -> subsidies.RankingWeights:
        return subsidies.RankingWeights(
            self.diagnosis, self.workshop_pilot, self.factory_pilot, self.recognised, self.level_gain
        )


class Diagnosis(AuditedModel):
    """A 千企诊断 of one enterprise by one service company: GB/T 39116-2020 maturity before and after, findings,
    recommended projects (one can become a key project), the outcome and the report."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="diagnoses"
    )
    company = models.ForeignKey(
        ServiceCompany, verbose_name=_("工程服务公司"), on_delete=models.PROTECT, related_name="diagnoses"
    )
    diagnosed_on = models.DateField(_("诊断日期"))
    kind = models.CharField(_("诊断类型"), max_length=10, choices=Kind.choices)
    pilot = models.BooleanField(_("诊断试点"), default=False, help_text=_("列入当年诊断试点项目"))
    level_before = models.PositiveSmallIntegerField(_("诊断前成熟度"), choices=Maturity.choices)
    level_after = models.PositiveSmallIntegerField(
        _("目标/改造后成熟度"), choices=Maturity.choices, null=True, blank=True
    )
    findings = models.TextField(_("主要问题"), blank=True)
    outcome = models.CharField(_("诊断成效"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    report = models.FileField(_("诊断报告"), upload_to="smart/diagnoses/%Y/", blank=True)

    scope = ScopeRule(region="enterprise__region", enterprise="enterprise")

    class Meta:
        verbose_name = _("智能化诊断")
        ordering = ["-diagnosed_on", "pk"]
        indexes = [models.Index(fields=["diagnosed_on"], name="diagnosis_date")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.diagnosed_on}"


class Recommendation(AuditedModel):
    """A project a diagnosis recommends; `diagnosis_recommendation_promote` turns it into a key project."""

    diagnosis = models.ForeignKey(
        Diagnosis, verbose_name=_("诊断"), on_delete=models.CASCADE, related_name="recommendations"
    )
    name = models.CharField(_("建议项目"), max_length=200)
    investment = money(_("估算投资（万元）"), default=Decimal(0))
    description = models.TextField(_("改造内容"), blank=True)
    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("重点项目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    shown_on = "diagnosis"
    scope = ScopeRule(region="diagnosis__enterprise__region", enterprise="diagnosis__enterprise")

    class Meta:
        verbose_name = _("建议项目")
        ordering = ["diagnosis", "pk"]


class Demonstration(AuditedModel):
    """A 数字化车间 / 智能工厂 pilot and, once recognised, a demonstration (示范) of a year and level, linked to the
    key project that built it and the service company that served it; its actual investment feeds the subsidy."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="demonstrations"
    )
    name = models.CharField(_("示范名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    stage = models.CharField(_("阶段"), max_length=12, choices=DemoStage.choices, default=DemoStage.PILOT)
    level = models.CharField(_("认定层级"), max_length=10, choices=CompanyLevel.choices, blank=True)
    recognised_on = models.DateField(_("认定日期"), null=True, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("建设项目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    company = models.ForeignKey(
        ServiceCompany, verbose_name=_("服务公司"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="demonstrations",
    )  # fmt: skip
    equipment_investment = money(_("设备实际投资（万元）"), default=Decimal(0))
    it_investment = money(_("技术和信息化投入（万元）"), default=Decimal(0))

    scope = ScopeRule(region="enterprise__region", enterprise="enterprise")

    class Meta:
        verbose_name = _("智能化示范")
        ordering = ["-year", "name"]


class SubsidyRule(AuditedModel):
    """The subsidy parameters of a year, versioned: a rule some paid award used is never edited again — a change
    makes the next version, and paid awards keep theirs (services.subsidyrule_update). `policy` is the policy
    the awards are paid under in the one ledger (policy figures per policy and department)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1, editable=False)
    name = models.CharField(_("政策名称"), max_length=200)
    equipment_rate = models.DecimalField(_("设备投资补助比例"), max_digits=5, decimal_places=4, default=Decimal("0.10"))
    it_rate = models.DecimalField(
        _("技术和信息化投入补助比例"), max_digits=5, decimal_places=4, default=Decimal("0.20")
    )
    demo_cap = money(_("示范项目补助上限（万元）"), default=Decimal(1500))
    demo_min_investment = money(_("示范项目最低投资（万元）"), default=Decimal(0))
    workshop_award = money(_("数字化车间试点奖励（万元/个）"), default=Decimal(5))
    factory_award = money(_("智能工厂试点奖励（万元/个）"), default=Decimal(10))
    top_n = models.PositiveSmallIntegerField(_("优秀服务公司名额"), default=10)
    top_award = money(_("优秀服务公司补助（万元/家）"), default=Decimal(10))
    superseded = models.BooleanField(_("已被新版本取代"), default=False, editable=False)
    policy = models.ForeignKey(
        "policies.Policy",
        verbose_name=_("兑现政策"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("拨付时记入该政策的兑付台账，按政策、部门统计"),
    )

    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("补助规则")
        ordering = ["-year", "-version"]
        constraints = [models.UniqueConstraint(fields=["year", "version"], name="subsidyrule_year_version")]

    def __str__(self) -> str:
        return f"{self.year} {self.name}（第{self.version}版）"

    def params(self) -> subsidies.RuleParams:
        return subsidies.RuleParams(
            self.equipment_rate, self.it_rate, self.demo_cap, self.demo_min_investment, self.workshop_award,
            self.factory_award, self.top_n, self.top_award,
        )  # fmt: skip


class SubsidyAward(AuditedModel):
    """One award of a year by one rule version: to a demonstration's enterprise or to a service company, with the
    amount and its basis; computed → approved → paid (choices.AWARD_TRANSITIONS). Paid through the policies'
    disbursement ledger (services.subsidyaward_pay)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    rule = models.ForeignKey(SubsidyRule, verbose_name=_("补助规则"), on_delete=models.PROTECT, related_name="awards")
    kind = models.CharField(_("补助类型"), max_length=16, choices=AwardKind.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("属地"), on_delete=models.PROTECT, related_name="+")
    demonstration = models.ForeignKey(
        Demonstration, verbose_name=_("示范"), on_delete=models.PROTECT, null=True, blank=True, related_name="awards"
    )
    company = models.ForeignKey(
        ServiceCompany,
        verbose_name=_("服务公司"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
    )
    amount = money(_("补助金额（万元）"))
    basis = models.TextField(_("计算依据"))
    status = models.CharField(_("状态"), max_length=10, choices=AwardStatus.choices, default=AwardStatus.COMPUTED)
    approved_at = models.DateTimeField(_("审定时间"), null=True, blank=True)
    # Its payments are rows of the one ledger (policies.Disbursement, source = this award): no ledger here.
    payments = GenericRelation(
        "policies.Disbursement", content_type_field="source_type", object_id_field="source_id",
        related_query_name="subsidy_award",
    )  # fmt: skip

    scope = ScopeRule(region="region")

    class Meta:
        verbose_name = _("补助")
        ordering = ["-year", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} · {self.demonstration or self.company}"


class EquipmentFigure(AuditedModel):
    """An enterprise's equipment figures of a year, numerators and denominators stored so that units and the city
    are recomputed from sums: robots in service (stock) and added (flow), 机器人密度 = robots ÷ manufacturing
    employees in 万人, 装备数控化率 = CNC ÷ production equipment, 设备联网率 = networked ÷ digital equipment."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="equipment_figures"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    robots_in_service = models.PositiveIntegerField(_("在役工业机器人（台）"), default=0)
    robots_added = models.PositiveIntegerField(_("新增工业机器人（台）"), default=0)
    employees = models.PositiveIntegerField(_("制造业从业人员（人）"), default=0)
    cnc_equipment = models.PositiveIntegerField(_("数控装备（台套）"), default=0)
    production_equipment = models.PositiveIntegerField(_("生产设备（台套）"), default=0)
    networked_equipment = models.PositiveIntegerField(_("联网设备（台套）"), default=0)
    digital_equipment = models.PositiveIntegerField(_("数字化设备（台套）"), default=0)

    scope = ScopeRule(region="enterprise__region", enterprise="enterprise")

    class Meta:
        verbose_name = _("装备数据")
        ordering = ["-year", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="equipmentfigure_enterprise_year")]

    def __str__(self) -> str:
        return f"{self.year} · {self.enterprise}"

    @property
    def robot_density(self) -> Decimal | None:
        return subsidies.robot_density(self.robots_in_service, self.employees)

    @property
    def cnc_rate(self) -> Decimal | None:
        return subsidies.share(self.cnc_equipment, self.production_equipment)

    @property
    def network_rate(self) -> Decimal | None:
        return subsidies.share(self.networked_equipment, self.digital_equipment)


__all__ = ["AwardKind", "AwardStatus", "DemoStage", "Outcome"]
