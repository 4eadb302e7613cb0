from django.urls import path

from core.views import object_paths

from . import views

app_name = "workdays"

urlpatterns = [
    *object_paths(
        "years/",
        "holidayyear",
        views.HolidayYearListView,
        views.HolidayYearDetailView,
        views.HolidayYearEditView,
        views.HolidayYearDeleteView,
    ),
    path("days/", views.HolidayDayListView.as_view(), name="holidayday_list"),
    path("days/add/", views.HolidayDayEditView.as_view(), name="holidayday_add"),
    path("days/<int:pk>/edit/", views.HolidayDayEditView.as_view(), name="holidayday_edit"),
    path("days/<int:pk>/delete/", views.HolidayDayDeleteView.as_view(), name="holidayday_delete"),
]
