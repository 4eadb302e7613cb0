"""Year-end assessment (考核) and duty decomposition (部门责任分解), domain.md §5.

A plan's scoring scheme is data: per indicator a rule with its weight and parameters, plus manual
bonus/penalty items with a reason. The year's scores are computed from the accepted December
reports and stored with every line's explanation, so a published result stays as it was.
Duties assign a plan's work to departments; each quarter the departments report progress, and
the duties with no note or a lagging status are the quarter's laggards (季度督查).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import actor_field
from core.models import AttachmentModel, AuditedModel, DomainModel
from core.scope import ScopeRule
from targets.choices import IndicatorKind
from targets.models import YEAR_VALIDATORS

from .choices import QUARTERS, DutyRole, ProgressStatus, RuleKind


def _points(label: Any, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(label, max_digits=8, decimal_places=2, **kwargs)


class ScoringScheme(AuditedModel):
    """How a plan's units are scored for one year: the rules per indicator and the bonus/penalty items.

    Seen like its plan (the units it is addressed to and the authority above). Once published the
    scheme, its rules and its results no longer change: the published ranking stays reproducible.
    """

    plan = models.ForeignKey(
        "targets.Plan", verbose_name=_("计划"), on_delete=models.CASCADE, related_name="scoring_schemes"
    )
    name = models.CharField(_("考核方案名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("考核年度"), validators=YEAR_VALIDATORS)
    total_points = _points(_("满分"), default=100)
    notes = models.TextField(_("说明"), blank=True)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = actor_field(_("发布人"))

    scope = ScopeRule(region="plan__scope_region", regions_above=True)

    class Meta:
        verbose_name = _("考核方案")
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["plan", "year"], name="scoringscheme_one_per_plan_year")]
        permissions = [("publish_scoringscheme", _("发布考核结果"))]

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def clean(self) -> None:
        if self.plan_id and self.year and not (self.plan.year_start <= self.year <= self.plan.year_end):
            raise ValidationError({"year": _("考核年度必须在计划年度 %s 之内") % self.plan.years_label})


class ScoringRule(AuditedModel):
    """One indicator's rule in a scheme: its kind, base points (weight) and parameters (domain.md §5)."""

    scheme = models.ForeignKey(
        ScoringScheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="rules"
    )
    indicator = models.ForeignKey(
        "targets.Indicator", verbose_name=_("指标"), on_delete=models.PROTECT, related_name="scoring_rules"
    )
    kind = models.CharField(_("计分规则"), max_length=20, choices=RuleKind.choices, default=RuleKind.PROPORTIONAL)
    base_points = _points(_("基本分（权重）"), validators=[MinValueValidator(0)])
    bonus_per_pp = _points(
        _("每百分点加减分"), null=True, blank=True, help_text=_("留空按规则默认：超额加分 0.5 分，增速 0.1 分")
    )
    cap = _points(
        _("加分上限（分）"), null=True, blank=True, validators=[MinValueValidator(0)], help_text=_("留空按规则默认")
    )
    floor = _points(_("保底分"), null=True, blank=True, help_text=_("最低得分，留空为 0"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    shown_on = "scheme"
    scope = ScopeRule(region="scheme__plan__scope_region", regions_above=True)

    class Meta:
        verbose_name = _("计分规则")
        ordering = ["scheme", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "indicator"], name="scoringrule_one_per_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator.name} · {self.get_kind_display()}"

    def clean(self) -> None:
        if not (self.scheme_id and self.indicator_id):
            return
        if self.indicator.plan_id != self.scheme.plan_id:
            raise ValidationError({"indicator": _("指标必须属于考核方案的计划")})
        if self.indicator.kind == IndicatorKind.QUALITATIVE:
            raise ValidationError({"indicator": _("定性指标不按规则计分，请用加减分项")})
        growth = self.indicator.kind == IndicatorKind.GROWTH_RATE
        if growth != (self.kind == RuleKind.GROWTH_PP):
            raise ValidationError({"kind": _("增速指标用“增速按百分点加减分”，其他指标不能用该规则")})


class ScoreAdjustment(AuditedModel):
    """A manual bonus (+) or penalty (−) for one unit in a scheme, always with its reason (加减分项)."""

    scheme = models.ForeignKey(
        ScoringScheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="adjustments"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="score_adjustments"
    )
    points = _points(_("加减分"), help_text=_("加分为正数，扣分为负数"))
    reason = models.CharField(_("理由"), max_length=300)

    shown_on = "scheme"
    scope = ScopeRule(region="region")

    class Meta:
        verbose_name = _("加减分项")
        ordering = ["scheme", "region__path", "pk"]

    def __str__(self) -> str:
        return f"{self.region.name} {self.points:+} · {self.reason}"

    def clean(self) -> None:
        if self.points == 0:
            raise ValidationError({"points": _("加减分不能为 0")})
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("加减分必须写明理由")})
        if self.scheme_id and self.region_id and not self.region.path.startswith(self.scheme.plan.scope_region.path):
            raise ValidationError({"region": _("单位必须在计划的适用地区之内")})


