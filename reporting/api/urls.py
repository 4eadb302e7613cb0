from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("reports", views.MonthlyReportViewSet, basename="monthlyreport")
router.register("report-values", views.ReportValueViewSet, basename="reportvalue")

urlpatterns = router.urls
