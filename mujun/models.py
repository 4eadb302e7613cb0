"""The 亩均 evaluation (亩均效益综合评价, domain.md §7): yearly data, versioned rule sets, runs and results,
adjustments and objections, differentiated prices and the rectification of 高耗低效 firms.

Scope: rule sets, their parts, price rules and runs are the city's published rules (public read, written
by the city); yearly data, results, list entries, objections and rectifications belong to the
enterprise (its region's subtree; an enterprise user sees only their own).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import FloatListField, actor_field
from core.models import AuditedModel, DomainModel, ScopedModel
from core.scope import ScopeRule

from .choices import (
    RECTIFY_LAND_MU,
    RECTIFY_TAX_PER_MU,
    RUN_RELEASED,
    BenchmarkMode,
    Group,
    IndicatorCode,
    ItemKind,
    Klass,
    ListKind,
    MissingRule,
    ObjectionStatus,
    RectificationPath,
    RectificationStatus,
    Resource,
    RuleSetStatus,
    RunStatus,
)


class RuleSet(AuditedModel):
    """The rules of one year and group: indicators and weights, cut-offs, items. Versioned: a rule set a
    run used is frozen, and changing it makes a new version, so last year's run stays reproducible."""

    year = models.PositiveSmallIntegerField(_("评价年度"))
    group = models.CharField(_("评价组别"), max_length=8, choices=Group.choices)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    status = models.CharField(_("状态"), max_length=8, choices=RuleSetStatus.choices, default=RuleSetStatus.DRAFT)
    name = models.CharField(_("名称"), max_length=100)
    based_on = models.ForeignKey(
        "self", verbose_name=_("修订自"), on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )
    cut_a = models.DecimalField(
        _("A类比例（%）"), max_digits=5, decimal_places=2, default=Decimal("20"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    cut_b = models.DecimalField(
        _("A+B类比例（%）"), max_digits=5, decimal_places=2, default=Decimal("60"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    cut_c = models.DecimalField(
        _("A+B+C类比例（%）"), max_digits=5, decimal_places=2, default=Decimal("95"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    ties_share_better = models.BooleanField(_("同分取较优类别"), default=True)
    # 高耗低效 candidates (domain.md §7 defaults: 亩均税收 < 6 万元/亩 for 规上, < 3 for 规下; ≥ 10 亩 still 规下);
    # left empty, clean() puts the group's default in (choices.RECTIFY_*)
    rectify_tax_per_mu = models.DecimalField(
        _("整治线：亩均税收低于（万元/亩）"), max_digits=10, decimal_places=4, null=True, blank=True,
        help_text=_("留空按默认：规上6，规下3"),
    )  # fmt: skip
    rectify_land_mu = models.DecimalField(
        _("整治线：规下企业用地不低于（亩）"), max_digits=10, decimal_places=2, null=True, blank=True,
        default=RECTIFY_LAND_MU, help_text=_("留空按默认：10亩"),
    )  # fmt: skip
    note = models.TextField(_("说明"), blank=True)

    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("评价规则")
        ordering = ["-year", "group", "-version"]
        constraints = [models.UniqueConstraint(fields=["year", "group", "version"], name="mujun_ruleset_version")]
        permissions = [("run_evaluation", _("可发起亩均评价计算"))]

    def __str__(self) -> str:
        return f"{self.year} {self.get_group_display()} v{self.version}"

    def clean(self) -> None:
        """The cut-offs are cumulative shares by rank, so 0 ≤ A ≤ A+B ≤ A+B+C ≤ 100; an empty 高耗低效 line
        takes the domain's default of the group (domain.md §7)."""
        super().clean()
        cuts = (self.cut_a, self.cut_b, self.cut_c)
        if all(c is not None for c in cuts):
            if self.cut_a > self.cut_b:
                raise ValidationError({"cut_b": _("A+B类比例不能小于A类比例。")})
            if self.cut_b > self.cut_c:
                raise ValidationError({"cut_c": _("A+B+C类比例不能小于A+B类比例。")})
        if self.rectify_tax_per_mu is None and self.group in RECTIFY_TAX_PER_MU:
            self.rectify_tax_per_mu = RECTIFY_TAX_PER_MU[self.group]
        if self.rectify_land_mu is None:
            self.rectify_land_mu = RECTIFY_LAND_MU


class RuleIndicator(AuditedModel):
    """One indicator of a rule set: weight, benchmark (entered or mean/median × factor), cap, missing rule."""

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("评价规则"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("指标"), max_length=24, choices=IndicatorCode.choices)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    benchmark_mode = models.CharField(
        _("基准值方式"), max_length=8, choices=BenchmarkMode.choices, default=BenchmarkMode.ENTERED
    )
    benchmark = models.DecimalField(_("基准值"), max_digits=16, decimal_places=4, null=True, blank=True)
    factor = models.DecimalField(_("系数"), max_digits=8, decimal_places=4, default=Decimal("1"))
    cap = models.DecimalField(
        _("封顶倍数"), max_digits=8, decimal_places=4, null=True, blank=True,
        help_text=_("指标值与基准值之比的上限，空为不封顶"),
    )  # fmt: skip
    missing_rule = models.CharField(
        _("缺失数据处理"), max_length=16, choices=MissingRule.choices, default=MissingRule.GROUP_AVERAGE
    )

    shown_on = "rule_set"
    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("评价指标")
        ordering = ["rule_set", "id"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "code"], name="mujun_ruleindicator_once")]

    def __str__(self) -> str:
        return f"{self.rule_set} · {self.get_code_display()}"


class IndustryOverride(AuditedModel):
    """分行业评价: for one GB/T 4754 division, another weight and/or benchmark of one indicator."""

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("评价规则"), on_delete=models.CASCADE, related_name="overrides"
    )
    industry = models.ForeignKey("enterprises.Industry", verbose_name=_("行业大类"), on_delete=models.PROTECT)
    code = models.CharField(_("指标"), max_length=24, choices=IndicatorCode.choices)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2, null=True, blank=True)
    benchmark = models.DecimalField(_("基准值"), max_digits=16, decimal_places=4, null=True, blank=True)

    shown_on = "rule_set"
    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("分行业参数")
        ordering = ["rule_set", "industry__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "industry", "code"], name="mujun_override_once"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_set} · {self.industry.code} · {self.get_code_display()}"


class RuleItem(AuditedModel):
    """A bonus or penalty item (加分项/减分项): points added or taken when the enterprise's data lists its code."""

    rule_set = models.ForeignKey(RuleSet, verbose_name=_("评价规则"), on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("代码"), max_length=32)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=8, choices=ItemKind.choices)
    points = models.DecimalField(_("分值"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])

    shown_on = "rule_set"
    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("加减分项")
        ordering = ["rule_set", "kind", "code"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "code"], name="mujun_item_once")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()} {self.points}）"


