"""The working-day calendar as data (domain.md §10): a year's holidays and makeup workdays entered by the admin.

The State Council publishes next year's holidays each November; until a `chinese-calendar` release
knows them the city admin enters them here. An entered year replaces the library's days for that year
(`calendar.WorkdayCalendar`); the library's years need no rows.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel
from core.scope import ScopeRule

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class HolidayYear(AuditedModel):
    """One year's official holiday arrangement (国务院办公厅关于…年部分节假日安排的通知) entered as data."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True, validators=YEAR_VALIDATORS)
    source = models.CharField(_("依据文件"), max_length=200, blank=True, help_text=_("如：国办发明电〔2025〕7号"))

    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("节假日安排")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假")  # a day off, even if it is a weekday
    WORKDAY = "workday", _("调休上班")  # a working day, even if it is a weekend day


class HolidayDay(AuditedModel):
    """One exception to the Monday–Friday rule within an entered year: a day off or a makeup workday."""

    holiday_year = models.ForeignKey(
        HolidayYear, verbose_name=_("节假日安排"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=8, choices=DayKind.choices)
    name = models.CharField(_("节日"), max_length=40, blank=True)

    shown_on = "holiday_year"
    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("节假日")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}".strip()

    def clean(self) -> None:
        if self.date and self.holiday_year_id and self.date.year != self.holiday_year.year:
            raise ValidationError({"date": _("日期不在该年度内")})
