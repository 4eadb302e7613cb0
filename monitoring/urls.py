from django.urls import path

from . import preview, views

app_name = "monitoring"

urlpatterns = [
    path("", views.MonitoringIndexView.as_view(), name="index"),
    path("plans/<int:pk>/", views.PlanDashboardView.as_view(), name="plan_dashboard"),
    path("plans/<int:pk>/export.xlsx", views.PlanDashboardExportView.as_view(), name="plan_dashboard_export"),
    path("plans/<int:pk>/units/<int:region>/", views.UnitHistoryView.as_view(), name="unit_history"),
    path("thresholds/", views.WarningThresholdListView.as_view(), name="warningthreshold_list"),
    path("thresholds/add/", views.WarningThresholdEditView.as_view(), name="warningthreshold_add"),
    path("thresholds/<int:pk>/", views.WarningThresholdDetailView.as_view(), name="warningthreshold_detail"),
    path("thresholds/<int:pk>/edit/", views.WarningThresholdEditView.as_view(), name="warningthreshold_edit"),
    path("thresholds/<int:pk>/delete/", views.WarningThresholdDeleteView.as_view(), name="warningthreshold_delete"),
    path("reports/<int:pk>/preview/", preview.ReportPreviewView.as_view(), name="report_preview"),
]