class ListEntry(AuditedModel):
    """An enterprise on the year's veto list (caps at C) or protection list (never D), with the reason."""

    year = models.PositiveSmallIntegerField(_("评价年度"))
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT)
    kind = models.CharField(_("名单类型"), max_length=8, choices=ListKind.choices)
    reason = models.CharField(_("原因"), max_length=200)

    scope = ScopeRule(region="enterprise__region", enterprise="enterprise")

    class Meta:
        verbose_name = _("否决与保护名单")
        ordering = ["-year", "kind", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["year", "enterprise", "kind"], name="mujun_listentry_once")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} · {self.enterprise}"


class EnterpriseYearData(AuditedModel):
    """One enterprise's measures of one year (万元, 亩, tce, 吨, 人, 万千瓦时). Firms sharing a parcel carry the
    same parcel code and are evaluated together (domain.md §7)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="mujun_data"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    size_class = models.CharField(
        _("规模"), max_length=8, choices=[("above", _("规上")), ("below", _("规下"))], default="above"
    )
    tax = models.DecimalField(_("实缴税金（万元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    value_added = models.DecimalField(_("工业增加值（万元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    revenue = models.DecimalField(_("主营业务收入（万元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    land_mu = models.DecimalField(_("用地面积（亩）"), max_digits=16, decimal_places=4, null=True, blank=True)
    energy_tce = models.DecimalField(_("综合能耗（吨标准煤）"), max_digits=16, decimal_places=4, null=True, blank=True)
    emission_t = models.DecimalField(
        _("主要污染物排放量（吨）"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    employees = models.DecimalField(_("年平均职工人数"), max_digits=10, decimal_places=1, null=True, blank=True)
    rd = models.DecimalField(_("研发经费支出（万元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    electricity = models.DecimalField(_("用电量（万千瓦时）"), max_digits=16, decimal_places=4, null=True, blank=True)
    parcel = models.CharField(_("共用地块编号"), max_length=40, blank=True, db_index=True)
    items = models.JSONField(_("加减分项代码"), default=list, blank=True)
    not_graded = models.BooleanField(_("不参评"), default=False, help_text=_("公用事业、尚未投产等不参加分类"))

    scope = ScopeRule(region="enterprise__region", enterprise="enterprise")

    class Meta:
        verbose_name = _("亩均年度数据")
        ordering = ["-year", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="mujun_yeardata_once")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"


class EvaluationRun(AuditedModel):
    """One year's evaluation with frozen rule sets: computed → adjusted → 公示 → final. The run is the
    audited record of a computation (its history says who ran, adjusted, published and finalised)."""

    year = models.PositiveSmallIntegerField(_("评价年度"))
    name = models.CharField(_("名称"), max_length=100)
    rule_sets = models.ManyToManyField(RuleSet, verbose_name=_("评价规则"), related_name="runs")
    status = models.CharField(_("状态"), max_length=10, choices=RunStatus.choices, default=RunStatus.COMPUTED)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    result_count = models.PositiveIntegerField(_("参评企业数"), default=0)
    thresholds = models.JSONField(_("各类别最低得分"), default=dict, blank=True)
    codes = models.JSONField(_("指标顺序"), default=list, blank=True)  # the order of the results' value lists
    publish_start = models.DateField(_("公示开始"), null=True, blank=True)
    publish_end = models.DateField(_("公示结束"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("确定时间"), null=True, blank=True)
    # the price rules (of the year after) in force when the run was finalised: a final run's surcharges come from
    # this copy, so a later edit of the price table never changes them
    prices = models.JSONField(_("确定时的差别化价格"), default=list, blank=True)
    job = models.ForeignKey("jobs.Job", verbose_name=_("计算任务"), on_delete=models.SET_NULL, null=True, blank=True)

    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("评价批次")
        ordering = ["-year", "-id"]
        permissions = [("publish_evaluationrun", _("可公示与确定亩均评价结果"))]


class EvaluationResult(ScopedModel):
    """One enterprise's result of a run: indicator values, benchmarks, contributions, score, rank, class. Written in
    bulk by the run (replacing the run's previous results, on PostgreSQL as the run's own partition, migration 0006);
    it has no history of its own, the run's history and the adjustments are the audit trail (docs/decisions.md)."""

    # No database-level foreign keys: a run writes up to a million rows with COPY, and PostgreSQL's per-row
    # referential triggers (which also lock every enterprise row) cost most of the run. The run service
    # writes only enterprise ids it has just read, and Django still applies CASCADE/PROTECT on delete.
    run = models.ForeignKey(
        EvaluationRun, verbose_name=_("评价批次"), on_delete=models.CASCADE, related_name="results",
        db_constraint=False, db_index=False,
    )  # fmt: skip
    # No index of its own either: the unique (run, enterprise) index serves an enterprise's results, which are
    # always looked up within known runs; an index on the enterprise alone, filled at random places by every
    # run, made each new run's write slower than the last.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="mujun_results",
        db_constraint=False, db_index=False,
    )  # fmt: skip
    group = models.CharField(_("评价组别"), max_length=8, choices=Group.choices)
    parcel = models.CharField(_("共用地块编号"), max_length=40, blank=True)
    # As the run found them: the enterprise's unit, and the GB/T 4754 division its weights and benchmarks
    # followed (a shared parcel's: its first member's). Counts per unit and industry read them without a join,
    # and a later change of the registry does not rewrite a past run's explanation.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("评价时属地"), on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, db_constraint=False, db_index=False,
    )  # fmt: skip
    division = models.CharField(_("评价时行业"), max_length=8, blank=True)
    # Per indicator, in the order of the run's `codes` (positional lists in text columns, see FloatListField).
    value_list = FloatListField(_("指标值"))
    benchmark_list = FloatListField(_("基准值"))
    contribution_list = FloatListField(_("指标得分"))
    bonus = models.DecimalField(_("加分"), max_digits=8, decimal_places=2, default=Decimal("0"))
    penalty = models.DecimalField(_("减分"), max_digits=8, decimal_places=2, default=Decimal("0"))
    score = models.DecimalField(_("综合得分"), max_digits=12, decimal_places=4)
    rank = models.PositiveIntegerField(_("组内排名"))
    group_size = models.PositiveIntegerField(_("组内企业数"))
    computed_class = models.CharField(_("计算类别"), max_length=1, choices=Klass.choices)
    final_class = models.CharField(_("最终类别"), max_length=1, choices=Klass.choices)
    vetoed = models.BooleanField(_("一票否决"), default=False)
    protected = models.BooleanField(_("保护名单"), default=False)

    # Scoped by the unit the run stored, so a county's page of a million-row run needs no join to the enterprises;
    # an enterprise user sees a result once its run is published (公示) or final: before, it is the bureau's draft
    scope = ScopeRule(region="region", enterprise="enterprise", enterprise_only=(("run__status__in", RUN_RELEASED),))

    class Meta:
        verbose_name = _("评价结果")
        ordering = ["run", "group", "rank", "enterprise_id"]
        constraints = [models.UniqueConstraint(fields=["run", "enterprise"], name="mujun_result_once")]
        # the list's order: its pages are read by keyset from this index (core/keyset.py), filled in order by the run
        indexes = [models.Index(fields=["run", "group", "rank", "enterprise"], name="mujun_result_list_order")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.run.year} {self.final_class}"

    def _by_code(self, values: list[float | None]) -> dict[str, float | None]:
        return dict(zip(self.run.codes, values, strict=False))

    @property
    def values(self) -> dict[str, float | None]:
        """Indicator code → value (None: no data)."""
        return self._by_code(self.value_list)

    @property
    def benchmarks(self) -> dict[str, float | None]:
        return self._by_code(self.benchmark_list)

    @property
    def contributions(self) -> dict[str, float | None]:
        """Indicator code → points scored on it."""
        return self._by_code(self.contribution_list)


