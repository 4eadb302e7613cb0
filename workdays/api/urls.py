from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("holiday-years", views.HolidayYearViewSet, basename="holidayyear")
router.register("holiday-days", views.HolidayDayViewSet, basename="holidayday")
router.register("workdays/add", views.WorkdayAddViewSet, basename="workday-add")

urlpatterns = router.urls
