from django.urls import path

from . import preview, views

app_name = "monitoring"

urlpatterns = [
    path("", views.MonitoringIndexView.as_view(), name="index"),
    path("plans/<int:pk>/", views.PlanDashboardView.as_view(), name="plan_dashboard"),
    path("plans/<int:pk>/export.xlsx", views.PlanDashboardExportView.as_view(), name="plan_dashboard_export"),
    path("plans/<int:pk>/units/<int:region>/", views.UnitHistoryView.as_view(), name="unit_history"),
    *views.WarningThresholdViews.paths("thresholds/", "warningthreshold"),
    path("reports/<int:pk>/preview/", preview.ReportPreviewView.as_view(), name="report_preview"),
]
