"""Plans, indicators and targets (domain.md §3): a notice's decomposition table, kept as issued."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.figures import format_figure
from core.models import AuditedModel
from core.scope import ScopeRule

from .choices import (
    Comparator,
    Direction,
    IndicatorKind,
    IndicatorSource,
    PeriodKind,
    PlanLayout,
    RelativeKind,
    TargetStatus,
)
from .measures import from_storage, series_key, storage_unit

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class Plan(AuditedModel):
    """One notice that sets targets (目标任务): 嘉经信投资〔2019〕15号, or a three-year action plan."""

    title = models.CharField(_("标题"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=60, blank=True, help_text=_("如 嘉经信投资〔2019〕15号"))
    issuer = models.CharField(_("发文单位"), max_length=100, blank=True)
    issued_on = models.DateField(_("发文日期"), null=True, blank=True)
    year_start = models.PositiveSmallIntegerField(_("起始年度"), validators=YEAR_VALIDATORS)
    year_end = models.PositiveSmallIntegerField(_("截止年度"), validators=YEAR_VALIDATORS)
    scope_region = models.ForeignKey(
        "regions.Region", verbose_name=_("适用地区"), on_delete=models.PROTECT, related_name="plans"
    )
    layout = models.CharField(
        _("表格布局"), max_length=20, choices=PlanLayout.choices, default=PlanLayout.UNITS_AS_ROWS
    )
    source = models.CharField(_("来源文件"), max_length=255, blank=True)
    notes = models.TextField(_("备注"), blank=True)

    # The units it is addressed to and the authority above see it; each unit's targets are the Target's own scope.
    scope = ScopeRule(region="scope_region", regions_above=True)

    class Meta:
        verbose_name = _("目标任务计划")
        ordering = ["-year_start", "-issued_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_end__gte=models.F("year_start")),
                name="plan_years_in_order",
                violation_error_message=_("截止年度不能早于起始年度"),
            ),
            models.UniqueConstraint(
                fields=["document_number"], condition=~Q(document_number=""), name="plan_unique_document_number"
            ),
        ]

    @property
    def years_label(self) -> str:
        if self.year_start == self.year_end:
            return f"{self.year_start}年"
        return f"{self.year_start}～{self.year_end}年"

    def validate_constraints(self, exclude: Any = None) -> None:
        """A document number used twice is a sentence naming the plan that has it, not the constraint's name."""
        if self.document_number and (exclude is None or "document_number" not in exclude):
            other = Plan.objects.filter(document_number=self.document_number).exclude(pk=self.pk).first()
            if other is not None:
                raise ValidationError(
                    {
                        "document_number": _("文号 %(number)s 已被《%(title)s》使用")
                        % {"number": self.document_number, "title": other.title}
                    }
                )
        super().validate_constraints(exclude=exclude)

    def clean(self) -> None:
        # Years out of order: the constraint's own sentence (plan_years_in_order), said once.
        if self.year_start and self.year_end and self.year_end - self.year_start > 10:
            raise ValidationError({"year_end": _("一个计划最多跨 10 年")})


class Indicator(AuditedModel):
    """An indicator of a plan, with its unit as the notice writes it, its kind and its direction."""

    plan = models.ForeignKey(Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("指标名称"), max_length=200)
    unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    kind = models.CharField(_("指标类型"), max_length=20, choices=IndicatorKind.choices)
    direction = models.CharField(_("方向"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    series = models.CharField(
        _("指标序列"),
        max_length=64,
        blank=True,
        help_text=_("跨年度计划中同一指标的稳定标识（如 工业投资），用于同比、两年平均和季节规律"),
    )
    source = models.CharField(
        _("数据来源"), max_length=10, choices=IndicatorSource.choices, default=IndicatorSource.MANUAL
    )
    source_query = models.CharField(
        _("取数口径"),
        max_length=64,
        blank=True,
        help_text=_("系统计算的指标：月报取数口径的标识（core/sources.py）"),
    )

    scope = ScopeRule(region="plan__scope_region", regions_above=True)

    class Meta:
        verbose_name = _("指标")
        ordering = ["plan", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "name", "unit"], name="indicator_unique_in_plan")]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit else self.name

    @property
    def storage_unit(self) -> str:
        """Money is stored in 万元 whatever unit the notice used (domain.md §13)."""
        return storage_unit(self.unit)

    def clean(self) -> None:
        if not self.series:
            self.series = series_key(self.name)
        if self.source == IndicatorSource.COMPUTED and not self.source_query:
            raise ValidationError({"source_query": _("系统计算的指标必须指定取数口径")})
        if self.source == IndicatorSource.MANUAL:
            self.source_query = ""

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The series defaults to the normalised name, so the same indicator links across years' plans.
        if not self.series:
            self.series = series_key(self.name)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "series"}
        super().save(*args, **kwargs)


