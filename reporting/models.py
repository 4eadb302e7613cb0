"""Monthly reports (月报, domain.md §4): per county-level unit and month, a value per indicator.

Investment statistics are year-to-date cumulative and January is merged into the Jan–Feb report,
so months run 2..12 (month 2 is 1—2月). Each value comes with the comparable same-period value
of last year (上年同期可比口径) where growth is computed: statistics offices revise last year's
base, so growth uses the reported base, never last year's published level. The workflow
(reporting/workflow.py) takes a report from draft to locked; a locked report changes only by a
revision with a reason, so a published month stays reproducible from its snapshot.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import actor_field
from core.models import AuditedModel, DomainModel
from core.scope import ScopeRule

from .choices import ReminderChannel, ReportStatus
from .periods import month_label

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]
MONTH_VALIDATORS = [MinValueValidator(2), MaxValueValidator(12)]


def _number(label: Any) -> models.DecimalField:
    return models.DecimalField(label, max_digits=20, decimal_places=6, null=True, blank=True)


class MonthlyReport(AuditedModel):
    """One county-level unit's report for one month (month 2 = 1—2月; there is no January report)."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="monthly_reports"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("月份"), validators=MONTH_VALIDATORS, help_text=_("2 表示 1—2月"))
    status = models.CharField(_("状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    deadline = models.DateField(_("报送截止日"))
    submitted_at = models.DateTimeField(_("上报时间"), null=True, blank=True)
    submitted_by = actor_field(_("上报人"))
    approved_at = models.DateTimeField(_("单位审核时间"), null=True, blank=True)
    approved_by = actor_field(_("单位审核人"))
    accepted_at = models.DateTimeField(_("市局确认时间"), null=True, blank=True)
    accepted_by = actor_field(_("市局确认人"))
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)
    revision = models.PositiveIntegerField(_("修订次数"), default=0)
    comment = models.TextField(_("审核意见"), blank=True)

    scope = ScopeRule(region="region")

    class Meta:
        verbose_name = _("月报")
        ordering = ["-year", "-month", "region__path"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "month"], name="monthlyreport_unique_month")]
        permissions = [
            ("submit_monthlyreport", _("上报月报")),
            ("approve_monthlyreport", _("审核月报（单位）")),
            ("accept_monthlyreport", _("确认月报（市局）")),
            ("publish_monthlyreport", _("发布月度数据")),
            ("revise_monthlyreport", _("修订已锁定的月报")),
        ]

    def __str__(self) -> str:
        return f"{self.region.name} {self.period_label}"

    @property
    def period_label(self) -> str:
        return month_label(self.year, self.month)

    @property
    def is_late(self) -> bool:
        """Submitted after the deadline day (domain.md §4: late reports are marked)."""
        from .periods import submitted_late

        return submitted_late(self.submitted_at, self.deadline)


class ReportValue(AuditedModel):
    """One indicator's figures in a report, in the indicator's storage unit (money in 万元).

    value: YTD cumulative for flows, period end for stocks, the ratio for shares; for growth-rate
    indicators the underlying YTD amount (万元), whose growth is computed against `base_value`,
    so the city's rate can be recomputed from summed amounts (domain.md §3).
    base_value: the comparable same-period value of last year (上年同期可比口径).
    numerator / denominator: a share's parts (the city's share is recomputed from summed parts).
    text: a qualitative indicator's account, judged by a person.
    """

    report = models.ForeignKey(MonthlyReport, verbose_name=_("月报"), on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(
        "targets.Indicator", verbose_name=_("指标"), on_delete=models.PROTECT, related_name="report_values"
    )
    value = _number(_("本年累计/期末值"))
    base_value = _number(_("上年同期（可比口径）"))
    numerator = _number(_("分子"))
    denominator = _number(_("分母"))
    text = models.TextField(_("文字说明"), blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)

    shown_on = "report"
    scope = ScopeRule(region="report__region")

    class Meta:
        verbose_name = _("月报数值")
        ordering = ["report", "indicator__plan", "indicator__order"]
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="reportvalue_unique_indicator")]

    def __str__(self) -> str:
        return f"{self.report} · {self.indicator.name}"

    @classmethod
    def history_value(cls, name: str, value: Any, record: Any) -> str | None:
        """How the operation log shows a figure (issue #12): in its row's unit by the one rule, never a raw Decimal."""
        from targets.models import Indicator

        from .changes import figure_text
        from .validation import NUMBER_FIELDS

        if name not in NUMBER_FIELDS:
            return None
        indicator = Indicator.objects.filter(pk=record.indicator_id).first()
        return None if indicator is None else figure_text(indicator, name, value)

    @property
    def is_nil(self) -> bool:
        """Marked 无 by the unit (no figure this month, the reason in `note`): not empty, and never read as 0."""
        from .validation import NIL

        return self.text == NIL and self.value is None