class Adjustment(AuditedModel):
    """A manual change of one result's class, with the written reason (or an upheld objection's decision)."""

    result = models.ForeignKey(  # no database FK: results are partitioned by run on PostgreSQL (runstore.py)
        EvaluationResult,
        verbose_name=_("评价结果"),
        on_delete=models.CASCADE,
        related_name="adjustments",
        db_constraint=False,
    )
    before = models.CharField(_("调整前类别"), max_length=1, choices=Klass.choices)
    after = models.CharField(_("调整后类别"), max_length=1, choices=Klass.choices)
    reason = models.TextField(_("调整理由"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("调整人"), on_delete=models.PROTECT)

    shown_on = "result"
    scope = ScopeRule(
        region="result__enterprise__region",
        enterprise="result__enterprise",
        enterprise_only=(("result__run__status__in", RUN_RELEASED),),
    )

    class Meta:
        verbose_name = _("类别调整")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.result.enterprise} {self.before}→{self.after}"


class Objection(AuditedModel):
    """An enterprise's objection to its published result, with evidence, and the bureau's decision."""

    result = models.ForeignKey(  # no database FK: results are partitioned by run on PostgreSQL (runstore.py)
        EvaluationResult,
        verbose_name=_("评价结果"),
        on_delete=models.CASCADE,
        related_name="objections",
        db_constraint=False,
    )
    text = models.TextField(_("异议内容"))
    evidence = models.FileField(_("证明材料"), upload_to="mujun/objections/%Y/", blank=True)
    requested_class = models.CharField(_("申请类别"), max_length=1, choices=Klass.choices, blank=True)
    status = models.CharField(
        _("处理状态"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    decision = models.TextField(_("处理意见"), blank=True)
    decided_by = actor_field(_("处理人"))
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    scope = ScopeRule(region="result__enterprise__region", enterprise="result__enterprise")

    class Meta:
        verbose_name = _("评价异议")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.result.enterprise} · {self.get_status_display()}"


class PriceRule(AuditedModel):
    """差别化价格: the surcharge of a class on a resource in a year; a higher one after consecutive D years."""

    year = models.PositiveSmallIntegerField(_("执行年度"))
    klass = models.CharField(_("评价类别"), max_length=1, choices=Klass.choices)
    resource = models.CharField(_("资源"), max_length=12, choices=Resource.choices)
    surcharge = models.DecimalField(_("加价（元）"), max_digits=8, decimal_places=4)
    consecutive_years = models.PositiveSmallIntegerField(
        _("连续年数"), null=True, blank=True, help_text=_("连续该类别达到此年数时适用下一栏加价")
    )
    consecutive_surcharge = models.DecimalField(
        _("连续加价（元）"), max_digits=8, decimal_places=4, null=True, blank=True
    )

    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("差别化价格")
        ordering = ["-year", "resource", "klass"]
        constraints = [models.UniqueConstraint(fields=["year", "klass", "resource"], name="mujun_price_once")]

    def __str__(self) -> str:
        return f"{self.year} {self.klass} {self.get_resource_display()} +{self.surcharge}"


class Rectification(DomainModel):
    """高耗低效整治: one plan per firm, identified → confirmed (with a path) → in progress → 销号 (closed)."""

    enterprise = models.ForeignKey(  # no index of its own: the unique (enterprise, year) serves it
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="rectifications",
        db_index=False,
    )  # fmt: skip
    run = models.ForeignKey(EvaluationRun, verbose_name=_("评价批次"), on_delete=models.PROTECT, null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    reasons = models.CharField(_("纳入原因"), max_length=200)
    path = models.CharField(_("整治路径"), max_length=8, choices=RectificationPath.choices, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=RectificationStatus.choices, default=RectificationStatus.IDENTIFIED
    )
    plan = models.TextField(_("整治方案"), blank=True)
    land_freed_mu = models.DecimalField(_("腾出用地（亩）"), max_digits=16, decimal_places=4, default=Decimal("0"))
    energy_freed_tce = models.DecimalField(
        _("腾出用能（吨标准煤）"), max_digits=16, decimal_places=4, default=Decimal("0")
    )
    evidence = models.FileField(_("销号材料"), upload_to="mujun/rectifications/%Y/", blank=True)
    reviewer = actor_field(_("审核人"))
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)

    scope = ScopeRule(region="enterprise__region", enterprise="enterprise")
    # 查找 writes a history record per candidate, hundreds of thousands at once: the history table keeps only the
    # indexes its readers use (history_id; id for an object's history; history_date and history_user for the
    # operation log), and its user column no database constraint (users are deactivated, never deleted).
    history = HistoricalRecords(no_db_index=["enterprise", "run", "reviewer"], user_db_constraint=False)

    class Meta:
        verbose_name = _("高耗低效整治")
        ordering = ["-year", "status", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="mujun_rectification_once")]
        permissions = [("close_rectification", _("可审核销号"))]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"


