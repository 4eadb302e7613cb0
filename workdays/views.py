"""Pages of the working-day calendar: the years entered by the admin, their days, and which years are known."""

from __future__ import annotations

from typing import Any

from core import clock
from core.views import ObjectDetailView, ObjectListView, ObjectViews

from . import services
from .filtersets import HolidayDayFilterSet, HolidayYearFilterSet
from .forms import HolidayDayForm, HolidayYearForm
from .models import HolidayDay, HolidayYear
from .selectors import year_statuses
from .tables import HolidayDayTable, HolidayYearTable


class HolidayYearListView(ObjectListView):
    """The entered years, and above them where last, this and next year's holidays come from."""

    filterset_class = HolidayYearFilterSet
    table_class = HolidayYearTable
    template_name = "workdays/holidayyear_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["statuses"] = year_statuses(clock.today())
        return ctx


class HolidayYearDetailView(ObjectDetailView):
    template_name = "workdays/holidayyear_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["days"] = list(self.object.days.order_by("date"))
        return ctx


class HolidayYearViews(ObjectViews):
    model = HolidayYear
    form_class = HolidayYearForm
    services = (services.holidayyear_create, services.holidayyear_update, services.holidayyear_delete)
    fields = ("year", "source", "created_at", "updated_at")
    list_view = HolidayYearListView
    detail_view = HolidayYearDetailView


class HolidayDayViews(ObjectViews):
    model = HolidayDay
    table_class = HolidayDayTable
    filterset_class = HolidayDayFilterSet
    form_class = HolidayDayForm
    services = (services.holidayday_create, services.holidayday_update, services.holidayday_delete)
    related = ("holiday_year",)
    detail_view = None