class AssessmentResult(DomainModel):
    """One unit's year-end score in a scheme: total, rank, and each line with its explanation (JSON).

    `lines` holds the points and sentences as computed; `inputs` the report figures they came from
    (report ids and revisions), so a published result can be shown and checked as it was.
    """

    scheme = models.ForeignKey(
        ScoringScheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="results"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="assessment_results"
    )
    total = _points(_("总分"))
    max_points = _points(_("应得分"), default=0)
    rank = models.PositiveSmallIntegerField(_("排名"), null=True, blank=True)
    lines = models.JSONField(_("得分明细"), default=list)
    inputs = models.JSONField(_("数据来源"), default=dict)
    computed_at = models.DateTimeField(_("计算时间"))

    scope = ScopeRule(region="region")
    history = HistoricalRecords(excluded_fields=["lines", "inputs"])

    class Meta:
        verbose_name = _("考核结果")
        ordering = ["scheme", "rank", "region__path"]
        constraints = [models.UniqueConstraint(fields=["scheme", "region"], name="assessmentresult_one_per_unit")]

    def __str__(self) -> str:
        return f"{self.scheme} · {self.region.name}"


# --- duties ------------------------------------------------------------------------------------------


class Duty(DomainModel):
    """A department's duty under a plan (部门责任分解表): the text, the indicators it serves, lead or cooperating."""

    plan = models.ForeignKey("targets.Plan", verbose_name=_("计划"), on_delete=models.CASCADE, related_name="duties")
    department = models.ForeignKey(
        "regions.Department", verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="duties"
    )
    text = models.TextField(_("工作任务"))
    indicators = models.ManyToManyField(
        "targets.Indicator", verbose_name=_("相关指标"), blank=True, related_name="duties"
    )
    role = models.CharField(_("责任类型"), max_length=12, choices=DutyRole.choices, default=DutyRole.LEAD)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    scope = ScopeRule(region="department__region", department="department")
    history = HistoricalRecords(m2m_fields=[indicators])

    class Meta:
        verbose_name = _("部门责任")
        ordering = ["plan", "department__name", "order", "pk"]

    def __str__(self) -> str:
        text = self.text.replace("\n", " ")
        return f"{self.department.name}：{text[:40]}{'…' if len(text) > 40 else ''}"


class DutyProgress(AuditedModel):
    """A department's account of a duty for one quarter: the note, the status, and evidence attached."""

    duty = models.ForeignKey(Duty, verbose_name=_("部门责任"), on_delete=models.CASCADE, related_name="progress")
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    quarter = models.PositiveSmallIntegerField(
        _("季度"), choices=QUARTERS, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    note = models.TextField(_("进展情况"), blank=True)
    status = models.CharField(_("推进状态"), max_length=10, choices=ProgressStatus.choices)
    submitted_by = actor_field(_("填报人"))

    scope = ScopeRule(region="duty__department__region", department="duty__department")

    class Meta:
        verbose_name = _("季度进展")
        ordering = ["-year", "-quarter", "duty__department__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["duty", "year", "quarter"], name="dutyprogress_one_per_quarter")]

    def __str__(self) -> str:
        return f"{self.duty} · {self.year}年{self.get_quarter_display()}"


class DutyAttachment(AttachmentModel):
    """Evidence for a quarter's progress (a document, a photo); files live in media storage."""

    progress = models.ForeignKey(
        DutyProgress, verbose_name=_("季度进展"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("附件"), upload_to="duties/%Y/%m/")

    scope = ScopeRule(region="progress__duty__department__region", department="progress__duty__department")

    class Meta:
        verbose_name = _("进展附件")
        ordering = ["progress", "pk"]

    def get_absolute_url(self) -> str:
        return reverse("assessment:dutyattachment_download", args=[self.pk])
