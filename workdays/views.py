"""Pages of the working-day calendar: the years entered by the admin, their days, and which years are known."""

from __future__ import annotations

from typing import Any

from core import clock
from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView

from . import services
from .filtersets import HolidayDayFilterSet, HolidayYearFilterSet
from .forms import HolidayDayForm, HolidayYearForm
from .models import HolidayDay, HolidayYear
from .selectors import year_statuses
from .tables import HolidayDayTable, HolidayYearTable


class HolidayYearListView(ObjectListView):
    """The entered years, and above them where last, this and next year's holidays come from."""

    model = HolidayYear
    filterset_class = HolidayYearFilterSet
    table_class = HolidayYearTable
    template_name = "workdays/holidayyear_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["statuses"] = year_statuses(clock.today())
        return ctx


class HolidayYearDetailView(ObjectDetailView):
    model = HolidayYear
    fields = ("year", "source", "created_at", "updated_at")
    template_name = "workdays/holidayyear_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["days"] = list(self.object.days.order_by("date"))
        return ctx


class HolidayYearEditView(ObjectEditView):
    model = HolidayYear
    form_class = HolidayYearForm
    create_service = services.holidayyear_create
    update_service = services.holidayyear_update


class HolidayYearDeleteView(ObjectDeleteView):
    model = HolidayYear
    delete_service = services.holidayyear_delete


class HolidayDayListView(ObjectListView):
    model = HolidayDay
    related = ("holiday_year",)
    filterset_class = HolidayDayFilterSet
    table_class = HolidayDayTable


class HolidayDayEditView(ObjectEditView):
    model = HolidayDay
    related = ("holiday_year",)
    form_class = HolidayDayForm
    create_service = services.holidayday_create
    update_service = services.holidayday_update


class HolidayDayDeleteView(ObjectDeleteView):
    model = HolidayDay
    delete_service = services.holidayday_delete