class Target(AuditedModel):
    """A target of one unit (region) for one indicator and period, as the notice's cell says it.

    `raw_text` keeps the cell as written; `status` says what it means (a number with a comparator,
    not decomposed ——, blank, relative 比上年提升, or text). Numbers are exact decimals in the
    indicator's storage unit (money in 万元). The city value is the target of the plan's region.
    """

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="targets")
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="targets"
    )
    period_kind = models.CharField(_("期间类型"), max_length=10, choices=PeriodKind.choices)
    year_start = models.PositiveSmallIntegerField(_("起始年度"), validators=YEAR_VALIDATORS)
    year_end = models.PositiveSmallIntegerField(_("截止年度"), validators=YEAR_VALIDATORS)
    status = models.CharField(_("目标类型"), max_length=16, choices=TargetStatus.choices)
    comparator = models.CharField(_("比较方式"), max_length=2, choices=Comparator.choices, blank=True)
    value = models.DecimalField(_("目标值"), max_digits=20, decimal_places=6, null=True, blank=True)
    relative_kind = models.CharField(_("相对基准"), max_length=20, choices=RelativeKind.choices, blank=True)
    relative_offset = models.DecimalField(
        _("相对幅度（百分点）"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    raw_text = models.CharField(_("原文"), max_length=500, blank=True)
    source = models.CharField(_("来源单元格"), max_length=100, blank=True)

    scope = ScopeRule(region="region")

    class Meta:
        verbose_name = _("目标")
        ordering = ["indicator__plan", "indicator__order", "year_start", "region__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "period_kind", "year_start", "year_end"],
                name="target_unique_cell",
            ),
            models.CheckConstraint(
                condition=Q(year_end__gte=models.F("year_start")),
                name="target_years_in_order",
                violation_error_message=_("截止年度不能早于起始年度"),
            ),
        ]
        indexes = [models.Index(fields=["region", "indicator"], name="target_region_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator.name} · {self.region.name} · {self.period_label}"

    @classmethod
    def history_value(cls, name: str, value: Any, record: Any) -> str | None:
        """How the change log shows a target's figures (issue #12): the value in the notice's unit by the one rule
        (161.00 亿元, not 1610000.000000), the relative offset in 个百分点; None leaves the log's own display."""
        if name == "value":
            unit = Indicator.objects.filter(pk=record.indicator_id).values_list("unit", flat=True).first() or ""
            return format_figure(from_storage(Decimal(str(value)), unit), unit, with_unit=True)
        if name == "relative_offset":
            return format_figure(value, "个百分点", with_unit=True)
        return None

    @property
    def period_label(self) -> str:
        if self.period_kind == PeriodKind.YEAR_END:
            return f"到{self.year_end}年底"
        if self.period_kind == PeriodKind.TOTAL:
            return f"{self.year_start}～{self.year_end}年合计"
        return f"{self.year_start}年"

    @property
    def display_value(self) -> Decimal | None:
        """The number in the indicator's unit (780 亿元), from the stored value (7800000 万元)."""
        if self.value is None:
            return None
        return from_storage(self.value, self.indicator.unit)

    @property
    def display(self) -> str:
        """The target as a person reads it: 125, ≥8, ——, 比上年提升, or the text as written."""
        if self.status == TargetStatus.NUMBER and self.value is not None:
            prefix = {Comparator.GE: "≥", Comparator.LE: "≤"}.get(Comparator(self.comparator or "eq"), "")
            return f"{prefix}{self.display_value}"
        if self.status == TargetStatus.NOT_DECOMPOSED:
            return "——"
        if self.status == TargetStatus.BLANK:
            return ""
        return self.raw_text

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.status == TargetStatus.NUMBER:
            if self.value is None:
                errors["value"] = _("数值目标必须有目标值")
            if not self.comparator:
                errors["comparator"] = _("数值目标必须有比较方式")
        elif self.value is not None:
            errors["value"] = _("只有数值目标有目标值")
        if self.status == TargetStatus.RELATIVE and not self.relative_kind:
            errors["relative_kind"] = _("相对目标必须说明相对于什么")
        # Years out of order are the constraint's own sentence (target_years_in_order), said once.
        if self.year_start and self.year_end and self.year_end >= self.year_start:
            if self.period_kind != PeriodKind.TOTAL and self.year_start != self.year_end:
                errors["year_end"] = _("年度和年末目标只对应一个年度")
        if errors:
            raise ValidationError(errors)
