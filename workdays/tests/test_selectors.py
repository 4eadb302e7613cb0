"""The admin's entered year replaces the library's; an unknown year is reported, and the index follows edits."""

from __future__ import annotations

import datetime as dt

import pytest

from workdays.calendar import UnknownYearError, library_years
from workdays.models import DayKind, HolidayDay, HolidayYear
from workdays.selectors import unknown_years_warning, workday_calendar, year_statuses

LAST = max(library_years())
NEXT = LAST + 1


@pytest.mark.django_db
def test_unknown_next_year_is_a_warning_until_entered():
    assert unknown_years_warning(dt.date(LAST, 11, 20)) == [NEXT]
    with pytest.raises(UnknownYearError):
        workday_calendar().add_workdays(dt.date(LAST, 12, 28), 5)
    year = HolidayYear.objects.create(year=NEXT, source="国办发明电")
    HolidayDay.objects.create(holiday_year=year, date=dt.date(NEXT, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    assert unknown_years_warning(dt.date(LAST, 11, 20)) == []
    statuses = {s.year: s.source for s in year_statuses(dt.date(LAST, 11, 20))}
    assert statuses[NEXT] == "admin" and statuses[LAST] == "library"
    # The entered 1 January is a holiday, so 1 working day after 31 December is 2 January (if a weekday).
    result = workday_calendar().add_workdays(dt.date(LAST, 12, 31), 1)
    assert result > dt.date(NEXT, 1, 1)


@pytest.mark.django_db
def test_entered_year_overrides_library_days():
    # Pretend the 2024 Spring Festival had no makeup Sunday on 2-18: 1 working day after 2-9 becomes 2-19.
    assert workday_calendar().add_workdays(dt.date(2024, 2, 9), 1) == dt.date(2024, 2, 18)
    year = HolidayYear.objects.create(year=2024, source="测试")
    for offset in range(8):
        HolidayDay.objects.create(
            holiday_year=year, date=dt.date(2024, 2, 10) + dt.timedelta(days=offset), kind=DayKind.HOLIDAY
        )
    assert workday_calendar().add_workdays(dt.date(2024, 2, 9), 1) == dt.date(2024, 2, 19)
