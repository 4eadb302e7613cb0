"""Forms of the calendar's data."""

from __future__ import annotations

from core.forms import ScopedModelForm

from .models import HolidayDay, HolidayYear


class HolidayYearForm(ScopedModelForm):
    class Meta:
        model = HolidayYear
        fields = ["year", "source"]


class HolidayDayForm(ScopedModelForm):
    class Meta:
        model = HolidayDay
        fields = ["holiday_year", "date", "kind", "name"]