class MonthPublication(DomainModel):
    """A city's month as published: every unit's accepted figures frozen in `snapshot`; its reports are locked.

    Bulletins are built from the snapshot, so a correction made later by a revision does not
    change what was published (domain.md §4, §12: a published bulletin can be regenerated).
    """

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="month_publications"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("月份"), validators=MONTH_VALIDATORS)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = actor_field(_("发布人"))
    snapshot = models.JSONField(_("发布快照"), default=dict)

    scope = ScopeRule(region="region")
    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        verbose_name = _("月度发布")
        ordering = ["-year", "-month"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "month"], name="monthpublication_unique")]

    def __str__(self) -> str:
        return f"{self.region.name} {month_label(self.year, self.month)}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:month_overview") + f"?year={self.year}&month={self.month}"


class ReportRevision(DomainModel):
    """A correction of a locked report, with its reason and the values before and after (numbered per report)."""

    report = models.ForeignKey(
        MonthlyReport, verbose_name=_("月报"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("修订序号"))
    reason = models.TextField(_("修订原因"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修订人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    before = models.JSONField(_("修订前"), default=dict)
    after = models.JSONField(_("修订后"), default=dict)

    shown_on = "report"
    scope = ScopeRule(region="report__region")

    class Meta:
        verbose_name = _("月报修订")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="reportrevision_unique_number")]

    def __str__(self) -> str:
        return f"{self.report} · {_('修订')} {self.number}"


class ReportingDeadline(AuditedModel):
    """The deadline a city sets for one month's reports (domain.md §4: typically the 3rd–5th of the next month).

    Without a row the default applies: day `settings.REPORTING_DEADLINE_DAY` of the next month.
    """

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="reporting_deadlines"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("月份"), validators=MONTH_VALIDATORS)
    deadline = models.DateField(_("报送截止日"))

    scope = ScopeRule(region="region")

    class Meta:
        verbose_name = _("报送截止日")
        ordering = ["-year", "-month"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "month"], name="reportingdeadline_unique")]

    def __str__(self) -> str:
        return f"{self.region.name} {month_label(self.year, self.month)} {self.deadline:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:month_overview") + f"?year={self.year}&month={self.month}"


class Reminder(DomainModel):
    """A reminder recorded for a unit whose report for the month is still missing (at most one a day)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("月份"), validators=MONTH_VALIDATORS)
    deadline = models.DateField(_("报送截止日"))
    reminded_on = models.DateField(_("提醒日期"))
    channel = models.CharField(_("方式"), max_length=10, choices=ReminderChannel.choices, default=ReminderChannel.LOG)
    message = models.CharField(_("提醒内容"), max_length=500)

    scope = ScopeRule(region="region")

    class Meta:
        verbose_name = _("催报记录")
        ordering = ["-reminded_on", "region__path"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "month", "reminded_on"], name="reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.region.name} {month_label(self.year, self.month)} {self.reminded_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:month_overview") + f"?year={self.year}&month={self.month}"
