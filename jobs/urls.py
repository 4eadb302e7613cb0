from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.JobListView.as_view(), name="job_list"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("<int:pk>/progress/", views.JobProgressView.as_view(), name="job_progress"),
    path("<int:pk>/download/", views.JobDownloadView.as_view(), name="job_download"),
    path("export/", views.ExportStartView.as_view(), name="export_start"),
]
