from django.urls import path

from . import views

app_name = "workdays"

urlpatterns = [
    path("years/", views.HolidayYearListView.as_view(), name="holidayyear_list"),
    path("years/add/", views.HolidayYearEditView.as_view(), name="holidayyear_add"),
    path("years/<int:pk>/", views.HolidayYearDetailView.as_view(), name="holidayyear_detail"),
    path("years/<int:pk>/edit/", views.HolidayYearEditView.as_view(), name="holidayyear_edit"),
    path("years/<int:pk>/delete/", views.HolidayYearDeleteView.as_view(), name="holidayyear_delete"),
    path("days/", views.HolidayDayListView.as_view(), name="holidayday_list"),
    path("days/add/", views.HolidayDayEditView.as_view(), name="holidayday_add"),
    path("days/<int:pk>/edit/", views.HolidayDayEditView.as_view(), name="holidayday_edit"),
    path("days/<int:pk>/delete/", views.HolidayDayDeleteView.as_view(), name="holidayday_delete"),
]
