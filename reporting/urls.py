from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.MonthOverviewView.as_view(), name="month_overview"),
    path("<int:year>/<int:month>/publish/", views.MonthPublishView.as_view(), name="month_publish"),
    path("<int:year>/<int:month>/deadline/", views.MonthDeadlineView.as_view(), name="month_deadline"),
    path("<int:year>/<int:month>/remind/", views.MonthRemindView.as_view(), name="month_remind"),
    *views.MonthlyReportViews.paths("reports/", "monthlyreport"),
    path("reports/export/", views.MonthlyReportExportView.as_view(), name="monthlyreport_export"),
    path("reports/open/", views.ReportOpenView.as_view(), name="monthlyreport_open"),
    path("reports/<int:pk>/save/", views.ReportSaveView.as_view(), name="monthlyreport_save"),
    path("reports/<int:pk>/template.xlsx", views.ReportTemplateView.as_view(), name="monthlyreport_template"),
    path("reports/<int:pk>/upload/", views.ReportUploadView.as_view(), name="monthlyreport_upload"),
    path("reports/import/", views.MonthlyReportImportView.as_view(), name="monthlyreport_import"),
    path("reports/import/<int:pk>/", views.ReportUploadPreviewView.as_view(), name="monthlyreport_upload_preview"),
    path("reports/<int:pk>/<str:action>/", views.ReportTransitionView.as_view(), name="monthlyreport_transition"),
]