class RectificationMilestone(AuditedModel):
    """A milestone of a rectification plan, and the month's progress reports against it."""

    rectification = models.ForeignKey(
        Rectification, verbose_name=_("整治"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("节点"), max_length=200)
    due = models.DateField(_("计划完成"))
    done_on = models.DateField(_("实际完成"), null=True, blank=True)

    shown_on = "rectification"
    scope = ScopeRule(region="rectification__enterprise__region", enterprise="rectification__enterprise")

    class Meta:
        verbose_name = _("整治节点")
        ordering = ["rectification", "due"]


class RectificationProgress(AuditedModel):
    """The monthly progress report of a rectification (one per month)."""

    rectification = models.ForeignKey(
        Rectification, verbose_name=_("整治"), on_delete=models.CASCADE, related_name="progress"
    )
    month = models.DateField(_("月份"))
    note = models.TextField(_("进展情况"))
    percent = models.PositiveSmallIntegerField(_("完成比例（%）"), validators=[MaxValueValidator(100)])

    shown_on = "rectification"
    scope = ScopeRule(region="rectification__enterprise__region", enterprise="rectification__enterprise")

    class Meta:
        verbose_name = _("整治月度进展")
        ordering = ["rectification", "-month"]
        constraints = [
            # one report a month, whatever day of the month it is dated
            models.UniqueConstraint(
                "rectification", ExtractYear("month"), ExtractMonth("month"), name="mujun_progress_once_a_month",
                violation_error_message=_("该整治本月已填报进展。"),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.rectification} {self.month:%Y-%m}"
