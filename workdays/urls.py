from . import views

app_name = "workdays"

urlpatterns = [
    *views.HolidayYearViews.paths("years/", "holidayyear"),
    *views.HolidayDayViews.paths("days/", "holidayday"),
]
