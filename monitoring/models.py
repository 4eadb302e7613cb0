"""Warning thresholds (预警阈值, domain.md §4): when a unit's progress turns yellow or red.

The default (green on or ahead of 序时, yellow 0–10 pp behind, red > 10 pp behind or negative
growth) applies where the bureau has set nothing; a plan can set its own thresholds, and an
indicator of the plan can override the plan's (a published project rule uses 10–30 pp / > 30 pp).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel
from core.scope import ScopeRule

from .calculations import Thresholds

PP_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class WarningThreshold(AuditedModel):
    """The thresholds of one plan (indicator empty) or of one of its indicators (overrides the plan's).

    Seen like the plan it belongs to (a unit sees its city's plans); edited by city staff.
    """

    plan = models.ForeignKey(
        "targets.Plan", verbose_name=_("计划"), on_delete=models.CASCADE, related_name="warning_thresholds"
    )
    indicator = models.ForeignKey(
        "targets.Indicator",
        verbose_name=_("指标"),
        on_delete=models.CASCADE,
        related_name="warning_thresholds",
        null=True,
        blank=True,
        help_text=_("留空表示适用于整个计划；填写则覆盖计划的阈值"),
    )
    yellow_pp = models.DecimalField(
        _("黄色预警（落后百分点超过）"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(0),
        validators=PP_VALIDATORS,
        help_text=_("落后序时进度（或增速目标）超过该百分点为黄色，不超过为绿色"),
    )
    red_pp = models.DecimalField(
        _("红色预警（落后百分点超过）"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(10),
        validators=PP_VALIDATORS,
        help_text=_("落后超过该百分点为红色"),
    )
    red_on_negative_growth = models.BooleanField(_("负增长为红色"), default=True)
    notes = models.CharField(_("说明"), max_length=200, blank=True)

    scope = ScopeRule(region="plan__scope_region", regions_above=True)

    class Meta:
        verbose_name = _("预警阈值")
        ordering = ["plan", "indicator__order", "pk"]
        permissions = [("view_monitoring", _("查看月度监测"))]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(indicator__isnull=True),
                name="warningthreshold_one_per_plan",
                violation_error_message=_("该计划已有适用于全部指标的预警阈值，请修改原有阈值"),
            ),
            models.UniqueConstraint(
                fields=["plan", "indicator"],
                condition=Q(indicator__isnull=False),
                name="warningthreshold_one_per_indicator",
                violation_error_message=_("该指标已有预警阈值，请修改原有阈值"),
            ),
            models.CheckConstraint(
                condition=Q(red_pp__gte=models.F("yellow_pp")),
                name="warningthreshold_red_after_yellow",
                violation_error_message=_("红色预警的百分点不能小于黄色预警"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.indicator.name}" if self.indicator_id else f"{self.plan} · {_('全部指标')}"  # type: ignore[union-attr]

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(
            yellow_pp=self.yellow_pp, red_pp=self.red_pp, red_on_negative_growth=self.red_on_negative_growth
        )

    def clean(self) -> None:
        errors = {}
        if self.indicator_id and self.plan_id and self.indicator.plan_id != self.plan_id:  # type: ignore[union-attr]
            errors["indicator"] = _("指标必须属于所选计划")
        # red below yellow: the constraint's own sentence (warningthreshold_red_after_yellow), said once
        if errors:
            raise ValidationError(errors)
